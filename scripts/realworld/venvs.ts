// The runtime stage's virtual environments, made with uv (installed by the harness from PyPI into
// $RW_CACHE/tools):
// - orig: `name==version` with its dependencies, as a user installs it; reused while `.ok` exists.
// - mig:  the migrated project's dependencies as the migrated project declares them, plus
//         fastmcp==4.2.3, resolved together (a dropped dependency or a pin conflict fails here with
//         the installer's message). Keyed by a hash of the migrated dependency declarations, so a
//         re-run after a migrator change that leaves them alone reuses it; the migrated source is
//         put first on sys.path at start-up (rw_launch.py --prefer), so the current migrated code
//         is what runs even though an older build of it is installed.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from './log.js';
import type { PackageSpec } from './packages.js';
import type { PkgPaths } from './paths.js';
import { runProc, tail } from './proc.js';

export const UV_VERSION = '0.13.8';
export const FASTMCP_PIN = 'fastmcp==4.2.3';
const INSTALL_TIMEOUT_MS = 15 * 60_000;

let pythonPromise: Promise<string> | undefined;
/** The real path of python3.11 (not a pyenv shim). */
export function python311(): Promise<string> {
  pythonPromise ??= runProc('python3.11', ['-c', 'import sys; print(sys.executable)'], { timeoutMs: 60_000 }).then((r) => {
    const exe = r.stdout.trim();
    if (r.code !== 0 || !exe) throw new Error(`python3.11 not found: ${tail(r.stderr, 1)}`);
    return exe;
  });
  return pythonPromise;
}

/** Environment for uv: the cache in $RW_CACHE, no progress bars, no Python downloads. */
export function uvEnv(cache: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
    UV_CACHE_DIR: path.join(cache, 'uv-cache'),
    UV_NO_PROGRESS: '1',
    UV_PYTHON_DOWNLOADS: 'never',
    // The system's certificate store (a proxy's CA may only be there).
    UV_NATIVE_TLS: '1',
    ...(process.env.SSL_CERT_FILE ? { SSL_CERT_FILE: process.env.SSL_CERT_FILE } : {}),
    NO_COLOR: '1',
  };
}

