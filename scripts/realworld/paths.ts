// Where things are: the repository this harness belongs to, its CLI and venvs, and the cache.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pkgKey } from './packages.js';

function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'bin', 'fastmcp-migrate.js'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('cannot find the repository root (package.json + bin/fastmcp-migrate.js) above the harness');
}

export const REPO_ROOT = findRepoRoot();
export const CLI = path.join(REPO_ROOT, 'bin', 'fastmcp-migrate.js');
/** The project venv with fastmcp 4 (py_compile of written files). */
export const FASTMCP4_PYTHON = path.join(REPO_ROOT, '.venv', 'fastmcp4', 'bin', 'python');
export const LAUNCHER = path.join(REPO_ROOT, 'scripts', 'realworld', 'rw_launch.py');
export const VERIFY_CHILD = path.join(REPO_ROOT, 'dist', 'scripts', 'realworld', 'verify-child.js');

export function defaultCache(): string {
  return process.env.RW_CACHE ? path.resolve(process.env.RW_CACHE) : path.join(REPO_ROOT, '.cache', 'realworld');
}

export interface PkgPaths {
  src: string;
  work: string;
  migrated: string;
  venvDir: string;
  orig: string;
  mig: string;
  log: string;
}

export function pkgPaths(cache: string, p: { name: string; version: string }): PkgPaths {
  const key = pkgKey(p);
  const work = path.join(cache, 'work', key);
  const venvDir = path.join(cache, 'venv', key);
  return {
    src: path.join(cache, 'src', key),
    work,
    migrated: path.join(work, 'migrated'),
    venvDir,
    orig: path.join(venvDir, 'orig'),
    mig: path.join(venvDir, 'mig'),
    log: path.join(cache, 'logs', `${key}.log`),
  };
}
