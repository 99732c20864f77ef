// The static stage: this repository's CLI used as a user would (scan, run --out, a second run on
// the output) and CPython's compiler on every file the run wrote.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from './log.js';
import { CLI, FASTMCP4_PYTHON } from './paths.js';
import { runProc, tail } from './proc.js';

export interface SurfaceCounts {
  servers: number;
  tools: number;
  resources: number;
  templates: number;
  prompts: number;
}

export interface StaticResult {
  /** The tool itself failed (crash, no JSON): the rest of the record is partial. */
  error?: string;
  idioms: string[];
  transforms: string[];
  /** Any server seen or any transform applies. */
  found: boolean;
  scan: SurfaceCounts;
  runExit: number | null;
  /** The run modified or created at least one file. */
  migrated: boolean;
  written: string[];
  review: { error: number; warning: number; info: number };
  reviewCodes: Record<string, number>;
  /** The first review items of severity error (`CODE file:line message`). */
  errorItems: string[];
  compile: { total: number; ok: number; failed: { file: string; message: string }[] };
  secondRun: { unchanged: boolean | null; changed: string[]; exit: number | null; error?: string };
  /** scan of the migrated output (what the tool's inventory sees there). */
  migratedScan?: SurfaceCounts;
  durationMs: number;
}

type Json = Record<string, unknown>;

const CLI_TIMEOUT_MS = 10 * 60_000;

async function cliJson(args: string[], log: Logger): Promise<{ doc?: Json; code: number | null; error?: string }> {
  const r = await runProc(process.execPath, [CLI, ...args], { log, timeoutMs: CLI_TIMEOUT_MS, quietStdout: true });
  if (r.timedOut) return { code: null, error: `fastmcp-migrate ${args[0]} timed out after ${CLI_TIMEOUT_MS / 1000} s` };
  try {
    const doc = JSON.parse(r.stdout) as Json;
    return { doc, code: r.code };
  } catch {
    const why = tail(r.stderr, 1) || `exit ${r.code}, no JSON on stdout`;
    return { code: r.code, error: `fastmcp-migrate ${args[0]} failed: ${why}` };
  }
}

export function countSurface(doc: Json): SurfaceCounts {
  const servers = Array.isArray(doc.servers) ? (doc.servers as Json[]) : [];
  const n = (s: Json, k: string) => (Array.isArray(s[k]) ? (s[k] as unknown[]).length : 0);
  return {
    servers: servers.length,
    tools: servers.reduce((a, s) => a + n(s, 'tools'), 0),
    resources: servers.reduce((a, s) => a + n(s, 'resources'), 0),
    templates: servers.reduce((a, s) => a + n(s, 'resourceTemplates'), 0),
    prompts: servers.reduce((a, s) => a + n(s, 'prompts'), 0),
  };
}

function reviewItems(doc: Json): Json[] {
  const top = Array.isArray(doc.review) ? (doc.review as Json[]) : [];
  const servers = Array.isArray(doc.servers) ? (doc.servers as Json[]) : [];
  return [...top, ...servers.flatMap((s) => (Array.isArray(s.review) ? (s.review as Json[]) : []))];
}

function changedFiles(doc: Json): { path: string; status: string }[] {
  const files = Array.isArray(doc.files) ? (doc.files as Json[]) : [];
  return files
    .filter((f) => f.status === 'modified' || f.status === 'created' || f.status === 'deleted')
    .map((f) => ({ path: String(f.path), status: String(f.status) }));
}

const COMPILE_SCRIPT = `
import json, os, py_compile, sys, tempfile
out = []
cfile = os.path.join(tempfile.mkdtemp(), "x.pyc")
for f in sys.argv[1:]:
    try:
        py_compile.compile(f, cfile=cfile, doraise=True)
        out.append({"file": f, "ok": True})
    except py_compile.PyCompileError as e:
        msg = str(e.exc_value) if e.exc_value is not None else e.msg
        out.append({"file": f, "ok": False, "message": msg.strip().splitlines()[-1] if msg.strip() else "error"})
    except Exception as e:
        out.append({"file": f, "ok": False, "message": f"{type(e).__name__}: {e}"})
print(json.dumps(out))
`;

