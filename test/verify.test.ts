// Runtime verification against real servers: a v1 low-level original (.venv/mcp1) and its FastMCP 4
// translation (.venv/fastmcp4), plus variants with one deliberate difference each (acceptance 2 of
// issue 3), failing starts, a time-out, and a check that no server process outlives the tests.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  ServerRequestError,
  ServerStartError,
  formatVerifyReport,
  verifyServers,
  type CallsSpec,
  type Difference,
  type VerifyReport,
} from '../src/verify/index.js';
import { migratedServer, originalServer, repoRoot, serversDir, waitForNoChildren } from './support/verify-helpers.js';

const calls: CallsSpec = {
  tools: [
    { name: 'add_numbers', arguments: { a: 1, b: 2 } },
    { name: 'greet', arguments: { name: 'Ann' } },
    { name: 'greet', arguments: { name: 'Bob', greeting: 'Hi' } },
    { name: 'paint', arguments: { color: 'red' } },
    { name: 'boom' },
  ],
  resources: ['file:///greeting.txt', 'file:///data.json', 'users://7/profile'],
  prompts: [
    { name: 'summarize', arguments: { topic: 'cats' } },
    { name: 'summarize', arguments: { topic: 'cats', style: 'terse' } },
  ],
};

function paths(ds: Difference[]): string[] {
  return ds.map((d) => d.path);
}

function show(r: VerifyReport): string {
  return formatVerifyReport(r);
}

after(async () => {
  assert.deepEqual(await waitForNoChildren(), [], 'server processes left running after the verify tests');
});

describe('verifyServers: equal servers', { concurrency: 2 }, () => {
  it('the same server on both sides is equal, calls included', async () => {
    const r = await verifyServers({ original: originalServer(), migrated: originalServer(), calls });
    assert.ok(r.equal, show(r));
    assert.equal(r.calls?.length, 10);
    assert.ok(r.calls?.every((c) => c.equal));
    assert.equal(r.original.tools.length, 4);
  });

  it('a faithful FastMCP 4 translation is equal after normalisation, calls included (tools paginated)', async () => {
    const r = await verifyServers({ original: originalServer({ VERIFY_PAGINATE: '1' }), migrated: migratedServer(), calls });
    assert.ok(r.equal, show(r));
    assert.equal(r.original.tools.length, 4, 'all pages of tools/list were read');
    // The noise the rules removed really was there:
    const add = r.migrated.tools.find((t) => t.name === 'add_numbers')!;
    assert.equal(add.title, 'Add Numbers');
    assert.equal((add.inputSchema as Record<string, unknown>).additionalProperties, false);
    const greet = r.migrated.tools.find((t) => t.name === 'greet')!;
    assert.ok('anyOf' in ((greet.inputSchema as { properties: Record<string, object> }).properties.greeting ?? {}));
    const boom = r.calls!.find((c) => c.label.startsWith('boom'))!;
    assert.match(JSON.stringify(boom.migrated), /Error calling tool 'boom': the boom tool always fails/);
    assert.match(show(r), /✓ same MCP surface and equal call results; \d+ known FastMCP 4 behaviour changes below/);
    // ... and none of it is hidden: each is listed with its path, meaning and remedy.
    const listed = r.behaviourChanges.map((b) => `${b.kind} ${b.path}`);
    assert.ok(listed.includes('derived-title tools.add_numbers.title'), listed.join('\n'));
    assert.ok(listed.includes('extra-arguments-rejected tools.add_numbers.inputSchema.additionalProperties'), listed.join('\n'));
    assert.ok(listed.includes('optional-nullable tools.greet.inputSchema.properties.greeting'), listed.join('\n'));
    assert.ok(listed.some((l) => /^tool-error-prefix calls\.tools\[4\]\.content\[0\]\.text$/.test(l)), listed.join('\n'));
    for (const b of r.behaviourChanges) assert.ok(show(r).includes(b.message), b.message);
    assert.match(show(r), /remedy: Pass title= to the tool decorator/);
    // --strict counts them.
    const strict = await verifyServers({ original: originalServer(), migrated: migratedServer(), strict: true });
    assert.equal(strict.equal, false);
    assert.equal(strict.differences.length, 0);
    assert.match(show(strict), /--strict counts the \d+ known FastMCP 4 behaviour changes below/);
  });
});

