// realworld/packages.json validation: the contract's keys, the sha256(name) 0–7 rule and the
// reserved repositories (no network).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { nameAllowed, parseReservedRepos, reservedMatch, repoOf, validatePackageList } from '../scripts/realworld/packages.js';

const digest = (n: string) => createHash('sha256').update(n.toLowerCase()).digest('hex');

const good = (over: Record<string, unknown> = {}) => ({
  name: 'example-mcp',
  version: '1.2.3',
  sdist: 'example_mcp-1.2.3.tar.gz',
  sha256: 'a'.repeat(64),
  idiom: 'python-lowlevel-v1',
  entry: { script: 'example-mcp' },
  args: [],
  env: { EXAMPLE_API_KEY: 'dummy' },
  startsOffline: true,
  calls: { tools: [{ name: 't', arguments: {} }] },
  notes: 'x',
  ...over,
});

const RESERVED_TEXT = `# comment line
modelcontextprotocol/* (servers, and the SDKs' example servers)
Some-Owner/Some-Repo
other/thing   # trailing note
`;

describe('packages.json validation', () => {
  test('a valid list passes, defaults filled in', () => {
    const { list, errors } = validatePackageList({ version: 1, packages: [good(), good({ name: 'demo-mcp', entry: { module: 'demo_mcp.server' }, args: undefined, env: undefined })].sort((a, b) => a.name.localeCompare(b.name)) });
    assert.deepEqual(errors, []);
    assert.equal(list.packages.length, 2);
    const demo = list.packages.find((p) => p.name === 'demo-mcp')!;
    assert.deepEqual(demo.args, []);
    assert.deepEqual(demo.env, {});
    assert.deepEqual(demo.entry, { module: 'demo_mcp.server' });
  });

  test('names whose sha256 starts with 8-f are reserved (lowercased first)', () => {
    assert.ok(/^[0-7]/.test(digest('example-mcp')) && nameAllowed('example-mcp') && nameAllowed('Example-MCP'));
    assert.ok(/^[89a-f]/.test(digest('weather-mcp')) && !nameAllowed('weather-mcp') && !nameAllowed('Weather-MCP'));
    const { errors } = validatePackageList({ version: 1, packages: [good({ name: 'weather-mcp' })] });
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /weather-mcp.*reserved for independent evaluation/);
  });

  test('every key is checked', () => {
    const bad = [
      [{ version: '>=1.0' }, /"version" must be exact/],
      [{ sha256: 'ABC' }, /"sha256" must be 64 lowercase hex/],
      [{ sdist: 'example.whl' }, /"sdist" must be a .tar.gz or .zip/],
      [{ idiom: 'fastmcp1' }, /"idiom" must be one of/],
      [{ entry: { script: 'a', module: 'b' } }, /"entry" must be/],
      [{ entry: {} }, /"entry" must be/],
      [{ args: ['ok', 3] }, /"args" must be an array of strings/],
      [{ env: { A: 1 } }, /"env" must map names to strings/],
      [{ startsOffline: 'yes' }, /"startsOffline" must be true or false/],
      [{ calls: { tools: [{ arguments: {} }] } }, /"calls" must be/],
      [{ calls: { resource: [] } }, /"calls" must be/],
      [{ colour: 'red' }, /unknown key "colour"/],
    ] as const;
    for (const [over, re] of bad) {
      const { list, errors } = validatePackageList({ version: 1, packages: [good(over)] });
      assert.ok(errors.some((e) => re.test(e)), `${JSON.stringify(over)} → ${JSON.stringify(errors)}`);
      assert.equal(list.packages.length, 0);
    }
  });

  test('sorted by name, no duplicates (PEP 503 names), version 1', () => {
    const unsorted = validatePackageList({ version: 1, packages: [good(), good({ name: 'demo-mcp' })] });
    assert.ok(unsorted.errors.some((e) => /sorted by name/.test(e)));
    const dup = validatePackageList({ version: 1, packages: [good(), good({ name: 'Example_MCP' })] });
    assert.ok(dup.errors.some((e) => /duplicate package "Example_MCP"/.test(e)));
    assert.ok(validatePackageList({ version: 2, packages: [] }).errors.some((e) => /"version" must be 1/.test(e)));
    assert.ok(validatePackageList([]).errors.length > 0);
  });

  test('reserved repositories: the list file, whole organisations, URL spellings', () => {
    const reserved = parseReservedRepos(RESERVED_TEXT);
    assert.deepEqual(reserved, ['modelcontextprotocol/*', 'some-owner/some-repo', 'other/thing']);
    assert.equal(repoOf('https://github.com/Some-Owner/Some-Repo.git'), 'some-owner/some-repo');
    assert.equal(repoOf('git@github.com:other/thing'), 'other/thing');
    assert.equal(repoOf('https://gitlab.com/a/b'), undefined);
    assert.equal(reservedMatch('https://github.com/modelcontextprotocol/anything/tree/main/src', reserved), 'modelcontextprotocol/*');
    assert.equal(reservedMatch('https://github.com/some-owner/some-repo', reserved), 'some-owner/some-repo');
    assert.equal(reservedMatch('https://github.com/some-owner/another-repo', reserved), undefined);
    assert.equal(reservedMatch('https://github.com/other/thing-two', reserved), undefined);
    const { errors } = validatePackageList({ version: 1, packages: [good({ repo: 'https://github.com/Some-Owner/Some-Repo' })] }, reserved);
    assert.ok(errors.some((e) => /reserved repository \(some-owner\/some-repo\)/.test(e)), JSON.stringify(errors));
    assert.deepEqual(validatePackageList({ version: 1, packages: [good({ repo: 'https://github.com/me/mine' })] }, reserved).errors, []);
  });
});
