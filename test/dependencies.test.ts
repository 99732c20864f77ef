// Class 3 of issue 7: swapping `mcp` for `fastmcp` must not drop packages the code imports that
// only came with mcp 1.x (they are added next to the new pin), and pins that cannot live with
// what FastMCP 4 needs are reported at file:line (never rewritten).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { runProject } from '../src/cli/run-project.js';
import type { ProjectFile } from '../src/core/types.js';
import { DEPENDENCY_CODES, importedModules, pinConflicts, pythonRangeItems } from '../src/rewrite/dependencies.js';
import { FASTMCP4_REQUIRES, LOST_WITH_MCP1 } from '../src/rewrite/dependency-data.js';
import { swapPins } from '../src/rewrite/pins.js';
import { neededSpecifier, resolvePinConflicts } from '../src/rewrite/pin-conflicts.js';
import { addLostOnHop } from '../src/rewrite/hop-lost.js';
import { LOST_WITH_FASTMCP2, LOST_WITH_FASTMCP3 } from '../src/rewrite/dependency-data.js';
import { rewritePins } from '../src/rewrite/pins.js';
import { tmpArea, writeTree } from './support/cli-helpers.js';

const area = tmpArea('fmm-deps-test-');
after(() => area.cleanup());

const USES_HTTPX = 'import httpx\nfrom httpx_sse import aconnect_sse\n\ndef f():\n    import json\n';

function swap(files: ProjectFile[]) {
  return swapPins(files, { from: 'mcp', to: 'fastmcp', version: '4.2.3' }, 't', 't.pin');
}

function out(result: ReturnType<typeof swap>, p: string): string {
  return result.files.find((f) => f.path === p)!.text as string;
}

describe('the dependency tables', () => {
  it('hold what mcp 1.x brought and fastmcp 4 does not, and what fastmcp 4 requires', () => {
    assert.deepEqual(LOST_WITH_MCP1.map((l) => l.package), ['httpx', 'httpx-sse', 'httpcore', 'typer']);
    assert.equal(FASTMCP4_REQUIRES.pydantic!.requires[0]!.specifier, '>=2.12.0');
    assert.ok(FASTMCP4_REQUIRES.starlette!.requires.some((r) => r.specifier === '>=1.0.1' && r.by === 'fastmcp-slim 4.2.3'));
    assert.equal(FASTMCP4_REQUIRES.httpx, undefined, 'FastMCP 4 does not need httpx at all (it uses httpx2)');
  });
});

describe('importedModules', () => {
  it('collects top-level modules of absolute imports at any depth', () => {
    const mods = importedModules([{ path: 'a.py', text: USES_HTTPX + 'from . import x\nimport os.path as p\n' }, { path: 'b.txt', text: 'import typer' }]);
    assert.deepEqual([...mods].sort(), ['httpx', 'httpx_sse', 'json', 'os']);
  });
});

