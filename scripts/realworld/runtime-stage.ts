// The runtime stage: the original (orig venv) and the migrated code (mig venv, migrated source
// first on sys.path) started over stdio the same way, compared by this repository's verify.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findImportRoot, resolveScript } from './entry.js';
import type { Logger } from './log.js';
import type { PackageSpec } from './packages.js';
import { LAUNCHER, VERIFY_CHILD, type PkgPaths } from './paths.js';
import { runProc, tail } from './proc.js';
import type { VerifyChildOutput, VerifyChildSpec } from './verify-child.js';
import { ensureMigVenv, ensureOrigVenv } from './venvs.js';

/** Per server start-up and per request. */
export const START_TIMEOUT_MS = 60_000;
const MAX_DIFF_LINES = 5;

export interface RuntimeResult {
  /** Why the runtime stage was not run (startsOffline: false, ...). */
  skipped?: string;
  origVenv?: { ok: boolean; reused: boolean; error?: string };
  migVenv?: { ok: boolean; reused: boolean; error?: string; depsHash?: string };
  originalStarts: boolean | null;
  migratedStarts: boolean | null;
  /** verify said equal (surface and, with calls, call results). */
  runtimeEqual: boolean | null;
  /** No difference outside the replayed calls. */
  surfaceEqual: boolean | null;
  /** null when the package records no calls or they could not be replayed. */
  callsEqual: boolean | null;
  calls?: { total: number; equal: number };
  toolsOriginal: number | null;
  toolsMigrated: number | null;
  differenceCount?: number;
  /** First differences, `path: message`. */
  differences: string[];
  /** First differences in the replayed calls' results. */
  callDifferences?: string[];
  /** One short line: why this package is not runtime-equal. */
  failure?: { cause: string; detail: string };
  stderrTail?: string;
  durationMs: number;
}

export function emptyRuntime(skipped?: string): RuntimeResult {
  const r: RuntimeResult = {
    originalStarts: null,
    migratedStarts: null,
    runtimeEqual: null,
    surfaceEqual: null,
    callsEqual: null,
    toolsOriginal: null,
    toolsMigrated: null,
    differences: [],
    durationMs: 0,
  };
  if (skipped) r.skipped = skipped;
  return r;
}

/** The exception line of a Python traceback tail (`ModuleNotFoundError: No module named 'x'`), else its last line. */
export function exceptionLine(stderr: string): string {
  // Exception groups indent their sub-tracebacks with `|` and frame them with `+---` lines.
  const lines = stderr
    .replace(/\r/g, '')
    .split('\n')
    .map((l) => l.replace(/^(\s*\|)+/, '').trim())
    .filter((l) => l && !/^\+[-+ 0-9]*$/.test(l));
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^([A-Za-z_][\w.]*)(Error|Exception|Exit|Interrupt|Warning|Group)\b.*?(:|$)/.test(lines[i]!)) return lines[i]!.slice(0, 300);
  }
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

