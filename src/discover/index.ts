// discover: project root → the files transforms see, honouring .gitignore, --ignore and size limits.
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ProjectFile } from '../core/types.js';
import { insideGitWorkTree } from '../io/git.js';
import { compileIgnore } from './glob.js';
import { isLockfile } from './versions.js';

/** Folders never worth reading: VCS data, dependencies, virtualenvs, caches, build output. */
export const SKIP_DIRS = new Set([
  '.git',
  'node_modules',
  '.venv',
  'venv',
  'env',
  '__pycache__',
  'dist',
  'build',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.fastmcp-migrate',
]);

export const MAX_FILE_BYTES = 1024 * 1024;
/** Lockfiles are only scanned for versions, and real ones are big. */
export const MAX_LOCKFILE_BYTES = 32 * 1024 * 1024;

const SOURCE_EXTENSIONS = new Set(['.py', '.ts', '.js', '.mjs', '.cjs']);

/** Cheap prefilter: only sources and dependency manifests reach the transforms. */
export function isTransformCandidate(relPath: string): boolean {
  const base = path.posix.basename(relPath);
  if (base === 'pyproject.toml' || base === 'package.json') return true;
  if (/^requirements.*\.txt$/.test(base)) return true;
  if (base.endsWith('.d.ts')) return false;
  return SOURCE_EXTENSIONS.has(path.posix.extname(base));
}

export interface DiscoverOptions {
  /** Globs to leave out (see glob.ts for the syntax). */
  ignore?: string[];
  /** `auto` (default) lists files with git inside a work tree; `never` always walks the folder. */
  git?: 'auto' | 'never';
  /** Files larger than this are skipped (default 1 MiB). */
  maxBytes?: number;
}

export interface SkippedFile {
  path: string;
  reason: 'binary' | 'too-large' | 'unreadable';
}

export interface DiscoveryResult {
  /** Absolute project root. */
  root: string;
  /** Text files that pass the prefilter: what transforms receive. */
  files: ProjectFile[];
  /** Every regular file not ignored, binaries and large files included: what `--out` copies. */
  allPaths: string[];
  /** Candidate files left out because they are binary, too large or unreadable. */
  skipped: SkippedFile[];
  /** Lockfiles (uv.lock, poetry.lock, requirements*.lock, ...): read for `plan`, never given to transforms. */
  lockfiles: ProjectFile[];
  usedGit: boolean;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function hasSkippedDir(relPath: string): boolean {
  const parts = relPath.split('/');
  parts.pop();
  return parts.some((part) => SKIP_DIRS.has(part));
}

/** Paths from git (tracked + untracked-not-ignored), or undefined when root is not in a work tree. */
function gitListFiles(root: string): string[] | undefined {
  if (!insideGitWorkTree(root)) return undefined;
  try {
    const out = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
    const paths = [...new Set(out.split('\0').filter((p) => p.length > 0))];
    // Nothing listed: the folder itself is ignored by an enclosing repository (or empty); walk it.
    return paths.length ? paths : undefined;
  } catch {
    return undefined;
  }
}

function walk(root: string): string[] {
  const out: string[] = [];
  const visit = (absDir: string, relDir: string) => {
    let entries;
    try {
      entries = readdirSync(absDir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) visit(path.join(absDir, entry.name), rel);
      } else if (entry.isFile()) {
        out.push(rel);
      }
      // Symlinks and special files are left alone: following them can leave the project or loop.
    }
  };
  visit(root, '');
  return out;
}

export function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, Math.min(buf.length, 8000)).includes(0);
}

/** List and read a project. Throws when root is not a readable folder. */
export function discoverProject(rootArg: string, options: DiscoverOptions = {}): DiscoveryResult {
  const root = path.resolve(rootArg);
  const st = lstatSync(root, { throwIfNoEntry: false });
  if (!st) throw new Error(`no such file or directory: ${rootArg}`);
  if (!st.isDirectory()) throw new Error(`not a directory: ${rootArg}`);

  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  const ignored = compileIgnore(options.ignore ?? []);
  const fromGit = options.git === 'never' ? undefined : gitListFiles(root);
  const listed = (fromGit ?? walk(root)).map(toPosix);

  const allPaths: string[] = [];
  for (const rel of listed) {
    if (hasSkippedDir(rel) || ignored(rel)) continue;
    // git lists tracked files that were deleted from the work tree, and symlinks: keep regular files only.
    const fst = lstatSync(path.join(root, rel), { throwIfNoEntry: false });
    if (!fst || !fst.isFile()) continue;
    allPaths.push(rel);
  }
  allPaths.sort();

  const files: ProjectFile[] = [];
  const skipped: SkippedFile[] = [];
  const lockfiles: ProjectFile[] = [];
  for (const rel of allPaths) {
    if (isLockfile(rel)) {
      const abs = path.join(root, rel);
      try {
        if (lstatSync(abs).size <= MAX_LOCKFILE_BYTES) lockfiles.push({ path: rel, text: readFileSync(abs, 'utf8') });
      } catch {
        /* an unreadable lockfile only means fewer facts for `plan` */
      }
      continue;
    }
    if (!isTransformCandidate(rel)) continue;
    const abs = path.join(root, rel);
    let buf: Buffer;
    try {
      if (lstatSync(abs).size > maxBytes) {
        skipped.push({ path: rel, reason: 'too-large' });
        continue;
      }
      buf = readFileSync(abs);
    } catch {
      skipped.push({ path: rel, reason: 'unreadable' });
      continue;
    }
    if (isBinary(buf)) {
      skipped.push({ path: rel, reason: 'binary' });
      continue;
    }
    files.push({ path: rel, text: buf.toString('utf8') });
  }
  return { root, files, allPaths, skipped, lockfiles, usedGit: fromGit !== undefined };
}