describe('swapPins adds the packages mcp 1.x brought that the code imports', () => {
  it('requirements.txt: one line each after the new pin, marker and CRLF kept, with a ChangeRecord', () => {
    const r = swap([
      { path: 'server.py', text: USES_HTTPX },
      { path: 'requirements.txt', text: 'anyio>=4\r\nmcp>=1.9 ; python_version >= "3.10"\r\nrich\r\n' },
    ]);
    assert.equal(
      out(r, 'requirements.txt'),
      'anyio>=4\r\nfastmcp==4.2.3; python_version >= "3.10"\r\nhttpx>=0.27.1,<1.0.0; python_version >= "3.10"\r\nhttpx-sse>=0.4; python_version >= "3.10"\r\nrich\r\n',
    );
    assert.deepEqual(r.changes.map((c) => [c.rule, c.line]), [['t.pin', 2], ['t.pin.transitive', 2], ['t.pin.transitive', 2]]);
    assert.match(r.changes[1]!.message, /^added `httpx>=0\.27\.1,<1\.0\.0; python_version >= "3\.10"`: the code imports httpx, which mcp 1\.x brought with it and fastmcp 4\.2\.3 does not$/);
  });

  it('pyproject.toml arrays (one per line, or inline) and Poetry tables, in their style', () => {
    const multi = swap([
      { path: 'server.py', text: 'import httpx\n' },
      { path: 'pyproject.toml', text: '[project]\nname = "x"\ndependencies = [\n    "mcp[cli]>=1.9"\n]\n' },
    ]);
    assert.equal(out(multi, 'pyproject.toml'), '[project]\nname = "x"\ndependencies = [\n    "fastmcp==4.2.3",\n    "httpx>=0.27.1,<1.0.0",\n]\n');
    const inline = swap([
      { path: 'server.py', text: 'import httpx\n' },
      { path: 'pyproject.toml', text: "[project]\ndependencies = ['mcp>=1.9', 'rich']\n" },
    ]);
    assert.equal(out(inline, 'pyproject.toml'), "[project]\ndependencies = ['fastmcp==4.2.3', 'httpx>=0.27.1,<1.0.0', 'rich']\n");
    const poetry = swap([
      { path: 'server.py', text: 'import httpx\n' },
      { path: 'pyproject.toml', text: '[tool.poetry.dependencies]\npython = "^3.10"\nmcp = "^1.9"\n' },
    ]);
    assert.equal(out(poetry, 'pyproject.toml'), '[tool.poetry.dependencies]\npython = "^3.10"\nfastmcp = "4.2.3"\nhttpx = ">=0.27.1,<1.0.0"\n');
  });

  it('typer only for mcp[cli]; nothing the code does not import; nothing already declared; nothing on a second run', () => {
    const cli = swap([
      { path: 'cli.py', text: 'import typer\n' },
      { path: 'requirements.txt', text: 'mcp[cli]==1.30.0\n' },
    ]);
    assert.equal(out(cli, 'requirements.txt'), 'fastmcp==4.2.3\ntyper>=0.16.0\n');
    assert.match(cli.changes[1]!.message, /from the `mcp\[cli\]` extra/);
    const plain = swap([
      { path: 'cli.py', text: 'import typer\n' },
      { path: 'requirements.txt', text: 'mcp==1.30.0\n' },
    ]);
    assert.equal(out(plain, 'requirements.txt'), 'fastmcp==4.2.3\n');
    const declared = swap([
      { path: 'server.py', text: USES_HTTPX },
      { path: 'requirements.txt', text: 'httpx==0.27.2\nmcp>=1.9\n' },
    ]);
    assert.equal(out(declared, 'requirements.txt'), 'httpx==0.27.2\nfastmcp==4.2.3\nhttpx-sse>=0.4\n');
    const again = swap([
      { path: 'server.py', text: USES_HTTPX },
      { path: 'requirements.txt', text: out(declared, 'requirements.txt') },
    ]);
    assert.deepEqual(again, { files: [], changes: [], review: [] });
  });
});

