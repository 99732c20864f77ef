// The CLI shell: the real binary for argument handling and safety refusals, and main() in-process
// with fake transforms for the write paths (so these tests do not depend on any real transform).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';
import { runProject, writeInPlace } from '../src/cli/run-project.js';
import type { ProjectFile, Transform, TransformResult } from '../src/core/types.js';
import { literal, type ServerModel } from '../src/model/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin', 'fastmcp-migrate.js');
const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'fmm-cli-test-'));
after(() => rmSync(tmpRoot, { recursive: true, force: true }));
let counter = 0;

function tmpDir(name: string): string {
  const dir = path.join(tmpRoot, `${name}-${++counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function writeTree(dir: string, files: Record<string, string | Buffer>): string {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}

function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const proc = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...options.env },
  });
  return { code: proc.status, stdout: proc.stdout, stderr: proc.stderr };
}

/** main() in-process with captured output. */
async function runMain(args: string[], transforms?: Transform[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(args, { io: { stdout, stderr }, transforms });
  return { code, stdout: out, stderr: err };
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function gitRepo(name: string, files: Record<string, string>): string {
  const dir = writeTree(tmpDir(name), files);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'init');
  return dir;
}

function fakeServer(file: string, reviewCount: number, severity: 'info' | 'warning' = 'warning'): ServerModel {
  return {
    name: literal('fake'),
    variable: 'server',
    transports: [{ kind: 'stdio' }],
    tools: [],
    resources: [],
    resourceTemplates: [],
    prompts: [],
    origin: { file, line: 1, idiom: 'fake-idiom' },
    review: Array.from({ length: reviewCount }, (_, i) => ({
      code: `FAKE-${i + 1}`,
      severity,
      file,
      line: 1,
      column: 1,
      message: 'look at this',
      snippet: 'OLD = 1',
      suggestion: 'do something',
    })),
  };
}

/** Rewrites `OLD` to `NEW` in every .py file that mentions `OLD`; one review item per file when asked. */
function fakeTransform(options: { review?: number; severity?: 'info' | 'warning'; output?: (text: string) => string } = {}): Transform {
  return {
    id: 'fake',
    title: 'Fake transform',
    from: 'old',
    to: 'new',
    description: 'test double',
    applies: (files: ProjectFile[]) => files.some((f) => f.path.endsWith('.py') && f.text.includes('OLD')),
    run(files: ProjectFile[]): TransformResult {
      const targets = files.filter((f) => f.path.endsWith('.py') && f.text.includes('OLD'));
      return {
        files: targets.map((f) => ({ path: f.path, before: f.text, text: (options.output ?? ((t) => t.replaceAll('OLD', 'NEW')))(f.text) })),
        review: [],
        servers: targets.map((f) => fakeServer(f.path, options.review ?? 0, options.severity)),
      };
    },
  };
}

const project = {
  'server.py': 'OLD = 1\nprint(OLD)\n',
  'lib/util.py': 'x = 2\n',
  'README.md': '# readme\n',
};

describe('binary', () => {
  test('--help lists the commands', () => {
    const r = cli(['--help']);
    assert.equal(r.code, 0);
    for (const cmd of ['scan', 'plan', 'run', 'list', 'verify', 'undo']) assert.match(r.stdout, new RegExp(`fastmcp-migrate ${cmd}`));
  });

  test('--help on each command', () => {
    for (const cmd of ['scan', 'plan', 'run', 'list', 'verify', 'undo']) {
      const r = cli([cmd, '--help']);
      assert.equal(r.code, 0, `${cmd} --help: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`fastmcp-migrate ${cmd}`));
    }
    assert.match(cli(['run', '--help']).stdout, /--allow-dirty/);
  });

  test('list prints the transforms', () => {
    const r = cli(['list']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /python-lowlevel-to-fastmcp\s+python-lowlevel-v1 -> fastmcp-py-4/);
    const json = JSON.parse(cli(['list', '--json']).stdout) as { id: string; from: string; to: string; title: string }[];
    assert.ok(json.some((t) => t.id === 'python-lowlevel-to-fastmcp' && t.title));
  });

  test('unknown command exits 2', () => {
    const r = cli(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "frobnicate"/);
  });

  test('no command and unknown option exit 2', () => {
    assert.equal(cli([]).code, 2);
    assert.equal(cli(['run', '.', '--no-such-flag']).code, 2);
    assert.equal(cli(['run', '.', '--write', '--out', 'x']).code, 2);
    assert.equal(cli(['run', '.', '--transform', 'nope']).code, 2);
  });

  test('run on a missing path exits 1 with a message', () => {
    const r = cli(['run', path.join(tmpRoot, 'does-not-exist')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no such file or directory: .*does-not-exist/);
  });

  test('--write on a dirty git tree is refused, naming the dirty files', () => {
    const dir = gitRepo('dirty', project);
    writeFileSync(path.join(dir, 'lib/util.py'), 'x = 3\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'untracked\n');
    const before = readFileSync(path.join(dir, 'server.py'), 'utf8');
    const r = cli(['run', dir, '--write']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /refusing to --write: the git working tree has uncommitted changes \(2 files\)/);
    assert.match(r.stderr, /lib\/util\.py/);
    assert.match(r.stderr, /notes\.txt/);
    assert.match(r.stderr, /--allow-dirty/);
    assert.equal(readFileSync(path.join(dir, 'server.py'), 'utf8'), before);
    assert.ok(!existsSync(path.join(dir, '.fastmcp-migrate')));
  });

  test('scan --json prints exactly one JSON document with the documented keys', () => {
    const dir = writeTree(tmpDir('scanjson'), project);
    const r = cli(['scan', dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(doc.version, 1);
    assert.equal(doc.root, dir);
    for (const key of ['servers', 'review', 'files']) assert.ok(Array.isArray(doc[key]), key);
  });

  test('a file with a syntax error is reported and left alone (real transform)', () => {
    const dir = tmpDir('syntax');
    cpSync(path.join(repo, 'fixtures/python-lowlevel-to-fastmcp/syntax-error/input'), dir, { recursive: true });
    const broken = readFileSync(path.join(dir, 'broken.py'), 'utf8');
    const out = path.join(tmpDir('syntax-out'), 'migrated');
    const r = cli(['run', dir, '--json', '--out', out]);
    const doc = JSON.parse(r.stdout) as {
      servers: { review: { file: string }[] }[];
      review: { file: string; code: string; message: string }[];
      files: { path: string; status: string }[];
    };
    const crash = doc.review.find((i) => i.code === 'FMM-CLI-001');
    assert.equal(crash, undefined, `the transform crashed: ${crash?.message}`);
    assert.equal(r.code, 0, r.stderr);
    const items = [...doc.review, ...doc.servers.flatMap((s) => s.review)];
    assert.ok(items.some((i) => i.file === 'broken.py'), 'a review item names broken.py');
    assert.equal(doc.files.find((f) => f.path === 'broken.py')?.status, 'unchanged');
    assert.equal(readFileSync(path.join(out, 'broken.py'), 'utf8'), broken);
  });
});

describe('main() with a fake transform', () => {
  test('dry run prints a diff and a summary, writes nothing, no colour unless asked', async () => {
    const dir = writeTree(tmpDir('dry'), project);
    const r = await runMain(['run', dir], [fakeTransform()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^--- a\/server\.py\n\+\+\+ b\/server\.py\n@@/);
    assert.match(r.stdout, /^-OLD = 1$/m);
    assert.match(r.stdout, /^\+NEW = 1$/m);
    assert.doesNotMatch(r.stdout + r.stderr, /\u001b\[/);
    assert.match(r.stderr, /1 modified/);
    assert.match(r.stderr, /Dry run: nothing written/);
    assert.equal(readFileSync(path.join(dir, 'server.py'), 'utf8'), project['server.py']);
    const colored = await runMain(['run', dir, '--color'], [fakeTransform()]);
    assert.match(colored.stdout, /\u001b\[31m-OLD = 1/);
    const forced = await withEnv({ FORCE_COLOR: '1' }, () => runMain(['run', dir], [fakeTransform()]));
    assert.match(forced.stdout, /\u001b\[32m\+NEW = 1/);
    const off = await withEnv({ FORCE_COLOR: '1' }, () => runMain(['run', dir, '--no-color'], [fakeTransform()]));
    assert.doesNotMatch(off.stdout, /\u001b\[/);
  });

  test('run --json: one document with diffs', async () => {
    const dir = writeTree(tmpDir('runjson'), project);
    const r = await runMain(['run', dir, '--json'], [fakeTransform({ review: 1 })]);
    assert.equal(r.code, 0);
    const doc = JSON.parse(r.stdout) as {
      version: number;
      transforms: string[];
      servers: { file: string; idiom: string; name: string; review: unknown[] }[];
      files: { path: string; status: string; diff?: string }[];
    };
    assert.equal(doc.version, 1);
    assert.deepEqual(doc.transforms, ['fake']);
    assert.deepEqual(
      doc.servers.map((s) => [s.file, s.idiom, s.name, s.review.length]),
      [['server.py', 'fake-idiom', 'fake', 1]],
    );
    const server = doc.files.find((f) => f.path === 'server.py')!;
    assert.equal(server.status, 'modified');
    assert.match(server.diff!, /\+NEW = 1/);
    assert.equal(doc.files.find((f) => f.path === 'lib/util.py')?.status, 'unchanged');
  });

  test('--fail-on-review exits 3 when warning/error review items remain, 0 otherwise', async () => {
    const dir = writeTree(tmpDir('review'), project);
    assert.equal((await runMain(['run', dir, '--fail-on-review'], [fakeTransform({ review: 2 })])).code, 3);
    assert.equal((await runMain(['run', dir, '--fail-on-review'], [fakeTransform()])).code, 0);
    assert.equal((await runMain(['run', dir], [fakeTransform({ review: 2 })])).code, 0);
    assert.equal((await runMain(['run', dir, '--fail-on-review'], [fakeTransform({ review: 2, severity: 'info' })])).code, 0, 'info items do not count');
  });

  test('--out writes the whole project, migrated files replaced, reports included', async () => {
    const dir = writeTree(tmpDir('out'), { ...project, 'data/blob.bin': Buffer.from([0, 1, 2, 0, 255]), 'node_modules/x/index.js': 'x' });
    const out = path.join(tmpDir('out-target'), 'migrated');
    const r = await runMain(['run', dir, '--out', out], [fakeTransform({ review: 1 })]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(path.join(out, 'server.py'), 'utf8'), 'NEW = 1\nprint(NEW)\n');
    assert.equal(readFileSync(path.join(out, 'lib/util.py'), 'utf8'), 'x = 2\n');
    assert.equal(readFileSync(path.join(out, 'README.md'), 'utf8'), '# readme\n');
    assert.deepEqual([...readFileSync(path.join(out, 'data/blob.bin'))], [0, 1, 2, 0, 255]);
    assert.ok(!existsSync(path.join(out, 'node_modules')));
    const md = readFileSync(path.join(out, 'MIGRATION_REPORT.md'), 'utf8');
    assert.match(md, /## Server fake/);
    assert.match(md, /FAKE-1/);
    assert.match(md, /pip install fastmcp/);
    assert.match(md, /fastmcp-migrate verify/);
    const json = JSON.parse(readFileSync(path.join(out, 'migration-report.json'), 'utf8')) as { version: number; servers: unknown[] };
    assert.equal(json.version, 1);
    assert.equal(json.servers.length, 1);
    // The original is untouched, and a second --out into a non-empty folder is refused.
    assert.equal(readFileSync(path.join(dir, 'server.py'), 'utf8'), project['server.py']);
    const again = await runMain(['run', dir, '--out', out], [fakeTransform()]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /exists and is not empty/);
  });

  test('an --out folder inside the project is not read or copied into itself', async () => {
    const dir = writeTree(tmpDir('out-inside'), project);
    writeTree(path.join(dir, 'migrated'), {});
    const r = await runMain(['run', dir, '--out', path.join(dir, 'migrated'), '--json'], [fakeTransform()]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { files: { path: string }[] };
    assert.ok(doc.files.every((f) => !f.path.startsWith('migrated/')), JSON.stringify(doc.files));
    assert.ok(existsSync(path.join(dir, 'migrated/server.py')));
    assert.ok(!existsSync(path.join(dir, 'migrated/migrated')));
  });

  test('--allow-dirty writes in place, saves a manifest, and undo restores', async () => {
    const dir = gitRepo('allow-dirty', project);
    writeFileSync(path.join(dir, 'README.md'), '# edited\n');
    const refused = await runMain(['run', dir, '--write'], [fakeTransform()]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /README\.md/);
    const r = await runMain(['run', dir, '--write', '--allow-dirty'], [fakeTransform()]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(path.join(dir, 'server.py'), 'utf8'), 'NEW = 1\nprint(NEW)\n');
    assert.ok(existsSync(path.join(dir, 'MIGRATION_REPORT.md')), 'report next to the server');
    assert.ok(existsSync(path.join(dir, 'migration-report.json')));
    assert.ok(existsSync(path.join(dir, '.fastmcp-migrate/last-run.json')));
    // The manifest folder ignores itself: only the migrated files and reports are new in git.
    const status = git(dir, 'status', '--porcelain');
    assert.doesNotMatch(status, /fastmcp-migrate/);
    const undo = await runMain(['undo', dir]);
    assert.equal(undo.code, 0, undo.stderr);
    assert.equal(readFileSync(path.join(dir, 'server.py'), 'utf8'), project['server.py']);
    assert.ok(!existsSync(path.join(dir, 'MIGRATION_REPORT.md')));
    assert.ok(!existsSync(path.join(dir, '.fastmcp-migrate')), 'undo leaves no manifest folder');
    assert.equal((await runMain(['undo', dir])).code, 1, 'nothing left to undo');
  });

  test('undo refuses to overwrite files edited since the run unless --force', async () => {
    const dir = writeTree(tmpDir('undo-conflict'), project);
    assert.equal((await runMain(['run', dir, '--write'], [fakeTransform()])).code, 0);
    writeFileSync(path.join(dir, 'server.py'), 'NEW = 2\n');
    const r = await runMain(['undo', dir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /server\.py/);
    assert.ok(existsSync(path.join(dir, 'MIGRATION_REPORT.md')), 'nothing restored');
    assert.equal((await runMain(['undo', dir, '--force'])).code, 0);
    assert.equal(readFileSync(path.join(dir, 'server.py'), 'utf8'), project['server.py']);
  });

  test('an output tree-sitter accepts but CPython rejects is never written (any transform, in place included)', async () => {
    const dir = writeTree(tmpDir('cpython-rejects'), project);
    // A module-level `return` parses for tree-sitter; CPython says "'return' outside function".
    const breaks = fakeTransform({ output: (t) => (t.startsWith('OLD = 1') ? 'x = 1\nreturn x\n' : t) });
    const r = await runMain(['run', dir, '--write', '--json'], [breaks]);
    assert.equal(r.code, 1);
    assert.equal(readFileSync(path.join(dir, 'server.py'), 'utf8'), project['server.py']);
    const doc = JSON.parse(r.stdout) as { review: { code: string; file: string; line: number; message: string }[] };
    const item = doc.review.find((i) => i.code === 'FMM-CLI-002' && i.file === 'server.py');
    assert.ok(item, 'an FMM-CLI-002 item for server.py');
    assert.equal(item.line, 2);
    assert.match(item.message, /outside function/);
  });

  test('an output that does not re-parse is never written; the rest still is', async () => {
    const dir = writeTree(tmpDir('broken-output'), { ...project, 'other.py': 'OLD = 3\n' });
    const breaks = fakeTransform({ output: (t) => (t.startsWith('OLD = 1') ? 'def broken(:\n' : t.replaceAll('OLD', 'NEW')) });
    const r = await runMain(['run', dir, '--write', '--json'], [breaks]);
    assert.equal(r.code, 1);
    assert.equal(readFileSync(path.join(dir, 'server.py'), 'utf8'), project['server.py']);
    assert.equal(readFileSync(path.join(dir, 'other.py'), 'utf8'), 'NEW = 3\n');
    const doc = JSON.parse(r.stdout) as { review: { code: string; file: string }[]; files: { path: string; status: string; reason?: string }[] };
    assert.ok(doc.review.some((i) => i.code === 'FMM-CLI-002' && i.file === 'server.py'));
    const entry = doc.files.find((f) => f.path === 'server.py')!;
    assert.equal(entry.status, 'skipped');
    assert.match(entry.reason!, /does not parse/);
  });

  test('a transform that throws becomes a review item, exit 1, nothing written', async () => {
    const dir = writeTree(tmpDir('crash'), project);
    const crashing: Transform = { ...fakeTransform(), run: () => { throw new Error('boom'); } };
    const r = await runMain(['run', dir, '--write'], [crashing]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /FMM-CLI-001.*transform fake failed: boom/);
    assert.equal(readFileSync(path.join(dir, 'server.py'), 'utf8'), project['server.py']);
  });

  test('library API: runProject + writeInPlace without the shell', () => {
    const dir = writeTree(tmpDir('lib'), project);
    const run = runProject(dir, { transforms: [fakeTransform()] });
    assert.deepEqual(run.files.filter((f) => f.status === 'modified').map((f) => f.path), ['server.py']);
    const written = writeInPlace(run);
    assert.deepEqual(written.written, ['server.py']);
    assert.deepEqual(written.reports, ['MIGRATION_REPORT.md', 'migration-report.json']);
  });
});

async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
