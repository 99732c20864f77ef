// How the real-world harness starts a package: entry_points.txt parsing, the installed
// distribution lookup, the migrated import root, and the launcher importing the migrated copy
// rather than the installed one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { findDistInfo, findImportRoot, parseEntryPoints, parseEntryTarget, resolveScript } from '../scripts/realworld/entry.js';
import { FASTMCP4_PYTHON, LAUNCHER } from '../scripts/realworld/paths.js';
import { declarationFiles, depsHash, migInstallArgs, FASTMCP_PIN } from '../scripts/realworld/venvs.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'rw-entry-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe('entry_points.txt', () => {
  test('sections, spacing, comments, extras', () => {
    const eps = parseEntryPoints(
      ['# generated', '[console_scripts]', 'my-mcp = my_mcp.server:main', 'other=my_mcp.cli:App.run [fast, slow]', '', '[gui_scripts]', 'g = g:main', '[other.section]', 'x = y'].join(
        '\r\n',
      ),
    );
    assert.deepEqual(eps.console_scripts, { 'my-mcp': 'my_mcp.server:main', other: 'my_mcp.cli:App.run [fast, slow]' });
    assert.deepEqual(eps.gui_scripts, { g: 'g:main' });
    assert.deepEqual(parseEntryTarget(eps.console_scripts!.other!), { module: 'my_mcp.cli', attr: 'App.run' });
    assert.deepEqual(parseEntryTarget('pkg.mod:main'), { module: 'pkg.mod', attr: 'main' });
    assert.equal(parseEntryTarget('pkg.mod'), undefined);
  });

  test('the dist-info of a distribution, names normalised; resolveScript', () => {
    const venv = path.join(tmp, 'venv');
    const site = path.join(venv, 'lib', 'python3.11', 'site-packages');
    write(path.join(site, 'My_Mcp.Server-1.0.0.dist-info', 'entry_points.txt'), '[console_scripts]\nmy-mcp = my_mcp.server:main\n');
    write(path.join(site, 'my_mcp_server_extra-1.0.0.dist-info', 'METADATA'), '');
    assert.equal(path.basename(findDistInfo(site, 'my-mcp-server', '1.0.0')!), 'My_Mcp.Server-1.0.0.dist-info');
    assert.equal(findDistInfo(site, 'my-mcp-server', '2.0.0'), undefined);
    assert.deepEqual(resolveScript(venv, 'my-mcp-server', '1.0.0', 'my-mcp'), { module: 'my_mcp.server', attr: 'main' });
    assert.throws(() => resolveScript(venv, 'my-mcp-server', '1.0.0', 'nope'), /no console script "nope" \(it has: my-mcp\)/);
    assert.throws(() => resolveScript(venv, 'absent', '1.0.0', 'x'), /no absent-1.0.0.dist-info/);
  });

  test('the import root of the migrated tree: src layout, flat layout, single module, none', () => {
    const src = path.join(tmp, 'src-layout');
    write(path.join(src, 'src', 'pkg_a', '__init__.py'), '');
    write(path.join(src, 'tests', 'pkg_a', '__init__.py'), '');
    assert.equal(findImportRoot(src, 'pkg_a'), path.join(src, 'src'));
    const flat = path.join(tmp, 'flat');
    write(path.join(flat, 'pkg_b', 'server.py'), '');
    write(path.join(flat, 'src', 'pkg_b', 'server.py'), '');
    assert.equal(findImportRoot(flat, 'pkg_b'), flat);
    const single = path.join(tmp, 'single');
    write(path.join(single, 'server.py'), '');
    assert.equal(findImportRoot(single, 'server'), single);
    assert.equal(findImportRoot(single, 'elsewhere'), undefined);
  });
});