describe('pinConflicts', () => {
  const PYPROJECT = [
    '[project]',
    'dependencies = [',
    '    "fastmcp==4.2.3",',
    '    "pydantic>=2.7,<2.12",',
    '    "starlette==0.46.2",',
    '    "anyio<4",',
    '    "uvicorn>=0.30,<0.35",',
    '    "httpx<0.28",',
    '    "sse-starlette>=2",',
    '    "pydantic-settings>=2.5",',
    ']',
    '',
  ].join('\n');

  it('reports each pin no version needed by FastMCP 4 satisfies, at file:line, and only those', () => {
    const items = pinConflicts([{ path: 'pyproject.toml', text: PYPROJECT }]);
    assert.deepEqual(
      items.map((i) => [i.code, i.severity, i.line, i.snippet]),
      [
        [DEPENDENCY_CODES.pinConflict, 'error', 4, '"pydantic>=2.7,<2.12",'],
        [DEPENDENCY_CODES.pinConflict, 'error', 5, '"starlette==0.46.2",'],
        [DEPENDENCY_CODES.pinConflict, 'error', 6, '"anyio<4",'],
        [DEPENDENCY_CODES.pinConflict, 'error', 7, '"uvicorn>=0.30,<0.35",'],
      ],
    );
    assert.match(items[0]!.message, /^`pydantic>=2\.7,<2\.12` conflicts with fastmcp 4\.2\.3: mcp-types 2\.3\.0 requires pydantic>=2\.12\.0; fastmcp-slim 4\.2\.3 requires pydantic>=2\.12\.0; mcp 2\.3\.0 requires pydantic>=2\.12\.0; no version satisfies both/);
    assert.match(items[1]!.message, /fastmcp-slim 4\.2\.3 requires starlette>=1\.0\.1/);
    assert.doesNotMatch(items[1]!.message, /mcp 2\.3\.0 requires starlette>=0\.27/, 'only the requirements it conflicts with');
    assert.match(items[0]!.suggestion, /admits pydantic 2\.14\.4 .* It was left as written\./);
  });

  it('reads requirements files and Poetry constraints too', () => {
    const items = pinConflicts([
      { path: 'requirements.txt', text: 'fastmcp==4.2.3\npydantic~=2.11.0\n' },
      { path: 'sub/pyproject.toml', text: '[tool.poetry.dependencies]\nstarlette = "^0.46"\nuvicorn = "^0.35"\n' },
    ]);
    assert.deepEqual(items.map((i) => `${i.file}:${i.line}`), ['requirements.txt:2', 'sub/pyproject.toml:2']);
  });

  it('run reports them when a hop migrates to FastMCP 4, and adds the lost imports', () => {
    const dir = writeTree(area.dir('lowlevel'), {
      'server.py': [
        'import httpx',
        'import mcp.types as types',
        'from mcp.server.lowlevel import Server',
        '',
        'server = Server("fetcher")',
        '',
        '',
        '@server.list_tools()',
        'async def list_tools() -> list[types.Tool]:',
        '    return [types.Tool(name="ping", description="Ping", inputSchema={"type": "object", "properties": {}})]',
        '',
        '',
        '@server.call_tool()',
        'async def call_tool(name: str, arguments: dict) -> list[types.TextContent]:',
        '    return [types.TextContent(type="text", text=str(httpx.URL("http://x")))]',
        '',
      ].join('\n'),
      'requirements.txt': 'mcp>=1.9\npydantic<2.12\n',
    });
    const run = runProject(dir, { git: 'never' });
    const req = run.files.find((f) => f.path === 'requirements.txt')!;
    assert.equal(req.after, 'fastmcp==4.2.3\nhttpx>=0.27.1,<1.0.0\npydantic>=2.12.0\n');
    const conflict = run.review.find((r) => r.code === DEPENDENCY_CODES.pinConflict)!;
    assert.equal(`${conflict.file}:${conflict.line}:${conflict.severity}`, 'requirements.txt:3:warning');
    assert.match(conflict.message, /^the project pinned `pydantic<2\.12`; .*fastmcp-slim 4\.2\.3, mcp 2\.3\.0 need pydantic>=2\.12\.0.*changed to `pydantic>=2\.12\.0`/);
    assert.match(conflict.suggestion, /Check the code that needed the old pin/);
    assert.ok(run.changes.some((c) => c.rule.endsWith('.transitive')));
  });
});

