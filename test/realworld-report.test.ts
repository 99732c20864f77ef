// Real-world results: failures per row, the acceptance ratios of issue 7, the "fewer tools" count,
// and the docs/realworld.md rendering (no network, no servers).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HOW_TO_RUN, packageRow, renderMarkdown } from '../scripts/realworld/report.js';
import { computeTotals, formatRatio, groupFailures, hasFewerTools, rowFailures, type ResultRow } from '../scripts/realworld/results.js';
import { differenceClass, emptyRuntime, exceptionLine, type RuntimeResult } from '../scripts/realworld/runtime-stage.js';
import type { StaticResult } from '../scripts/realworld/static-stage.js';
import { installError, isResolutionFailure } from '../scripts/realworld/venvs.js';

function stat(over: Partial<StaticResult> = {}): StaticResult {
  return {
    idioms: ['python-lowlevel-v1'],
    transforms: ['python-lowlevel-to-fastmcp'],
    found: true,
    scan: { servers: 1, tools: 3, resources: 0, templates: 0, prompts: 0 },
    runExit: 0,
    migrated: true,
    written: ['server.py', 'pyproject.toml'],
    review: { error: 0, warning: 1, info: 0 },
    reviewCodes: { FMM017: 1 },
    errorItems: [],
    compile: { total: 1, ok: 1, failed: [] },
    secondRun: { unchanged: true, changed: [], exit: 0 },
    migratedScan: { servers: 1, tools: 3, resources: 0, templates: 0, prompts: 0 },
    durationMs: 1,
    ...over,
  };
}

function rt(over: Partial<RuntimeResult> = {}): RuntimeResult {
  return { ...emptyRuntime(), originalStarts: true, migratedStarts: true, runtimeEqual: true, surfaceEqual: true, toolsOriginal: 3, toolsMigrated: 3, ...over };
}

function row(name: string, s: StaticResult | null, r: RuntimeResult | null, over: Partial<ResultRow> = {}): ResultRow {
  return { name, version: '1.0.0', idiom: 'python-lowlevel-v1', startsOffline: true, fetch: { ok: true }, static: s, runtime: r, ...over };
}

const rows: ResultRow[] = [
  row('a-equal', stat(), rt({ callsEqual: true, calls: { total: 2, equal: 2 } })),
  row('b-differs', stat(), rt({ runtimeEqual: false, surfaceEqual: false, differences: ['tools.x.description: differs'], failure: { cause: 'surface differs: tools.*.description', detail: 'tools.x.description: differs | piped' } })),
  row('c-fewer', stat({ migratedScan: { servers: 1, tools: 0, resources: 0, templates: 0, prompts: 0 } }), rt({ runtimeEqual: false, toolsMigrated: 1, failure: { cause: 'migrated: fewer tools', detail: '3 → 1 tools' } })),
  row('d-nostart', stat({ compile: { total: 2, ok: 1, failed: [{ file: 'srv.py', message: 'IndentationError: unexpected indent (srv.py, line 4)' }] } }), rt({ migratedStarts: false, runtimeEqual: null, toolsMigrated: null, failure: { cause: 'migrated: does not start', detail: "ModuleNotFoundError: No module named 'httpx'" } })),
  row('e-orig-fails', stat({ secondRun: { unchanged: false, changed: ['server.py (modified)'], exit: 0 } }), rt({ originalStarts: false, migratedStarts: true, runtimeEqual: null, toolsOriginal: null, failure: { cause: 'original: does not start', detail: 'KeyError: API_KEY' } })),
  row('f-offline-false', stat({ migrated: false, written: [], compile: { total: 0, ok: 0, failed: [] } }), emptyRuntime('startsOffline: false'), { startsOffline: false }),
  row('g-fetch', null, null, { fetch: { ok: false, error: 'sha256 mismatch for g.tar.gz' } }),
  row('h-notrun', null, null, { notRun: true, fetch: null }),
];

