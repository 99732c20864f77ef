// Version detection (src/discover/versions.ts): manifests, lockfiles, imports; and pin changes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  dependenciesOf,
  detectVersions,
  importsOf,
  lockedVersionsOf,
  parseRequirement,
  versionFloor,
} from '../src/discover/versions.js';
import { readToml } from '../src/discover/toml.js';
import { pinChange } from '../src/report/pins.js';

const PEP621 = `[build-system]
requires = ["hatchling"]

[project]
name = "demo"   # a comment with "quotes" and [brackets]
dependencies = [
    "mcp[cli]>=1.9,<2",  # the SDK
    'httpx >= 0.27',
    "FastMCP_Slim ; python_version >= '3.10'",
]

[project.optional-dependencies]
dev = ["pytest>=8", "fastmcp==2.14.7"]

[dependency-groups]
test = ["fastmcp>=2.3", {include-group = "dev"}]

[tool.uv]
constraint-dependencies = ["mcp<1.31"]
`;

const POETRY = `[tool.poetry]
name = "demo"

[tool.poetry.dependencies]
python = "^3.11"
fastmcp = "^2.3"
mcp = { version = ">=1.9", extras = ["cli"] }

[tool.poetry.group.dev.dependencies]
"fastmcp" = "*"
`;

describe('requirements', () => {
  test('PEP 508 strings', () => {
    assert.deepEqual(parseRequirement('mcp[cli]>=1.9,<2'), { name: 'mcp', package: 'mcp', extras: ['cli'], specifier: '>=1.9,<2' });
    assert.deepEqual(parseRequirement("FastMCP_Slim ; python_version >= '3.10'"), {
      name: 'FastMCP_Slim',
      package: 'fastmcp-slim',
      extras: [],
      specifier: '',
      marker: "python_version >= '3.10'",
    });
    assert.equal(parseRequirement('fastmcp @ git+https://github.com/PrefectHQ/fastmcp.git')?.url, 'git+https://github.com/PrefectHQ/fastmcp.git');
    assert.equal(parseRequirement('fastmcp (>=2.0)')?.specifier, '>=2.0');
    assert.equal(parseRequirement('-r base.txt'), undefined);
    assert.equal(parseRequirement('fastmcp is great'), undefined);
  });

  test('pyproject.toml: PEP 621, optional dependencies, dependency groups, tool.uv, with lines', () => {
    const deps = dependenciesOf({ path: 'pyproject.toml', text: PEP621 });
    assert.deepEqual(
      deps.map((d) => [d.line, d.section, d.package, d.specifier, d.text]),
      [
        [7, 'project.dependencies', 'mcp', '>=1.9,<2', 'mcp[cli]>=1.9,<2'],
        [8, 'project.dependencies', 'httpx', '>=0.27', 'httpx >= 0.27'],
        [9, 'project.dependencies', 'fastmcp-slim', '', "FastMCP_Slim ; python_version >= '3.10'"],
        [13, 'project.optional-dependencies.dev', 'pytest', '>=8', 'pytest>=8'],
        [13, 'project.optional-dependencies.dev', 'fastmcp', '==2.14.7', 'fastmcp==2.14.7'],
        [16, 'dependency-groups.test', 'fastmcp', '>=2.3', 'fastmcp>=2.3'],
        [19, 'tool.uv.constraint-dependencies', 'mcp', '<1.31', 'mcp<1.31'],
      ],
    );
  });

  test('pyproject.toml: Poetry tables (string, inline table, quoted key, "*")', () => {
    const deps = dependenciesOf({ path: 'sub/pyproject.toml', text: POETRY });
    assert.deepEqual(
      deps.map((d) => [d.line, d.section, d.package, d.specifier, d.extras, d.text]),
      [
        [6, 'tool.poetry.dependencies', 'fastmcp', '^2.3', [], 'fastmcp = "^2.3"'],
        [7, 'tool.poetry.dependencies', 'mcp', '>=1.9', ['cli'], 'mcp >=1.9'],
        [10, 'tool.poetry.group.dev.dependencies', 'fastmcp', '', [], 'fastmcp = "*"'],
      ],
    );
  });

  test('requirements files: comments, options, continuations, hashes, CRLF', () => {
    const text = [
      '# pinned by hand',
      '-r base.txt',
      '--index-url https://example.com/simple',
      'fastmcp==2.14.7 \\',
      '    --hash=sha256:abc',
      'mcp>=1.9  # the SDK',
      'git+https://example.com/x.git#egg=x',
      'httpx\r',
      '',
    ].join('\n');
    const deps = dependenciesOf({ path: 'requirements-dev.txt', text });
    assert.deepEqual(
      deps.map((d) => [d.line, d.package, d.specifier, d.text]),
      [
        [4, 'fastmcp', '==2.14.7', 'fastmcp==2.14.7'],
        [6, 'mcp', '>=1.9', 'mcp>=1.9'],
        [8, 'httpx', '', 'httpx'],
      ],
    );
    assert.deepEqual(lockedVersionsOf({ path: 'requirements-dev.txt', text }), [
      { file: 'requirements-dev.txt', line: 4, package: 'fastmcp', version: '2.14.7', kind: 'pinned' },
    ]);
  });

  test('versionFloor', () => {
    assert.equal(versionFloor('>=2.3,<3'), '2.3');
    assert.equal(versionFloor('<3,>=2.10'), '2.10');
    assert.equal(versionFloor('^1.9'), '1.9');
    assert.equal(versionFloor('~=3.1'), '3.1');
    assert.equal(versionFloor('==4.2.3'), '4.2.3');
    assert.equal(versionFloor(''), undefined);
    assert.equal(versionFloor('<2'), undefined);
  });
});