/** Compiles each file with the fastmcp4 venv's CPython (nothing is written next to the files). */
export async function compileFiles(root: string, files: string[], log: Logger): Promise<StaticResult['compile']> {
  const result: StaticResult['compile'] = { total: files.length, ok: 0, failed: [] };
  if (files.length === 0) return result;
  const r = await runProc(FASTMCP4_PYTHON, ['-c', COMPILE_SCRIPT, ...files.map((f) => path.join(root, f))], { log, timeoutMs: 300_000 });
  let rows: { file: string; ok: boolean; message?: string }[] = [];
  try {
    rows = JSON.parse(r.stdout);
  } catch {
    result.failed = files.map((f) => ({ file: f, message: `py_compile did not run: ${tail(r.stderr, 1) || `exit ${r.code}`}` }));
    return result;
  }
  for (const row of rows) {
    if (row.ok) result.ok++;
    else result.failed.push({ file: path.relative(root, row.file), message: row.message ?? 'error' });
  }
  return result;
}

export async function runStaticStage(src: string, work: string, log: Logger): Promise<StaticResult> {
  const started = Date.now();
  const res: StaticResult = {
    idioms: [],
    transforms: [],
    found: false,
    scan: { servers: 0, tools: 0, resources: 0, templates: 0, prompts: 0 },
    runExit: null,
    migrated: false,
    written: [],
    review: { error: 0, warning: 0, info: 0 },
    reviewCodes: {},
    errorItems: [],
    compile: { total: 0, ok: 0, failed: [] },
    secondRun: { unchanged: null, changed: [], exit: null },
    durationMs: 0,
  };
  const done = () => ((res.durationMs = Date.now() - started), res);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const migrated = path.join(work, 'migrated');

  log.line('static: scan');
  const scan = await cliJson(['scan', src, '--json'], log);
  if (!scan.doc) {
    res.error = scan.error;
    return done();
  }
  res.scan = countSurface(scan.doc);
  const servers = Array.isArray(scan.doc.servers) ? (scan.doc.servers as Json[]) : [];
  res.idioms = [...new Set(servers.map((s) => String(s.idiom)))].sort();
  res.transforms = Array.isArray(scan.doc.transforms) ? (scan.doc.transforms as string[]) : [];
  res.found = res.scan.servers > 0 || res.transforms.length > 0;

  log.line('static: run --out');
  const run = await cliJson(['run', src, '--out', migrated, '--json'], log);
  res.runExit = run.code;
  if (!run.doc) {
    res.error = run.error;
    return done();
  }
  const changed = changedFiles(run.doc);
  res.written = changed.filter((f) => f.status !== 'deleted').map((f) => f.path).sort();
  res.migrated = changed.length > 0;
  for (const item of reviewItems(run.doc)) {
    const sev = item.severity as keyof StaticResult['review'];
    if (sev in res.review) res.review[sev]++;
    const code = String(item.code);
    res.reviewCodes[code] = (res.reviewCodes[code] ?? 0) + 1;
    if (sev === 'error' && res.errorItems.length < 5) {
      res.errorItems.push(`${code} ${String(item.file ?? '')}:${String(item.line ?? 0)} ${String(item.message ?? '').split('\n')[0]}`.slice(0, 300));
    }
  }

  log.line('static: py_compile of written files');
  res.compile = await compileFiles(migrated, res.written.filter((f) => f.endsWith('.py')), log);

  log.line('static: second run on the output');
  const second = await cliJson(['run', migrated, '--json'], log);
  res.secondRun.exit = second.code;
  if (!second.doc) {
    res.secondRun.error = second.error;
  } else {
    res.secondRun.changed = changedFiles(second.doc).map((f) => `${f.path} (${f.status})`);
    res.secondRun.unchanged = res.secondRun.changed.length === 0;
  }

  const mscan = await cliJson(['scan', migrated, '--json'], log);
  if (mscan.doc) res.migratedScan = countSurface(mscan.doc);
  return done();
}