describe('mig venv key', () => {
  test('the dependency hash ignores code and follows the declarations', () => {
    const root = path.join(tmp, 'proj');
    write(path.join(root, 'pyproject.toml'), '[project]\nname = "p"\ndependencies = ["fastmcp==4.2.3"]\n');
    write(path.join(root, 'p', 'server.py'), 'print(1)\n');
    const h1 = depsHash(root);
    write(path.join(root, 'p', 'server.py'), 'print(2)\n');
    write(path.join(root, 'README.md'), 'changed\n');
    assert.equal(depsHash(root), h1, 'a code change keeps the mig venv');
    write(path.join(root, 'requirements-dev.txt'), 'pytest\n');
    const h2 = depsHash(root);
    assert.notEqual(h2, h1);
    write(path.join(root, 'pyproject.toml'), '[project]\nname = "p"\ndependencies = ["fastmcp==4.2.3", "httpx"]\n');
    assert.notEqual(depsHash(root), h2);
    assert.deepEqual(declarationFiles(root), ['pyproject.toml', 'requirements-dev.txt']);
    assert.deepEqual(migInstallArgs(root), [root, FASTMCP_PIN]);
    const reqOnly = path.join(tmp, 'req-only');
    write(path.join(reqOnly, 'requirements.txt'), 'httpx\n');
    assert.deepEqual(migInstallArgs(reqOnly), ['-r', path.join(reqOnly, 'requirements.txt'), FASTMCP_PIN]);
  });
});

describe('rw_launch.py', () => {
  const python = existsSync(FASTMCP4_PYTHON) ? FASTMCP4_PYTHON : 'python3';
  // An "installed" copy (on PYTHONPATH, like site-packages) and a migrated copy of the same package.
  const installed = path.join(tmp, 'installed');
  const migrated = path.join(tmp, 'migrated', 'src');
  const body = (who: string) => `import sys\ndef main():\n    print("${who}", sys.argv[0], sys.argv[1:])\n    return 0\n`;
  write(path.join(installed, 'demo_srv', '__init__.py'), '');
  write(path.join(installed, 'demo_srv', 'server.py'), body('installed'));
  write(path.join(installed, 'demo_srv', '__main__.py'), 'print("installed-main")\n');
  write(path.join(migrated, 'demo_srv', '__init__.py'), '');
  write(path.join(migrated, 'demo_srv', 'server.py'), body('migrated'));
  write(path.join(migrated, 'demo_srv', '__main__.py'), 'import sys\nprint("migrated-main", sys.argv[1:])\n');
  // A server that reads its arguments at import time must see its own, not the launcher's.
  write(path.join(installed, 'argv_at_import.py'), 'import sys\nARGS = list(sys.argv)\ndef main():\n    print(ARGS)\n');
  const run = (args: string[]) =>
    spawnSync(python, [LAUNCHER, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', PYTHONPATH: installed }, cwd: tmp });

  test('without --prefer the installed copy runs (the original side)', () => {
    const r = run(['--script', 'demo_srv.server:main', '--prog', 'demo-srv', '--', '--flag', 'x']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "installed demo-srv ['--flag', 'x']");
  });

  test('sys.argv is the server\'s own from the first import on', () => {
    const r = run(['--script', 'argv_at_import:main', '--prog', 'argv-srv', '--', '--x', '1']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "['argv-srv', '--x', '1']");
  });

  test('with --prefer the migrated source runs, not the installed copy', () => {
    const r = run(['--prefer', migrated, '--script', 'demo_srv.server:main', '--prog', 'demo-srv', '--', 'a']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "migrated demo-srv ['a']");
    const m = run(['--prefer', migrated, '--module', 'demo_srv', '--', 'b']);
    assert.equal(m.status, 0, m.stderr);
    assert.equal(m.stdout.trim(), "migrated-main ['b']");
  });

  test('--prefer a folder without the package: refused with exit 97', () => {
    const r = run(['--prefer', path.join(tmp, 'single'), '--script', 'demo_srv.server:main', '--']);
    assert.equal(r.status, 97);
    assert.match(r.stderr, /module demo_srv was imported from .*installed.*, not from/);
  });
});
