// discover: what the transforms see and what --out copies.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { compileIgnore } from '../src/discover/glob.js';
import { discoverProject, isTransformCandidate } from '../src/discover/index.js';
import { writeFileAtomic } from '../src/io/atomic.js';
import { checkOutput } from '../src/io/validate.js';

const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'fmm-discover-test-'));
after(() => rmSync(tmpRoot, { recursive: true, force: true }));
let n = 0;

function tree(files: Record<string, string | Buffer>): string {
  const dir = path.join(tmpRoot, `p${++n}`);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

const sample = {
  'server.py': 'print(1)\n',
  'pkg/tools.py': 'x = 1\n',
  'web/index.ts': 'export {}\n',
  'web/types.d.ts': 'export {}\n',
  'pyproject.toml': '[project]\n',
  'requirements-dev.txt': 'mcp\n',
  'package.json': '{}\n',
  'README.md': '# hi\n',
  'node_modules/dep/index.js': 'x\n',
  '.venv/lib/site.py': 'x\n',
  'venv/lib/site.py': 'x\n',
  'env/lib/site.py': 'x\n',
  'pkg/__pycache__/tools.cpython-311.pyc': Buffer.from([0, 1]),
  'dist/out.js': 'x\n',
  'build/out.py': 'x\n',
  '.tox/x.py': 'x\n',
  '.mypy_cache/x.py': 'x\n',
  'logo.py': Buffer.from([0x89, 0x50, 0x00, 0x47]),
  'big.py': 'x = 1\n'.repeat(200_000),
};

test('walk: skip list, prefilter, binaries and large files', () => {
  const root = tree(sample);
  const d = discoverProject(root, { git: 'never' });
  assert.equal(d.usedGit, false);
  assert.deepEqual(
    d.files.map((f) => f.path),
    ['package.json', 'pkg/tools.py', 'pyproject.toml', 'requirements-dev.txt', 'server.py', 'web/index.ts'],
  );
  assert.deepEqual(d.allPaths, [
    'README.md',
    'big.py',
    'logo.py',
    'package.json',
    'pkg/tools.py',
    'pyproject.toml',
    'requirements-dev.txt',
    'server.py',
    'web/index.ts',
    'web/types.d.ts',
  ]);
  assert.deepEqual(d.skipped, [
    { path: 'big.py', reason: 'too-large' },
    { path: 'logo.py', reason: 'binary' },
  ]);
  assert.equal(d.files.find((f) => f.path === 'server.py')?.text, 'print(1)\n');
});

test('--ignore globs', () => {
  const root = tree(sample);
  const d = discoverProject(root, { git: 'never', ignore: ['pkg', '*.ts', '/requirements-*.txt'] });
  assert.deepEqual(d.files.map((f) => f.path), ['package.json', 'pyproject.toml', 'server.py']);
  const m = compileIgnore(['**/gen/*.py', 'docs/api', 'cache/', 'a?.py']);
  assert.ok(m('x/y/gen/z.py'));
  assert.ok(m('gen/z.py'));
  assert.ok(!m('gen/sub/z.py'));
  assert.ok(m('docs/api/b.md'));
  assert.ok(!m('src/docs/api/b.md'), 'a pattern with a slash inside is anchored');
  assert.ok(m('src/cache/x.py'), 'a trailing slash alone does not anchor (as in .gitignore)');
  assert.ok(m('src/ab.py'));
  assert.ok(!m('src/abc.py'));
});

test('inside a git work tree, .gitignore is honoured', () => {
  const root = tree({ ...sample, '.gitignore': 'generated/\nsecret.py\n', 'generated/x.py': 'x\n', 'secret.py': 'x\n' });
  execFileSync('git', ['init', '-q'], { cwd: root });
  const d = discoverProject(root);
  assert.equal(d.usedGit, true);
  const paths = d.files.map((f) => f.path);
  assert.ok(paths.includes('server.py'), 'untracked, not ignored files are listed');
  assert.ok(!paths.includes('generated/x.py'));
  assert.ok(!paths.includes('secret.py'));
  assert.ok(!d.allPaths.some((p) => p.startsWith('node_modules/')));
  assert.ok(d.allPaths.includes('.gitignore'));
  // A subfolder of a repository is a project of its own.
  const sub = discoverProject(path.join(root, 'pkg'));
  assert.deepEqual(sub.files.map((f) => f.path), ['tools.py']);
});

test('a folder ignored by an enclosing repository is walked instead', () => {
  const root = tree({ '.gitignore': 'proj/\n', 'proj/server.py': 'x\n' });
  execFileSync('git', ['init', '-q'], { cwd: root });
  const d = discoverProject(path.join(root, 'proj'));
  assert.equal(d.usedGit, false);
  assert.deepEqual(d.files.map((f) => f.path), ['server.py']);
});

test('not a folder / missing', () => {
  const root = tree({ 'a.py': '' });
  assert.throws(() => discoverProject(path.join(root, 'nope')), /no such file or directory/);
  assert.throws(() => discoverProject(path.join(root, 'a.py')), /not a directory/);
});

test('prefilter', () => {
  for (const p of ['a.py', 'x/b.mjs', 'c.cjs', 'd.js', 'e.ts', 'pyproject.toml', 'sub/requirements.txt', 'package.json']) {
    assert.ok(isTransformCandidate(p), p);
  }
  for (const p of ['a.md', 'x.d.ts', 'setup.cfg', 'requirements.in', 'package-lock.json']) assert.ok(!isTransformCandidate(p), p);
});

test('atomic write: replaces content, keeps the mode, leaves no temp file', () => {
  const root = tree({ 'run.py': 'old\n' });
  const file = path.join(root, 'run.py');
  chmodSync(file, 0o755);
  writeFileAtomic(file, 'new\n');
  assert.equal(readFileSync(file, 'utf8'), 'new\n');
  assert.equal(statSync(file).mode & 0o777, 0o755);
  writeFileAtomic(path.join(root, 'deep/er/new.py'), 'x');
  assert.equal(readFileSync(path.join(root, 'deep/er/new.py'), 'utf8'), 'x');
  assert.deepEqual(readdirSync(root).sort(), ['deep', 'run.py']);
});

test('output checker: Python must re-parse, other languages pass until a checker exists', () => {
  assert.deepEqual(checkOutput('a.py', 'x = 1\n'), []);
  assert.ok(checkOutput('a.py', 'def f(:\n').length > 0);
  assert.ok(checkOutput('pkg/a.py', 'x = (1,\n').length > 0);
  assert.deepEqual(checkOutput('a.ts', 'const = ;'), []);
  assert.deepEqual(checkOutput('Makefile', 'x'), []);
});
