// The fixture walker and the runtime fixture suite, exercised on a hand-made fixture tree in a
// temporary folder (fixtures/ itself belongs to the transforms): a passing case with calls and
// relative cwds, a skipped case, a case with an expected difference, and the ways a case fails.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { findVerifyCases, loadVerifyCase } from '../src/verify/index.js';
import { checkVerifyCase, registerFixtureSuite } from './support/verify-fixture-suite.js';
import { repoRoot, serversDir, waitForNoChildren } from './support/verify-helpers.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-fixtures-'));

function writeCase(rel: string, files: Record<string, string | object>): string {
  const dir = path.join(root, rel);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

const original = fs.readFileSync(path.join(serversDir, 'original.py'), 'utf8');
const migrated = fs.readFileSync(path.join(serversDir, 'migrated.py'), 'utf8');
const sides = {
  original: { command: 'python:mcp1', args: ['server.py'], cwd: 'input' },
  migrated: { command: 'python:fastmcp4', args: ['server.py'], cwd: 'expected' },
};

writeCase('python-lowlevel-to-fastmcp/basic', {
  'input/server.py': original,
  'expected/server.py': migrated,
  'verify.json': sides,
  'calls.json': {
    tools: [{ name: 'add_numbers', arguments: { a: 2, b: 3 } }, { name: 'boom' }],
    resources: ['users://1/profile'],
    prompts: [{ name: 'summarize', arguments: { topic: 'dogs' } }],
  },
  'review.json': [],
});
writeCase('python-lowlevel-to-fastmcp/does-not-parse', {
  'input/server.py': 'def broken(:\n',
  'verify.json': { skip: 'the input does not parse, so there is no server to run' },
});
writeCase('other-transform/expected-difference', {
  'input/server.py': original,
  'expected/server.py': original,
  'verify.json': {
    original: { command: 'python:mcp1', args: ['server.py'], cwd: 'input' },
    migrated: { command: 'python:mcp1', args: ['server.py'], cwd: 'expected', env: { VERIFY_GREET_DESCRIPTION: 'Greet a person' } },
    expectDifferences: [{ path: 'tools.greet.description', why: 'the transform fixes the description on purpose' }],
  },
});
// Not a case: no verify.json.
writeCase('other-transform/no-verify', { 'input/server.py': original });

after(async () => {
  fs.rmSync(root, { recursive: true, force: true });
  assert.deepEqual(await waitForNoChildren(), [], 'server processes left running');
});

const cases = registerFixtureSuite('fixture suite on a temporary tree', root, repoRoot, 3);

describe('findVerifyCases / loadVerifyCase', () => {
  it('finds every <transform>/<case>/verify.json, sorted, and resolves commands against the case folder', () => {
    assert.deepEqual(
      cases.map((c) => c.id),
      ['other-transform/expected-difference', 'python-lowlevel-to-fastmcp/basic', 'python-lowlevel-to-fastmcp/does-not-parse'],
    );
    const basic = cases[1]!;
    assert.equal(basic.options?.original.command, path.join(repoRoot, '.venv', 'mcp1', 'bin', 'python'));
    assert.equal(basic.options?.original.cwd, path.join(root, 'python-lowlevel-to-fastmcp', 'basic', 'input'));
    assert.equal(basic.options?.migrated.cwd, path.join(root, 'python-lowlevel-to-fastmcp', 'basic', 'expected'));
    assert.equal(basic.options?.calls?.tools?.length, 2);
    assert.equal(cases[2]!.skip, 'the input does not parse, so there is no server to run');
    assert.deepEqual(findVerifyCases(path.join(root, 'does-not-exist'), repoRoot), []);
  });

  it('reports a malformed verify.json or calls.json as that case\'s error', () => {
    const bad = (name: string, files: Record<string, string | object>) => loadVerifyCase(writeCase(`broken/${name}`, files), repoRoot).error;
    assert.match(bad('typo', { 'verify.json': { ...sides, expectDifference: [] } }) ?? '', /unknown key "expectDifference"/);
    assert.match(bad('no-why', { 'verify.json': { ...sides, expectDifferences: [{ path: 'tools.x' }] } }) ?? '', /needs a "why"/);
    assert.match(bad('no-command', { 'verify.json': { original: { args: [] }, migrated: sides.migrated } }) ?? '', /"original"\.command/);
    assert.match(bad('empty-skip', { 'verify.json': { skip: '' } }) ?? '', /"skip" must say why/);
    assert.match(bad('json', { 'verify.json': '{ nope' }) ?? '', /JSON/);
    assert.match(bad('calls', { 'verify.json': sides, 'calls.json': { tools: [{ arguments: {} }] } }) ?? '', /calls\.json: tools\[0\] needs a "name"/);
    assert.match(bad('behaviour-kind', { 'verify.json': { ...sides, expectBehaviourChanges: [{ kind: 'title', path: 'tools.x.title' }] } }) ?? '', /kind must be one of derived-title/);
    const ok = loadVerifyCase(writeCase('broken/behaviour-ok', { 'verify.json': { ...sides, expectBehaviourChanges: [{ kind: 'derived-title', path: 'tools.x.title' }] } }), repoRoot);
    assert.deepEqual(ok.expectBehaviourChanges, [{ kind: 'derived-title', path: 'tools.x.title' }]);
  });

  it('a case fails when the servers differ, or when an expected difference no longer occurs', async () => {
    const differs = loadVerifyCase(
      writeCase('failing/differs', {
        'verify.json': {
          original: { command: 'python:mcp1', args: [path.join(serversDir, 'original.py')] },
          migrated: { command: 'python:mcp1', args: [path.join(serversDir, 'original.py')], env: { VERIFY_GREET_DESCRIPTION: 'Hi' } },
        },
      }),
      repoRoot,
    );
    const stale = loadVerifyCase(
      writeCase('failing/stale', {
        'verify.json': {
          original: { command: 'python:mcp1', args: [path.join(serversDir, 'original.py')] },
          migrated: { command: 'python:mcp1', args: [path.join(serversDir, 'original.py')] },
          expectDifferences: [{ path: 'tools.greet', why: 'used to differ' }],
        },
      }),
      repoRoot,
    );
    await Promise.all([
      assert.rejects(checkVerifyCase(differs), /failing\/differs: the migrated server differs from the original[\s\S]*tool "greet": description differs/),
      assert.rejects(checkVerifyCase(stale), /failing\/stale: expectDifferences lists differences that no longer occur/),
    ]);
  });
});