describe('totals', () => {
  const t = computeTotals(rows);
  test('runtime-equal among servers whose original started', () => {
    assert.deepEqual(t.runtimeEqual, { n: 1, of: 4 });
    assert.deepEqual(t.originalDidNotStart, ['e-orig-fails==1.0.0']);
    const unknown = computeTotals([row('u', stat(), rt({ originalStarts: null, migratedStarts: null, runtimeEqual: null, failure: { cause: 'harness: verify crashed', detail: 'x' } }))]);
    assert.deepEqual(unknown.runtimeUnknown, ['u==1.0.0']);
    assert.deepEqual(unknown.originalDidNotStart, []);
    assert.deepEqual(unknown.runtimeEqual, { n: 0, of: 0 });
  });
  test('migrated servers that start: every migrated package whose start was attempted', () => {
    assert.deepEqual(t.migratedStart, { n: 4, of: 5 });
  });
  test('written files that compile, second run unchanged', () => {
    assert.deepEqual(t.compile, { n: 5, of: 6 });
    assert.deepEqual(t.secondRunUnchanged, { n: 4, of: 5 });
  });
  test('fewer tools: only when both started and the migrated server lists fewer', () => {
    assert.deepEqual(t.fewerTools, ['c-fewer==1.0.0']);
    assert.deepEqual(t.fewerToolsScan, ['c-fewer==1.0.0']);
    assert.equal(hasFewerTools(rt({ toolsMigrated: 2 })), true);
    assert.equal(hasFewerTools(rt({ toolsMigrated: 4 })), false);
    assert.equal(hasFewerTools(rt({ migratedStarts: false, toolsMigrated: null })), false);
    assert.equal(hasFewerTools(null), false);
  });
  test('counts and calls', () => {
    assert.equal(t.packages, 8);
    assert.equal(t.notRun, 1);
    assert.equal(t.fetched, 6);
    assert.equal(t.found, 6);
    assert.equal(t.migrated, 5);
    assert.deepEqual(t.callsEqual, { n: 1, of: 1 });
    assert.equal(t.runtimeRun, 5);
  });
  test('ratio formatting', () => {
    assert.equal(formatRatio({ n: 1, of: 4 }), '1/4 (25.0%)');
    assert.equal(formatRatio({ n: 2, of: 3 }), '2/3 (66.7%)');
    assert.equal(formatRatio({ n: 5, of: 5 }), '5/5 (100%)');
    assert.equal(formatRatio({ n: 0, of: 0 }), 'n/a (0 measured)');
  });
});

describe('failures', () => {
  test('one per problem, with stage and cause', () => {
    assert.deepEqual(rowFailures(rows[0]!), []);
    assert.deepEqual(
      rowFailures(rows[3]!).map((f) => `${f.stage}: ${f.cause}`),
      ['static: written file does not compile', 'runtime: migrated: does not start'],
    );
    assert.deepEqual(rowFailures(rows[6]!), [{ stage: 'fetch', cause: 'fetch failed', detail: 'sha256 mismatch for g.tar.gz' }]);
    assert.deepEqual(rowFailures(row('x', stat({ found: false, migrated: false }), null)).map((f) => f.cause), ['no server found']);
    assert.deepEqual(rowFailures(row('x', stat({ runExit: 1, errorItems: ['FMM-CLI-001 server.py:0 boom'] }), null)), [
      { stage: 'static', cause: 'run exits 1', detail: 'FMM-CLI-001 server.py:0 boom' },
    ]);
  });
  test('grouped by cause, largest first', () => {
    const g = groupFailures([...rows, row('z-differs', stat(), rt({ runtimeEqual: false, failure: { cause: 'surface differs: tools.*.description', detail: 'd' } }))]);
    assert.deepEqual(g[0], { cause: 'runtime: surface differs: tools.*.description', packages: ['b-differs==1.0.0', 'z-differs==1.0.0'] });
    assert.ok(g.some((x) => x.cause === 'static: second run changes the output' && x.packages[0] === 'e-orig-fails==1.0.0'));
  });
  test('difference classes, exception lines, installer messages', () => {
    assert.equal(differenceClass('tools.git_add.inputSchema.properties.a.type'), 'tools.*.inputSchema');
    assert.equal(differenceClass('tools.git-add'), 'tools.*');
    assert.equal(differenceClass('resources["file:///x"].mimeType'), 'resources.*.mimeType');
    assert.equal(differenceClass('calls.tools[0].content[0].text'), 'calls');
    assert.equal(differenceClass('server.name'), 'server');
    const tb = 'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\n    import httpx\nModuleNotFoundError: No module named \'httpx\'\n';
    assert.equal(exceptionLine(tb), "ModuleNotFoundError: No module named 'httpx'");
    assert.equal(exceptionLine('pydantic_core._pydantic_core.ValidationError: 1 validation error\n  field required'), 'pydantic_core._pydantic_core.ValidationError: 1 validation error');
    assert.equal(exceptionLine('just a line\n'), 'just a line');
    const group = [
      '  | ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception)',
      '  +-+---------------- 1 ----------------',
      '    | Traceback (most recent call last):',
      "    | AttributeError: 'FastMCP' object has no attribute 'create_initialization_options'",
      '    +------------------------------------',
    ].join('\n');
    assert.equal(exceptionLine(group), "AttributeError: 'FastMCP' object has no attribute 'create_initialization_options'");
    const uv = 'Using Python 3.11\n  × No solution found when resolving dependencies:\n  ╰─▶ Because pkg depends on pydantic<2.12 and fastmcp==4.2.3 depends on pydantic>=2.12, we can conclude...\n';
    assert.match(installError(uv), /^× No solution found when resolving dependencies: \/ ╰─▶ Because pkg depends on pydantic<2\.12/);
    assert.equal(isResolutionFailure(uv), true);
    assert.equal(isResolutionFailure('error: Failed to fetch: https://pypi.org/simple/x/'), false);
  });
});