// Acceptance 2. One migrated server carries all the deliberate differences (one FastMCP start
// instead of six); each must come out as exactly one precise difference, nothing else.
describe('verifyServers: each difference is detected with a precise message', { concurrency: 2 }, () => {
  it('renamed tool, changed description, changed parameter type, missing resource, missing prompt argument, differing result', async () => {
    const r = await verifyServers({
      original: originalServer(),
      migrated: migratedServer('rename,description,type,no-resource,prompt-arg,result'),
      calls: { tools: [{ name: 'paint', arguments: { color: 'red' } }] },
    });
    assert.equal(r.equal, false);
    const expected: { path: string; kind: Difference['kind']; message: RegExp }[] = [
      {
        path: 'tools.add_numbers',
        kind: 'missing',
        message: /^tool "add_numbers" is missing from the migrated server \(the migrated server has tool "add_nums" with the same definition: renamed\?\)$/,
      },
      { path: 'tools.greet.description', kind: 'changed', message: /^tool "greet": description differs: original "Greet someone", migrated "Greet a person"$/ },
      {
        path: 'tools.greet.inputSchema.properties.name.type',
        kind: 'changed',
        message: /^tool "greet": inputSchema\.properties\.name\.type differs: original "string", migrated "integer"$/,
      },
      { path: 'tools.add_nums', kind: 'extra', message: /^the migrated server has an extra tool "add_nums" \(same definition as the original's tool "add_numbers": renamed\?\)$/ },
      { path: 'resources["file:///data.json"]', kind: 'missing', message: /^resource "file:\/\/\/data\.json" is missing from the migrated server$/ },
      {
        path: 'prompts.summarize.arguments.style',
        kind: 'missing',
        message: /^prompt "summarize": argument "style" is missing from the migrated server \(original: \{"description":"Writing style"\}\)$/,
      },
      {
        path: 'calls.tools[0].content[0].text',
        kind: 'changed',
        message: /^call tools\[0\] paint\(\{"color":"red"\}\): content\[0\]\.text differs: original "painted red", migrated "painted Color\.red"$/,
      },
    ];
    assert.deepEqual(paths(r.differences), expected.map((e) => e.path), show(r));
    for (const [i, e] of expected.entries()) {
      assert.equal(r.differences[i]!.kind, e.kind, e.path);
      assert.match(r.differences[i]!.message, e.message);
    }
    assert.match(show(r), /✗ 7 differences:\n  - tool "add_numbers" is missing/);
  });

  it('expectDifferences moves a difference aside and reports stale expectations', async () => {
    const r = await verifyServers({
      original: originalServer(),
      migrated: originalServer({ VERIFY_GREET_DESCRIPTION: 'Greet a person' }),
      expectDifferences: [
        { path: 'tools.greet', why: 'the migration fixes a typo' },
        { path: 'prompts.summarize', why: 'nothing differs here' },
      ],
    });
    assert.ok(r.equal, show(r));
    assert.deepEqual(paths(r.expectedDifferences), ['tools.greet.description']);
    assert.equal(r.expectedDifferences[0]!.why, 'the migration fixes a typo');
    assert.deepEqual(r.unmatchedExpectations, [{ path: 'prompts.summarize', why: 'nothing differs here' }]);
    assert.match(show(r), /did not occur/);
  });
});

describe('verifyServers: servers that cannot be verified', { concurrency: 3 }, () => {
  it('a server that exits at start-up: error names it, its command, exit code and stderr tail', async () => {
    const err = await verifyServers({ original: originalServer(), migrated: originalServer({ VERIFY_FAIL_AT_START: '1' }) }).then(
      () => assert.fail('expected a ServerStartError'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ServerStartError, String(err));
    assert.equal(err.side, 'migrated');
    assert.match(err.message, /^the migrated server failed to start: exited with code 3 during initialize/);
    assert.match(err.message, /command: .*original\.py/);
    assert.match(err.stderrTail, /RuntimeError: missing configuration VERIFY_TOKEN/);
    assert.match(err.message, /RuntimeError: missing configuration VERIFY_TOKEN/);
  });

  it('a command that does not exist', async () => {
    const missing = { command: path.join(repoRoot, '.venv', 'nope', 'bin', 'python'), args: ['server.py'] };
    const err = await verifyServers({ original: missing, migrated: originalServer() }).catch((e: unknown) => e);
    assert.ok(err instanceof ServerStartError, String(err));
    assert.equal(err.side, 'original');
    assert.match(err.message, /could not be spawned: command not found: .*\.venv\/nope\/bin\/python \(run `bash scripts\/setup-venvs\.sh`/);
  });

  it('a server that dies during a call: ServerRequestError with exit code and stderr', async () => {
    const err = await verifyServers({
      original: originalServer(),
      migrated: originalServer({ VERIFY_CRASH_ON_CALL: '1' }),
      calls: { tools: [{ name: 'add_numbers', arguments: { a: 1, b: 2 } }] },
    }).catch((e: unknown) => e);
    assert.ok(err instanceof ServerRequestError, String(err));
    assert.equal(err.side, 'migrated');
    assert.match(err.message, /^the migrated server failed on tools\/call: .*\(exited with code 5\)/);
    assert.match(err.stderrTail, /fatal: crashing on add_numbers/);
  });

  it('a server that never answers times out, names itself and is stopped', async () => {
    const hang = { command: originalServer().command, args: [path.join(serversDir, 'hang.py')] };
    const started = Date.now();
    // Long enough for the healthy original to start on a loaded 2-core CI machine.
    const err = await verifyServers({ original: originalServer(), migrated: hang, timeoutMs: 6000 }).catch((e: unknown) => e);
    assert.ok(err instanceof ServerStartError, String(err));
    assert.equal(err.side, 'migrated');
    assert.match(err.message, /did not answer initialize within 6000 ms/);
    assert.match(err.stderrTail, /pretending to load a model/);
    assert.ok(Date.now() - started < 20000, 'the hung server was killed promptly');
  });
});