describe('resolvePinConflicts', () => {
  it('rewrites only the specifier of each conflicting pin, every other byte kept, with a warning naming old, new and why', () => {
    const text = [
      '[project]',
      'dependencies = [',
      '    "fastmcp>=4.2.3,<5.0.0",',
      '    "starlette>=0.46.0,<1.0.0",  # keep',
      "    'mcp[cli] >= 1.9.3, < 2.0.0 ; python_version >= \"3.11\"',",
      '    "pydantic==2.11.7",',
      '    "websockets>=13.0.0,<17.0.0",',
      ']',
      '[project.optional-dependencies]',
      'server = ["anyio<4", "uvicorn (>=0.30,<0.35)"]',
      '[tool.poetry.dependencies]',
      'uvicorn = { version = "^0.30", optional = true }',
      '',
    ].join('\n');
    const r = resolvePinConflicts([{ path: 'pyproject.toml', text }]);
    assert.equal(
      r.files[0]!.text,
      [
        '[project]',
        'dependencies = [',
        '    "fastmcp>=4.2.3,<5.0.0",',
        '    "starlette>=1.0.1",  # keep',
        "    'mcp[cli] >=2.3.0,<3.0.0 ; python_version >= \"3.11\"',",
        '    "pydantic==2.14.4",',
        '    "websockets>=13.0.0,<17.0.0",',
        ']',
        '[project.optional-dependencies]',
        'server = ["anyio>=4.9", "uvicorn (>=0.35)"]',
        '[tool.poetry.dependencies]',
        'uvicorn = { version = ">=0.35", optional = true }',
        '',
      ].join('\n'),
    );
    assert.deepEqual(r.review.map((i) => [i.code, i.severity, i.line]), [
      [DEPENDENCY_CODES.pinConflict, 'warning', 4],
      [DEPENDENCY_CODES.pinConflict, 'warning', 5],
      [DEPENDENCY_CODES.pinConflict, 'warning', 6],
      [DEPENDENCY_CODES.pinConflict, 'warning', 10],
      [DEPENDENCY_CODES.pinConflict, 'warning', 10],
      [DEPENDENCY_CODES.pinConflict, 'warning', 12],
    ]);
    assert.equal(
      r.review[0]!.message,
      'the project pinned `starlette>=0.46.0,<1.0.0`; fastmcp-slim 4.2.3 needs starlette>=1.0.1, so the pin was changed to `starlette>=1.0.1` (the old one could not install next to fastmcp 4.2.3)',
    );
    assert.equal(r.changes.length, 6);
    // A second pass finds nothing left to change.
    assert.deepEqual(resolvePinConflicts([{ path: 'pyproject.toml', text: r.files[0]!.text }]).files, []);
  });

  it('moves requirements files (exact pins to the tested version); hash-locked lines are reported, not edited', () => {
    const r = resolvePinConflicts([
      { path: 'requirements.txt', text: 'mcp==1.27.0\r\nstarlette==1.0.0\r\npydantic<2.12 \\\r\n    --hash=sha256:abc\r\n' },
    ]);
    assert.equal(r.files[0]!.text, 'mcp==2.3.0\r\nstarlette==1.10.0\r\npydantic<2.12 \\\r\n    --hash=sha256:abc\r\n');
    assert.deepEqual(r.review.map((i) => [i.severity, i.line]), [['warning', 1], ['warning', 2], ['error', 3]]);
  });

  it('neededSpecifier orders bounds lower first and keeps exact pins exact', () => {
    assert.equal(neededSpecifier('mcp', '>=1.0,<2'), '>=2.3.0,<3.0.0');
    assert.equal(neededSpecifier('mcp', '==1.27.0'), '==2.3.0');
    assert.equal(neededSpecifier('starlette', '<0.47'), '>=1.0.1');
    assert.equal(neededSpecifier('left-pad', '<1'), undefined);
  });
});

describe('swapPins and an mcp pin next to fastmcp', () => {
  it('moves `mcp<2` declared next to a fastmcp pin (any group, any manifest) to the range fastmcp 4.2.3 needs', () => {
    const files: ProjectFile[] = [
      { path: 'pyproject.toml', text: '[project]\ndependencies = [\n  "mcp[cli]>=1.2,<2",\n  "fastmcp>=2.0",\n]\n[project.optional-dependencies]\ndev = ["mcp>=1.0"]\n' },
      { path: 'requirements-dev.txt', text: 'mcp==1.27.0  # lock\n' },
      { path: 'server.py', text: 'from mcp.server.fastmcp import FastMCP\n' },
    ];
    const r = swap(files);
    assert.deepEqual(r.files.map((f) => [f.path, f.text]).sort(), [
      ['pyproject.toml', '[project]\ndependencies = [\n  "mcp[cli]>=2.3.0,<3.0.0",\n  "fastmcp>=2.0",\n]\n[project.optional-dependencies]\ndev = ["mcp>=1.0"]\n'],
      ['requirements-dev.txt', 'fastmcp==4.2.3  # lock\n'],
    ]);
    assert.deepEqual(r.review.map((i) => `${i.code} ${i.severity} ${i.file}:${i.line}`), [`${DEPENDENCY_CODES.pinConflict} warning pyproject.toml:3`]);
  });
});