describe('docs/realworld.md', () => {
  test('placeholder without a run', () => {
    const md = renderMarkdown([], undefined);
    assert.ok(md.startsWith(HOW_TO_RUN));
    assert.match(md, /## Results\n\nNo results committed yet/);
  });
  test('a run: totals, one row per package, every failure, pipes escaped', () => {
    const md = renderMarkdown(rows, { date: '2026-11-29', commit: 'abc123', stage: 'all', wallSeconds: 61.4 });
    assert.match(md, /Run of 2026-11-29 with fastmcp-migrate at `abc123`; stage `all`; wall time 61 s\. 8 packages \(1 not run\), 5 started at run time\./);
    assert.match(md, /\| runtime-equal, among servers whose original starts offline \| 1\/4 \(25\.0%\) \| ≥ 95% \|/);
    assert.match(md, /\| migrated servers that start \| 4\/5 \(80\.0%\) \| 100% \|/);
    assert.match(md, /\| written files that compile \| 5\/6 \(83\.3%\) \| 100% \|/);
    assert.match(md, /\| migrated packages unchanged by a second run \| 4\/5 \(80\.0%\) \| 100% \|/);
    assert.match(md, /\| written servers with fewer tools than the original \(running servers\) \| 1 \(c-fewer==1\.0\.0\) \| 0 \|/);
    assert.equal(packageRow(rows[0]!), '| a-equal==1.0.0 | python-lowlevel-v1 | yes | yes | 1/1 | yes | yes | yes | yes | yes (2/2) | 3→3 |  |');
    assert.match(packageRow(rows[1]!), /\| \*\*no\*\* \| – \| 3→3 \| surface differs: tools\.\*\.description: tools\.x\.description: differs \\\| piped \|$/);
    assert.match(packageRow(rows[3]!), /\| 1\/2 \| yes \| yes \| \*\*no\*\* \| – \| – \| 3→\? \| written file does not compile: srv\.py: IndentationError: unexpected indent \(srv\.py, line 4\) \(\+1\) \|$/);
    assert.match(packageRow(rows[5]!), /not run \(startsOffline: false\)/);
    assert.match(packageRow(rows[6]!), /\| g-fetch==1\.0\.0 \| python-lowlevel-v1 \| fetch failed \|/);
    assert.equal(packageRow(rows[7]!), '| h-notrun==1.0.0 | python-lowlevel-v1 | not run | | | | | | | | | |');
    assert.match(md, /- \*\*runtime: migrated: does not start\*\* \(1\): d-nostart==1\.0\.0/);
    assert.match(md, /- `d-nostart==1\.0\.0` — runtime: migrated: does not start — ModuleNotFoundError: No module named 'httpx'/);
    // Every row and nothing equal that verify did not call equal.
    for (const r of rows) assert.ok(md.includes(`| ${r.name}==1.0.0 |`));
  });
});