let uvPromise: Promise<string> | undefined;
/** $RW_CACHE/tools/bin/uv at version 0.13.8, installed from PyPI with pip when missing. */
export function ensureUv(cache: string, log: Logger): Promise<string> {
  uvPromise ??= (async () => {
    const tools = path.join(cache, 'tools');
    const uv = path.join(tools, 'bin', 'uv');
    if (existsSync(uv)) {
      const v = await runProc(uv, ['--version'], { timeoutMs: 60_000 });
      if (v.code === 0 && v.stdout.includes(UV_VERSION)) return uv;
    }
    const py = path.join(tools, 'bin', 'python');
    if (!existsSync(py)) {
      const r = await runProc(await python311(), ['-m', 'venv', tools], { log, timeoutMs: 300_000 });
      if (r.code !== 0) throw new Error(`cannot create ${tools}: ${tail(r.stderr, 2)}`);
    }
    const r = await runProc(py, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', `uv==${UV_VERSION}`], { log, timeoutMs: 600_000 });
    if (r.code !== 0 || !existsSync(uv)) throw new Error(`cannot install uv==${UV_VERSION}: ${tail(r.stderr, 2)}`);
    return uv;
  })();
  uvPromise.catch(() => (uvPromise = undefined));
  return uvPromise;
}

export interface VenvResult {
  ok: boolean;
  python: string;
  /** Reused from an earlier run. */
  reused: boolean;
  error?: string;
  depsHash?: string;
}

async function createVenv(uv: string, dir: string, cache: string, log: Logger): Promise<string | undefined> {
  rmSync(dir, { recursive: true, force: true });
  const r = await runProc(uv, ['venv', '--python', await python311(), dir], { log, env: uvEnv(cache), timeoutMs: 300_000 });
  return r.code === 0 ? undefined : `uv venv failed: ${tail(r.stderr, 2)}`;
}

/** The installer's message: the lines that explain a failed resolution or build. */
export function installError(stderr: string): string {
  const lines = stderr.replace(/\r/g, '').split('\n').map((l) => l.trimEnd()).filter((l) => l.trim());
  const start = lines.findIndex((l) => /^\s*(×|error:|Because|hint:)/.test(l));
  const picked = start >= 0 ? lines.slice(start, start + 6) : lines.slice(-4);
  return picked.map((l) => l.trim()).join(' / ').slice(0, 600);
}

export async function ensureOrigVenv(spec: PackageSpec, p: PkgPaths, cache: string, log: Logger): Promise<VenvResult> {
  const python = path.join(p.orig, 'bin', 'python');
  if (existsSync(path.join(p.orig, '.ok'))) return { ok: true, python, reused: true };
  const uv = await ensureUv(cache, log);
  const err = await createVenv(uv, p.orig, cache, log);
  if (err) return { ok: false, python, reused: false, error: err };
  const r = await runProc(uv, ['pip', 'install', '--python', python, `${spec.name}==${spec.version}`], {
    log,
    env: uvEnv(cache),
    timeoutMs: INSTALL_TIMEOUT_MS,
  });
  if (r.code !== 0) return { ok: false, python, reused: false, error: `installing ${spec.name}==${spec.version} failed: ${installError(r.stderr)}` };
  writeFileSync(path.join(p.orig, '.ok'), `${spec.name}==${spec.version}\n`);
  return { ok: true, python, reused: false };
}

const DECLARATION_FILES = /^(pyproject\.toml|setup\.py|setup\.cfg|requirements[\w.-]*\.txt|Pipfile)$/;

/** The files of a project root that declare its dependencies. */
export function declarationFiles(root: string): string[] {
  return readdirSync(root)
    .filter((f) => DECLARATION_FILES.test(f))
    .sort();
}

/** Hash of the migrated dependency declarations (+ the fastmcp pin and the tool versions). */
export function depsHash(root: string): string {
  const h = createHash('sha256');
  h.update(`${FASTMCP_PIN}\nuv ${UV_VERSION}\n`);
  for (const f of declarationFiles(root)) {
    h.update(`${f}\0`);
    h.update(readFileSync(path.join(root, f)));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/** What the mig venv installs: the migrated project itself when it is installable, else its requirements. */
export function migInstallArgs(buildDir: string): string[] {
  const files = declarationFiles(buildDir);
  if (files.some((f) => f === 'pyproject.toml' || f === 'setup.py' || f === 'setup.cfg')) return [buildDir, FASTMCP_PIN];
  const req = files.find((f) => f === 'requirements.txt');
  return req ? ['-r', path.join(buildDir, req), FASTMCP_PIN] : [FASTMCP_PIN];
}

export async function ensureMigVenv(p: PkgPaths, cache: string, log: Logger, fresh: boolean): Promise<VenvResult> {
  const python = path.join(p.mig, 'bin', 'python');
  const hash = depsHash(p.migrated);
  const stampOk = path.join(p.mig, '.ok');
  const stampFail = path.join(p.venvDir, 'mig.failed.json');
  if (existsSync(stampOk) && readFileSync(stampOk, 'utf8').trim() === hash) return { ok: true, python, reused: true, depsHash: hash };
  if (!fresh && existsSync(stampFail)) {
    const failed = JSON.parse(readFileSync(stampFail, 'utf8')) as { hash: string; error: string };
    if (failed.hash === hash) return { ok: false, python, reused: true, error: failed.error, depsHash: hash };
  }
  rmSync(stampFail, { force: true });
  const uv = await ensureUv(cache, log);
  const err = await createVenv(uv, p.mig, cache, log);
  if (err) return { ok: false, python, reused: false, error: err, depsHash: hash };
  // Build from a copy: a build backend may write into the tree (egg-info, build/).
  const buildDir = path.join(p.work, 'mig-build');
  rmSync(buildDir, { recursive: true, force: true });
  cpSync(p.migrated, buildDir, { recursive: true });
  const r = await runProc(uv, ['pip', 'install', '--python', python, ...migInstallArgs(buildDir)], { log, env: uvEnv(cache), timeoutMs: INSTALL_TIMEOUT_MS });
  rmSync(buildDir, { recursive: true, force: true });
  if (r.code !== 0) {
    const error = `installing the migrated project's dependencies with ${FASTMCP_PIN} failed: ${installError(r.stderr)}`;
    // Only a resolution failure is a fact about the migrated declarations; a network error is not.
    if (!r.timedOut && isResolutionFailure(r.stderr)) writeFileSync(stampFail, JSON.stringify({ hash, error }) + '\n');
    return { ok: false, python, reused: false, error, depsHash: hash };
  }
  writeFileSync(stampOk, `${hash}\n`);
  return { ok: true, python, reused: false, depsHash: hash };
}

/** uv could not satisfy the requirements (as opposed to a network or build failure). */
export function isResolutionFailure(stderr: string): boolean {
  return /No solution found|requirements are unsatisfiable/i.test(stderr);
}
