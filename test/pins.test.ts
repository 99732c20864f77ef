// Dependency pin rewriting (src/rewrite/pins.ts): the pin moves, its style stays, nothing else in
// the manifest changes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProjectFile } from '../src/core/types.js';
import { retargetSpecifier, rewritePins, swapPins } from '../src/rewrite/pins.js';

const one = (path: string, text: string): ProjectFile[] => [{ path, text }];
const rewritten = (path: string, text: string, version = '3.4.11', replacePackages?: string[]) => {
  const r = rewritePins(one(path, text), { package: 'fastmcp', version, replacePackages, transform: 't', rule: 'r' });
  return { text: r.files[0]?.text ?? text, result: r };
};

describe('retargetSpecifier', () => {
  const cases: [string, string, string][] = [
    ['==2.14.7', '3.4.11', '==3.4.11'],
    ['>=2.3', '3.4.11', '>=3.4.11'],
    ['>=2.3,<3', '3.4.11', '>=3.4.11,<4'],
    ['>= 2.3, < 3.0', '3.4.11', '>= 3.4.11, < 4.0'],
    ['>=3.0.0,<4', '4.2.3', '>=4.2.3,<5'],
    ['~=2.3', '3.4.11', '~=3.4'],
    ['~=2.14.0', '3.4.11', '~=3.4.11'],
    ['==2.*', '3.4.11', '==3.*'],
    ['>=2.3,!=2.5.0', '3.4.11', '>=3.4.11,!=2.5.0'],
    ['>=2.3,<5', '3.4.11', '>=3.4.11,<5'],
    ['^2.3', '3.4.11', '^3.4'],
    ['~2.3', '3.4.11', '~3.4'],
    ['2.14.7', '3.4.11', '3.4.11'],
    ['*', '3.4.11', '*'],
    ['', '3.4.11', ''],
  ];
  for (const [spec, target, want] of cases) {
    test(`${JSON.stringify(spec)} → ${target}`, () => assert.equal(retargetSpecifier(spec, target), want));
  }
});