describe('fastmcp 3 → 4 lost dependencies', () => {
  it('adds httpx next to the moved fastmcp pin when the code imports it (fastmcp 4 uses httpx2)', () => {
    const files: ProjectFile[] = [
      { path: 'pyproject.toml', text: '[project]\ndependencies = ["fastmcp==3.4.11"]\n' },
      { path: 'src/app.py', text: 'import httpx\nfrom fastmcp import FastMCP\n' },
    ];
    const pins = rewritePins(files, { package: 'fastmcp', version: '4.2.3', transform: 't', rule: 't.pin' });
    const r = addLostOnHop(files, pins.files, pins.changes, { package: 'fastmcp', lost: LOST_WITH_FASTMCP3, oldStack: 'fastmcp 3', newStack: 'fastmcp 4.2.3', transform: 't', rule: 't.pin.transitive' });
    assert.equal(r.files[0]!.text, '[project]\ndependencies = ["fastmcp==4.2.3", "httpx>=0.28.1,<1.0"]\n');
    assert.match(r.changes[0]!.message, /^added `httpx>=0\.28\.1,<1\.0`: the code imports httpx, which fastmcp 3 brought with it and fastmcp 4\.2\.3 does not/);
    // Nothing imported, nothing added.
    const plain = files.map((f) => (f.path.endsWith('.py') ? { ...f, text: 'from fastmcp import FastMCP\n' } : f));
    assert.equal(addLostOnHop(plain, pins.files, pins.changes, { package: 'fastmcp', lost: LOST_WITH_FASTMCP3, oldStack: 'a', newStack: 'b', transform: 't', rule: 'r' }).changes.length, 0);
  });
});

describe('fastmcp 2 → 3 lost dependencies', () => {
  it('adds typer next to the moved fastmcp pin when the code imports it (fastmcp 3 no longer brings it)', () => {
    const files: ProjectFile[] = [
      { path: 'requirements.txt', text: 'fastmcp>=2.10,<3  # framework\n' },
      { path: 'cli.py', text: 'import typer\nfrom fastmcp import FastMCP\n' },
    ];
    const pins = rewritePins(files, { package: 'fastmcp', version: '3.4.11', transform: 't', rule: 't.pin' });
    const r = addLostOnHop(files, pins.files, pins.changes, { package: 'fastmcp', lost: LOST_WITH_FASTMCP2, oldStack: 'fastmcp 2', newStack: 'fastmcp 3.4.11', transform: 't', rule: 't.pin.transitive' });
    assert.equal(r.files[0]!.text, 'fastmcp>=3.4.11,<4  # framework\ntyper>=0.15.1\n');
  });
});

describe('pythonRangeItems', () => {
  it('warns when the project Python range admits versions fastmcp 4.2.3 does not support (it needs 3.11)', () => {
    const items = pythonRangeItems([
      { path: 'pyproject.toml', text: '[project]\nname = "x"\nrequires-python = ">=3.10"\n' },
      { path: 'a/pyproject.toml', text: '[project]\nrequires-python = ">=3.11,<4"\n' },
      { path: 'b/pyproject.toml', text: '[tool.poetry.dependencies]\npython = "^3.9"\n' },
      { path: 'requirements.txt', text: 'fastmcp==4.2.3\n' },
    ]);
    assert.deepEqual(items.map((i) => [i.code, i.severity, `${i.file}:${i.line}`]), [
      [DEPENDENCY_CODES.pythonRange, 'warning', 'pyproject.toml:3'],
      [DEPENDENCY_CODES.pythonRange, 'warning', 'b/pyproject.toml:2'],
    ]);
    assert.match(items[0]!.message, /^`requires-python = ">=3\.10"` admits Python versions fastmcp 4\.2\.3 does not support \(fastmcp 4\.2\.3 requires Python>=3\.11\)/);
    assert.match(items[1]!.message, /fastmcp 4\.2\.3 requires Python>=3\.11; mcp 2\.3\.0 requires Python>=3\.10/);
    assert.match(items[0]!.suggestion, /requires-python = ">=3\.11"/);
  });
});