function serverEnv(venv: string, home: string, extra: Record<string, string>): Record<string, string> {
  mkdirSync(home, { recursive: true });
  return {
    PATH: `${path.join(venv, 'bin')}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    VIRTUAL_ENV: venv,
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    ...extra,
  };
}

export async function runRuntimeStage(spec: PackageSpec, p: PkgPaths, cache: string, log: Logger, fresh: boolean): Promise<RuntimeResult> {
  const started = Date.now();
  const res = emptyRuntime();
  const done = () => ((res.durationMs = Date.now() - started), res);
  const fail = (cause: string, detail: string) => ((res.failure = { cause, detail: detail.split('\n')[0]!.slice(0, 300) }), done());

  log.line('runtime: orig venv');
  const orig = await ensureOrigVenv(spec, p, cache, log);
  res.origVenv = { ok: orig.ok, reused: orig.reused, ...(orig.error ? { error: orig.error } : {}) };
  if (!orig.ok) {
    res.originalStarts = false;
    return fail('original: install failed', orig.error ?? 'install failed');
  }

  log.line('runtime: mig venv');
  const mig = await ensureMigVenv(p, cache, log, fresh);
  res.migVenv = { ok: mig.ok, reused: mig.reused, ...(mig.error ? { error: mig.error } : {}), ...(mig.depsHash ? { depsHash: mig.depsHash } : {}) };

  let launch: string[];
  let topModule: string;
  try {
    if ('script' in spec.entry) {
      const target = resolveScript(p.orig, spec.name, spec.version, spec.entry.script);
      launch = ['--script', `${target.module}:${target.attr}`, '--prog', spec.entry.script];
      topModule = target.module.split('.')[0]!;
    } else {
      launch = ['--module', spec.entry.module];
      topModule = spec.entry.module.split('.')[0]!;
    }
  } catch (e) {
    res.originalStarts = false;
    return fail('harness: entry not found', e instanceof Error ? e.message : String(e));
  }
  const importRoot = findImportRoot(p.migrated, topModule);

  const original = {
    command: orig.python,
    args: [LAUNCHER, ...launch, '--', ...spec.args],
    cwd: path.join(p.work, 'run-orig'),
    env: serverEnv(p.orig, path.join(p.work, 'home-orig'), spec.env),
  };
  const migrated = {
    command: mig.python,
    args: [LAUNCHER, ...(importRoot ? ['--prefer', importRoot] : []), ...launch, '--', ...spec.args],
    cwd: path.join(p.work, 'run-mig'),
    env: serverEnv(p.mig, path.join(p.work, 'home-mig'), spec.env),
  };
  mkdirSync(original.cwd, { recursive: true });
  mkdirSync(migrated.cwd, { recursive: true });

  if (!mig.ok || !importRoot) {
    // The migrated code cannot run: still find out whether the original starts (verify needs two
    // servers; start the original against itself).
    const why = !mig.ok ? (mig.error ?? 'mig venv failed') : `module ${topModule} not found in the migrated tree`;
    const alone = await verifyChild({ original, migrated: original, timeoutMs: START_TIMEOUT_MS, ...(spec.calls ? { calls: spec.calls } : {}) }, p, log);
    if ('report' in alone) {
      res.originalStarts = true;
      res.toolsOriginal = alone.report.original.tools.length;
    } else {
      res.originalStarts = alone.error.kind === 'start' ? false : alone.error.kind === 'request' ? true : null;
    }
    res.migratedStarts = false;
    return fail(!mig.ok ? 'migrated: dependencies do not install' : 'harness: migrated module not found', why);
  }

  log.line('runtime: verify');
  const out = await verifyChild({ original, migrated, timeoutMs: START_TIMEOUT_MS, ...(spec.calls ? { calls: spec.calls } : {}) }, p, log);
  if ('error' in out) {
    const e = out.error;
    res.stderrTail = e.stderrTail ? tail(e.stderrTail, 12) : undefined;
    if (e.kind === 'other') return fail('harness: verify crashed', e.message);
    if (e.kind === 'start') {
      if (e.side === 'original') {
        res.originalStarts = false;
        res.migratedStarts = e.otherSideFailed ? false : true;
        return fail('original: does not start', exceptionLine(e.stderrTail ?? '') || firstLine(e.message));
      }
      res.originalStarts = true;
      res.migratedStarts = false;
      const notImported = /^rw_launch: module .*$/m.exec(e.stderrTail ?? '');
      if (notImported) return fail('harness: migrated source not imported', notImported[0]);
      return fail('migrated: does not start', exceptionLine(e.stderrTail ?? '') || firstLine(e.message));
    }
    // A request failed after both started.
    res.originalStarts = true;
    res.migratedStarts = true;
    return fail(`${e.side ?? 'a'} server: request failed`, firstLine(e.message.replace(/^the (original|migrated) server /, '')));
  }
  const report = out.report;
  res.originalStarts = true;
  res.migratedStarts = true;
  res.runtimeEqual = report.equal;
  res.toolsOriginal = report.original.tools.length;
  res.toolsMigrated = report.migrated.tools.length;
  res.differenceCount = report.differences.length;
  res.differences = report.differences.slice(0, MAX_DIFF_LINES).map((d) => `${d.path}: ${d.message}`.slice(0, 400));
  res.surfaceEqual = !report.differences.some((d) => !d.path.startsWith('calls.'));
  const callDiffs = report.differences.filter((d) => d.path.startsWith('calls.'));
  if (callDiffs.length) res.callDifferences = callDiffs.slice(0, MAX_DIFF_LINES).map((d) => `${d.path}: ${d.message}`.slice(0, 400));
  if (report.calls && report.calls.length > 0) {
    const same = report.calls.filter((c) => c.equal).length;
    res.calls = { total: report.calls.length, equal: same };
    res.callsEqual = same === report.calls.length && !report.differences.some((d) => d.path.startsWith('calls.'));
  }
  if (!report.equal) {
    if (res.toolsMigrated < res.toolsOriginal) return fail('migrated: fewer tools', `${res.toolsOriginal} → ${res.toolsMigrated} tools; ${res.differences[0] ?? ''}`);
    const first = report.differences[0]!;
    return fail(res.surfaceEqual ? 'calls differ' : `surface differs: ${differenceClass(first.path)}`, `${first.path}: ${first.message}`);
  }
  return done();
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

/** A difference path with the item names abstracted: `tools.git_add.inputSchema.x` → `tools.*.inputSchema`. */
export function differenceClass(p: string): string {
  const m = /^(tools|resources|resourceTemplates|prompts|calls)(?:\.[\w-]+|\[[^\]]*\])(?:\.([A-Za-z]+))?/.exec(p);
  if (m) {
    if (m[1] === 'calls') return 'calls';
    return `${m[1]}.*${m[2] ? `.${m[2]}` : ''}`;
  }
  return p.split(/[.[]/)[0]!;
}

async function verifyChild(spec: VerifyChildSpec, p: PkgPaths, log: Logger): Promise<VerifyChildOutput> {
  const file = path.join(p.work, 'verify-spec.json');
  writeFileSync(file, JSON.stringify(spec, null, 2));
  // Generous overall limit: two start-ups plus the listings and calls, each bounded by timeoutMs.
  const calls = spec.calls as { tools?: unknown[]; resources?: unknown[]; prompts?: unknown[] } | undefined;
  const n = (calls?.tools?.length ?? 0) + (calls?.resources?.length ?? 0) + (calls?.prompts?.length ?? 0);
  const limit = spec.timeoutMs * (3 + n) + 30_000;
  const outFile = path.join(p.work, 'verify-out.json');
  rmSync(outFile, { force: true });
  const r = await runProc(process.execPath, [VERIFY_CHILD, file, outFile], {
    log,
    timeoutMs: limit,
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: path.join(p.work, 'home-verify') },
  });
  if (r.timedOut) return { error: { kind: 'other', message: `verify did not finish within ${limit / 1000} s (killed)` } };
  try {
    return JSON.parse(readFileSync(outFile, 'utf8')) as VerifyChildOutput;
  } catch {
    return { error: { kind: 'other', message: `verify crashed: ${tail(r.stderr, 1) || `exit ${r.code}`}` } };
  }
}