describe('lockfiles', () => {
  test('uv.lock / poetry.lock [[package]] tables', () => {
    const uv = `version = 1
requires-python = ">=3.10"

[[package]]
name = "fastmcp"
version = "2.14.7"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "mcp" },
]

[[package]]
name = "mcp"
version = "1.30.0"

[[package]]
name = "httpx"
version = "0.28.1"
`;
    assert.deepEqual(
      lockedVersionsOf({ path: 'uv.lock', text: uv }).map((l) => [l.line, l.package, l.version, l.kind]),
      [
        [4, 'fastmcp', '2.14.7', 'lock'],
        [12, 'mcp', '1.30.0', 'lock'],
        [16, 'httpx', '0.28.1', 'lock'],
      ],
    );
    const poetry = `[[package]]\nname = "FastMCP"\nversion = "2.3.0"\ndescription = "x"\n\n[package.dependencies]\nmcp = ">=1.9"\n`;
    assert.deepEqual(lockedVersionsOf({ path: 'poetry.lock', text: poetry }).map((l) => [l.package, l.version]), [['fastmcp', '2.3.0']]);
    assert.deepEqual(
      lockedVersionsOf({ path: 'requirements.lock', text: 'mcp==1.30.0\n' }).map((l) => [l.package, l.version, l.kind]),
      [['mcp', '1.30.0', 'lock']],
    );
  });

  test('the TOML reader survives what it does not understand', () => {
    const tables = readToml('a = 1979-05-27T07:32:00Z\nb = [1, 2,\n  3]\nc = "x" # c\n[t]\nbad line\nd = """multi\nline"""\n');
    assert.deepEqual(
      tables.map((t) => [t.path.join('.'), t.entries.map((e) => [e.key.join('.'), e.line, e.value.kind])]),
      [
        ['', [['a', 1, 'other'], ['b', 2, 'array'], ['c', 4, 'string']]],
        ['t', [['d', 7, 'string']]],
      ],
    );
  });
});

describe('imports', () => {
  test('idiom per file, any nesting level, not in strings', () => {
    const text = `"""Docs: from mcp.server.fastmcp import FastMCP (not an import)."""
from mcp.server.lowlevel import Server
import mcp.types as types

server = Server("x")

@server.list_tools()
async def list_tools():
    from fastmcp import FastMCP
    return []
`;
    const f = importsOf({ path: 'server.py', text })!;
    assert.deepEqual(f.idioms, ['python-lowlevel-v1', 'mcp', 'fastmcp']);
    assert.deepEqual(
      f.imports.map((i) => [i.line, i.module, i.idiom]),
      [
        [2, 'mcp.server.lowlevel', 'python-lowlevel-v1'],
        [3, 'mcp.types', 'mcp'],
        [9, 'fastmcp', 'fastmcp'],
      ],
    );
    const bundled = importsOf({ path: 'a.py', text: 'from mcp.server import FastMCP\nfrom mcp.server.fastmcp.prompts import base\n' })!;
    assert.deepEqual(bundled.idioms, ['python-sdk-fastmcp']);
    assert.deepEqual(importsOf({ path: 'b.py', text: 'from mcp.server.mcpserver import MCPServer\n' })!.idioms, ['python-mcpserver']);
    assert.deepEqual(
      importsOf({ path: 'c.py', text: 'from mcp.server import Server\nserver = Server("x", on_list_tools=handle)\n' })!.idioms,
      ['python-lowlevel-v2'],
    );
    assert.equal(importsOf({ path: 'd.py', text: 'import os\n' }), undefined);
    assert.equal(importsOf({ path: 'e.py', text: 'from .mcp import thing\n' }), undefined);
    assert.equal(importsOf({ path: 'notes.txt', text: 'from fastmcp import FastMCP' }), undefined);
  });
});

