// Cached per-package results ($RW_CACHE/results/<name>==<version>.json), valid while the compiled
// tool, the harness, the sdist and the package entry are the same.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pkgKey, type PackageSpec } from './packages.js';
import { REPO_ROOT } from './paths.js';
import type { ResultRow } from './results.js';
import { runProc } from './proc.js';

function hashTree(h: ReturnType<typeof createHash>, dir: string, filter: (f: string) => boolean): void {
  if (!existsSync(dir)) return;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (filter(name)) {
        h.update(path.relative(REPO_ROOT, full));
        h.update('\0');
        h.update(readFileSync(full));
        h.update('\0');
      }
    }
  };
  walk(dir);
}

/** Hash of the compiled migrator (dist/src, dist/transforms, bin) and of the harness itself. */
export function toolFingerprint(): string {
  const h = createHash('sha256');
  const js = (f: string) => f.endsWith('.js');
  hashTree(h, path.join(REPO_ROOT, 'dist', 'src'), js);
  hashTree(h, path.join(REPO_ROOT, 'dist', 'transforms'), js);
  hashTree(h, path.join(REPO_ROOT, 'dist', 'scripts', 'realworld'), js);
  hashTree(h, path.join(REPO_ROOT, 'bin'), () => true);
  h.update(readFileSync(path.join(REPO_ROOT, 'scripts', 'realworld', 'rw_launch.py')));
  return h.digest('hex').slice(0, 16);
}

export async function toolCommit(): Promise<string> {
  const head = await runProc('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: REPO_ROOT, timeoutMs: 30_000 });
  const status = await runProc('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO_ROOT, timeoutMs: 30_000 });
  const commit = head.code === 0 ? head.stdout.trim() : 'unknown';
  return status.code === 0 && status.stdout.trim() ? `${commit}+dirty` : commit;
}

export function staticKey(fp: string, spec: PackageSpec): string {
  return createHash('sha256').update(`${fp}\0${spec.sdist}\0${spec.sha256}`).digest('hex').slice(0, 16);
}

export function runtimeKey(sKey: string, spec: PackageSpec): string {
  const entry = JSON.stringify({ entry: spec.entry, args: spec.args, env: spec.env, calls: spec.calls ?? null, startsOffline: spec.startsOffline });
  return createHash('sha256').update(`${sKey}\0${entry}`).digest('hex').slice(0, 16);
}

export interface CachedResult {
  staticKey?: string;
  runtimeKey?: string;
  row: ResultRow;
}

function file(cache: string, spec: PackageSpec): string {
  return path.join(cache, 'results', `${pkgKey(spec)}.json`);
}

export function loadCached(cache: string, spec: PackageSpec): CachedResult | undefined {
  try {
    return JSON.parse(readFileSync(file(cache, spec), 'utf8')) as CachedResult;
  } catch {
    return undefined;
  }
}

export function saveCached(cache: string, spec: PackageSpec, value: CachedResult): void {
  const f = file(cache, spec);
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(`${f}.tmp`, JSON.stringify(value, null, 2) + '\n');
  renameSync(`${f}.tmp`, f);
}