describe('rewritePins: requirements files', () => {
  test('==, >=, ~=, extras, markers and comments', () => {
    const before = [
      '# runtime',
      'fastmcp==2.14.7  # the server framework',
      'httpx>=0.27',
      'fastmcp[cli]>=2.3,<3 ; python_version >= "3.10"',
      'FastMCP~=2.12',
      '',
    ].join('\n');
    const { text, result } = rewritten('requirements.txt', before);
    assert.equal(
      text,
      [
        '# runtime',
        'fastmcp==3.4.11  # the server framework',
        'httpx>=0.27',
        'fastmcp[cli]>=3.4.11,<4 ; python_version >= "3.10"',
        'FastMCP~=3.4',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      result.changes.map((c) => [c.line, c.message]),
      [
        [2, '`fastmcp==2.14.7` → `fastmcp==3.4.11`'],
        [4, '`fastmcp[cli]>=2.3,<3 ; python_version >= "3.10"` → `fastmcp[cli]>=3.4.11,<4 ; python_version >= "3.10"`'],
        [5, '`FastMCP~=2.12` → `FastMCP~=3.4`'],
      ],
    );
    assert.ok(result.changes.every((c) => c.automatic && c.transform === 't' && c.rule === 'r'));
    assert.deepEqual(result.review, []);
  });

  test('CRLF line endings survive', () => {
    const { text } = rewritten('requirements-dev.txt', 'fastmcp==2.14.7\r\npytest\r\n');
    assert.equal(text, 'fastmcp==3.4.11\r\npytest\r\n');
  });

  test('unpinned and URL requirements stay; other packages stay', () => {
    const before = 'fastmcp\nmcp>=1.9\nfastmcp @ git+https://github.com/jlowin/fastmcp.git\n';
    const { result } = rewritten('requirements.txt', before);
    assert.deepEqual(result.files, []);
    assert.deepEqual(result.changes, []);
  });

  test('hash-locked lines are reported, not rewritten', () => {
    const before = 'fastmcp==2.14.7 \\\n    --hash=sha256:abc\n';
    const { text, result } = rewritten('requirements.txt', before);
    assert.equal(text, before);
    assert.equal(result.review.length, 1);
    assert.equal(result.review[0]!.code, 'FMM250');
    assert.match(result.review[0]!.message, /hash-locked/);
  });

  test('replacePackages: the SDK requirement becomes fastmcp==<version>, marker kept, extras dropped', () => {
    const before = 'mcp[cli]>=1.9 ; python_version >= "3.10"  # sdk\nuvicorn\n';
    const { text, result } = rewritten('requirements.txt', before, '4.2.3', ['mcp']);
    assert.equal(text, 'fastmcp==4.2.3; python_version >= "3.10"  # sdk\nuvicorn\n');
    assert.match(result.changes[0]!.message, /fastmcp brings mcp with it/);
  });

  test('replacePackages next to an existing fastmcp pin: the pin moves, the SDK pin is reported', () => {
    const before = 'fastmcp>=3.0\nmcp>=1.20,<2\n';
    const { text, result } = rewritten('requirements.txt', before, '4.2.3', ['mcp']);
    assert.equal(text, 'fastmcp>=4.2.3\nmcp>=1.20,<2\n');
    assert.equal(result.review.length, 1);
    assert.equal(result.review[0]!.line, 2);
  });
});

describe('rewritePins: pyproject.toml', () => {
  test('PEP 621 arrays, optional dependencies and dependency groups; nothing else changes', () => {
    const before = [
      '[project]',
      'name = "weather"',
      'version = "2.3.0"  # our own version, not a pin',
      'dependencies = [',
      '    "fastmcp>=2.3,<3",  # server',
      "    'httpx>=0.27',",
      ']',
      '',
      '[project.optional-dependencies]',
      'cli = ["fastmcp[cli]==2.14.7; sys_platform != \'win32\'"]',
      '',
      '[dependency-groups]',
      'dev = ["pytest", "fastmcp~=2.14.0"]',
      '',
    ].join('\n');
    const { text, result } = rewritten('pyproject.toml', before, '4.2.3');
    assert.equal(
      text,
      before
        .replace('"fastmcp>=2.3,<3"', '"fastmcp>=4.2.3,<5"')
        .replace("fastmcp[cli]==2.14.7; sys_platform != 'win32'", "fastmcp[cli]==4.2.3; sys_platform != 'win32'")
        .replace('"fastmcp~=2.14.0"', '"fastmcp~=4.2.3"'),
    );
    assert.deepEqual(
      result.changes.map((c) => c.line),
      [5, 10, 13],
    );
  });

  test('Poetry: string and inline-table entries, quoted keys', () => {
    const before = [
      '[tool.poetry.dependencies]',
      'python = "^3.10"',
      'fastmcp = "^2.3"  # pinned',
      '',
      '[tool.poetry.group.dev.dependencies]',
      'fastmcp = { version = "2.14.7", extras = ["cli"] }',
      '',
    ].join('\n');
    const { text, result } = rewritten('pyproject.toml', before);
    assert.equal(text, before.replace('"^2.3"', '"^3.4"').replace('version = "2.14.7"', 'version = "3.4.11"'));
    assert.equal(result.changes.length, 2);
  });

  test('Poetry replacement of the SDK', () => {
    const before = '[tool.poetry.dependencies]\npython = "^3.10"\nmcp = "^1.9"\n';
    const { text } = rewritten('pyproject.toml', before, '4.2.3', ['mcp']);
    assert.equal(text, '[tool.poetry.dependencies]\npython = "^3.10"\nfastmcp = "4.2.3"\n');
  });

  test('files that are not manifests are never touched', () => {
    const r = rewritePins([{ path: 'server.py', text: 'fastmcp==2.14.7\n' }, { path: 'setup.cfg', text: 'fastmcp==2.14.7\n' }], { package: 'fastmcp', version: '3.4.11' });
    assert.deepEqual(r.files, []);
  });
});

describe('swapPins (the SDK transforms)', () => {
  test('mcp → fastmcp==4.2.3, manifests that already declare fastmcp untouched', () => {
    const files: ProjectFile[] = [
      { path: 'requirements.txt', text: 'mcp>=1.9\n' },
      { path: 'svc/requirements.txt', text: 'fastmcp>=2\nmcp\n' },
    ];
    const r = swapPins(files, { from: 'mcp', to: 'fastmcp', version: '4.2.3' }, 'x', 'x.pin');
    assert.deepEqual(r.files.map((f) => [f.path, f.text]), [['requirements.txt', 'fastmcp==4.2.3\n']]);
    assert.equal(r.changes.length, 1);
  });
});