describe('detectVersions', () => {
  test('lockfile beats pin beats constraint; only fastmcp and mcp are reported', () => {
    const report = detectVersions(
      [
        { path: 'pyproject.toml', text: '[project]\ndependencies = ["fastmcp>=2.3,<3", "httpx"]\n' },
        { path: 'requirements.txt', text: 'mcp==1.30.0\n' },
        { path: 'server.py', text: 'from fastmcp import FastMCP\n' },
      ],
      [{ path: 'uv.lock', text: '[[package]]\nname = "fastmcp"\nversion = "2.14.7"\n' }],
    );
    assert.deepEqual(
      report.packages.map((p) => [p.package, p.version, p.major, p.basis]),
      [
        ['fastmcp', '2.14.7', 2, 'lock'],
        ['mcp', '1.30.0', 1, 'pinned'],
      ],
    );
    assert.deepEqual(report.dependencies.map((d) => d.text), ['fastmcp>=2.3,<3', 'mcp==1.30.0']);
    assert.deepEqual(report.lockfiles, ['uv.lock']);
    assert.deepEqual(report.files.map((f) => [f.file, f.idioms]), [['server.py', ['fastmcp']]]);

    const bare = detectVersions([{ path: 'pyproject.toml', text: '[project]\ndependencies = ["mcp>=1.9"]\n' }]);
    assert.deepEqual(bare.packages.map((p) => [p.package, p.version, p.basis]), [['mcp', '1.9', 'constraint']]);
    const importedOnly = detectVersions([{ path: 's.py', text: 'from mcp.server.fastmcp import FastMCP\n' }]);
    assert.deepEqual(importedOnly.packages.map((p) => [p.package, p.version]), [['mcp', undefined]]);
  });
});

describe('pin changes', () => {
  test('read as requirements, not as a text diff', () => {
    const before = '[project]\nname = "x"\ndependencies = [\n  "mcp>=1.9",\n  "httpx",\n]\n';
    const after = '[project]\nname = "x"\ndependencies = [\n  "fastmcp==4.2.3",\n  "httpx",\n]\n';
    assert.deepEqual(pinChange('pyproject.toml', before, after), { file: 'pyproject.toml', line: 4, before: ['mcp>=1.9'], after: ['fastmcp==4.2.3'] });
    assert.equal(pinChange('pyproject.toml', before, before.replace('name = "x"', 'name = "y"')), undefined);
    assert.equal(pinChange('server.py', 'a', 'b'), undefined);
    assert.deepEqual(pinChange('requirements.txt', 'mcp\nhttpx\n', 'httpx\nfastmcp>=4\n'), {
      file: 'requirements.txt',
      line: 1,
      before: ['mcp'],
      after: ['fastmcp>=4'],
    });
  });
});

describe('an open lower bound below FastMCP 2 decides nothing (issue 7, class 11)', () => {
  test('leaves the major out so the transforms decide by the APIs the code uses', async () => {
    const { detectVersions, hasUpperBound } = await import('../src/discover/versions.js');
    const code = { path: 'server.py', text: 'from fastmcp import FastMCP\n' };
    const open = detectVersions([code, { path: 'requirements.txt', text: 'fastmcp>=0.4\n' }]).packages[0]!;
    assert.equal(open.version, '0.4');
    assert.equal(open.major, undefined);
    assert.match(open.undecided!, /^requirements\.txt:1 `fastmcp>=0\.4` has no upper bound/);
    const capped = detectVersions([code, { path: 'requirements.txt', text: 'fastmcp>=0.4,<1\n' }]).packages[0]!;
    assert.equal(capped.major, 0);
    const two = detectVersions([code, { path: 'requirements.txt', text: 'fastmcp>=2.13\n' }]).packages[0]!;
    assert.equal(two.major, 2);
    assert.deepEqual(['<3', '==2.*', '~=2.3', '^2.3', '~2.3', '2.3.1', '>=2', '>=2,!=2.5', '>2'].map(hasUpperBound), [true, true, true, true, true, true, false, false, false]);
  });
});
