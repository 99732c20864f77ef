// The library behind the CLI: discover → run transforms → check outputs → plan, then write on request.
// Nothing here prints or exits; main.ts turns results and errors into output and exit codes.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { diffArrays } from 'diff';
import path from 'node:path';
import type { ChangeRecord, ProjectFile, Transform, TransformOptions, TransformResult } from '../core/types.js';
import type { ReviewItem, ServerModel } from '../model/index.js';
import { discoverProject, type DiscoveryResult } from '../discover/index.js';
import { writeFileAtomic } from '../io/atomic.js';
import { gitState } from '../io/git.js';
import { saveManifest, MANIFEST_FILE, type ManifestEntry } from '../io/manifest.js';
import { checkOutput } from '../io/validate.js';
import { compilePythonSources } from '../io/python-compile.js';
import { unifiedDiff } from '../report/diff.js';
import type { FileEntry, FileStatus, ReportDocument } from '../report/document.js';
import { renderMarkdownReport, type MarkdownContext } from '../report/markdown.js';
import { frameworkBehaviourItems } from '../report/behaviour.js';
import { pythonRangeItems } from '../rewrite/dependencies.js';
import { resolvePinConflicts } from '../rewrite/pin-conflicts.js';
import { pinChanges, type PinChange } from '../report/pins.js';
import { sortReview, type ServerSummaryJson } from '../report/summary.js';
import { filesAfter, scanServers } from '../report/inventory.js';
import { allTransforms } from '../../transforms/index.js';
import { CliError, DirtyTreeError, UsageError } from './errors.js';

export const REPORT_MD = 'MIGRATION_REPORT.md';
export const REPORT_JSON = 'migration-report.json';

/** Review codes the shell itself reports. */
export const CLI_CODES = {
  transformFailed: 'FMM-CLI-001',
  outputDoesNotParse: 'FMM-CLI-002',
  /** The transform chain did not reach a fixed point within MAX_ROUNDS rounds. */
  notConverged: 'FMM-CLI-003',
} as const;

export interface ProjectOptions {
  /** Transforms to try, in order (default: every registered transform). */
  transforms?: Transform[];
  /** Only this transform (`--transform ID`). */
  transformId?: string;
  /** `--ignore` globs. */
  ignore?: string[];
  /** `never` skips git and walks the folder (used for fixtures inside this repository). */
  git?: 'auto' | 'never';
  maxBytes?: number;
  transformOptions?: TransformOptions;
}

export interface PlannedFile {
  path: string;
  status: FileStatus;
  /** Content on disk before the run (undefined for a created file). */
  before?: string;
  /** Content after the run (undefined for a deleted file; equals `before` when unchanged/skipped). */
  after?: string;
  reason?: string;
}

/**
 * A ChangeRecord as `run`/`plan` report it. `line` is a line of the file as this hop received
 * it; when an earlier hop had changed that file, `originalLine` is the matching line of the file
 * on disk (for a line an earlier hop wrote, the line it replaced or follows).
 */
export type PlannedChange = ChangeRecord & { originalLine?: number };

/** One transform that applied ("hop"), with what it did to the files it was given. */
export interface HopRun {
  transform: string;
  title: string;
  from: string;
  to: string;
  /** Breaking changes it reported (TransformResult.changes), in its order; repeats kept. */
  changes: PlannedChange[];
  /** Its review items: global ones and its servers' ones (plus FMM-CLI-001 if it threw). */
  review: ReviewItem[];
  /** Files this hop changed, relative to what it was given (earlier hops' output). */
  files: { path: string; before?: string; after?: string }[];
  /** Requirement changes in the dependency manifests it edited. */
  pins: PinChange[];
  /** It threw: none of its output was applied. */
  failed?: true;
  /** It reported no `changes` at all: a generator (files rebuilt from the IR), not an in-place rewrite. */
  generated?: true;
}

export interface ProjectRun {
  root: string;
  /** Ids of the transforms that ran. */
  transforms: string[];
  /** The transforms that applied, in order, with their changes. */
  hops: HopRun[];
  /** Every ChangeRecord of every hop, in hop order. */
  changes: PlannedChange[];
  /** Requirement changes between the project on disk and the planned files. */
  pins: PinChange[];
  models: ServerModel[];
  servers: ServerSummaryJson[];
  /** Review items not tied to a server. */
  review: ReviewItem[];
  /** Candidates, created files and skipped files, sorted by path. */
  files: PlannedFile[];
  discovery: DiscoveryResult;
}

export function selectTransforms(options: Pick<ProjectOptions, 'transforms' | 'transformId'>): Transform[] {
  const available = options.transforms ?? allTransforms;
  if (options.transformId === undefined) return available;
  const found = available.find((t) => t.id === options.transformId);
  if (!found) {
    throw new UsageError(`unknown transform "${options.transformId}"; available: ${available.map((t) => t.id).join(', ') || '(none)'}`);
  }
  return [found];
}

function lineAt(text: string, line: number): string {
  return text.split('\n')[line - 1] ?? '';
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** How many times `run` applies the transform chain at most before it gives up (FMM-CLI-003). */
export const MAX_ROUNDS = 5;

/**
 * Run the transforms over the files of a project, in memory. Each applicable transform sees the
 * output of the previous one. The chain is applied again until a whole round changes nothing (a
 * fixed point: running `run` on its output changes nothing), at most MAX_ROUNDS times; a later
 * round that changes files adds to the hop of the transform that made the change. A transform
 * that throws becomes a review item; outputs that do not re-parse are kept out of the plan
 * (status `skipped`) and reported.
 */
export function transformFiles(
  files: ProjectFile[],
  transforms: Transform[],
  transformOptions?: TransformOptions,
): { current: Map<string, string | undefined>; models: ServerModel[]; review: ReviewItem[]; ran: string[]; hops: HopRun[]; rounds: number } {
  const current = new Map<string, string | undefined>(files.map((f) => [f.path, f.text]));
  // Per transform, the servers of its last run that counted (round 1, or a later one that changed files).
  const modelsBy = new Map<string, ServerModel[]>();
  const review: ReviewItem[] = [];
  const hops: HopRun[] = [];
  // Per file changed by a hop: current line (index + 1) → line of the original file.
  const origins = new Map<string, number[]>();
  const snapshot = (): ProjectFile[] =>
    [...current].filter((e): e is [string, string] => e[1] !== undefined).map(([p, text]) => ({ path: p, text }));
  const failed = new Set<string>();
  let rounds = 0;
  let converged = false;
  while (rounds < MAX_ROUNDS && !converged) {
    rounds++;
    converged = true;
    for (const transform of transforms) {
      if (failed.has(transform.id)) continue;
      const input = snapshot();
      let applies: boolean;
      try {
        applies = transform.applies(input);
      } catch (err) {
        if (rounds === 1) review.push(crashItem(transform, err));
        failed.add(transform.id);
        continue;
      }
      if (!applies) continue;
      let result: TransformResult;
      try {
        result = transform.run(input, transformOptions);
      } catch (err) {
        const crash = crashItem(transform, err);
        failed.add(transform.id);
        if (rounds > 1) {
          review.push(crash);
          continue;
        }
        hops.push({ ...newHop(transform), failed: true, review: [crash] });
        review.push(crash);
        continue;
      }
      const changesFiles = result.files.some((out) => current.get(out.path) !== (out.text as string | undefined));
      let hop = hops.find((h) => h.transform === transform.id);
      // After the first round, a transform that changes nothing has nothing new to say.
      if (rounds > 1 && !changesFiles) continue;
      if (changesFiles) converged = false;
      if (!hop) {
        hop = newHop(transform);
        hops.push(hop);
      }
      modelsBy.set(transform.id, result.servers);
      applyResult(transform, result, hop, review);
    }
  }
  if (!converged) review.push(notConvergedItem(hops));
  // A transform that applied but changed no file did not perform a hop: `plan` and `run` list only
  // the hops that change something (or failed). Its review items stay (global ones in `review`,
  // per-server ones with its servers in `models`).
  const performed = hops.filter((h) => h.failed || h.files.length > 0);
  const models = [...modelsBy.values()].flat();
  return { current, models, review, ran: performed.map((h) => h.transform), hops: performed, rounds };

  function applyResult(transform: Transform, result: TransformResult, hop: HopRun, reviewOut: ReviewItem[]): void {
    // What the target framework changes on every server it runs (derived titles, closed input schemas).
    for (const server of result.servers) server.review.push(...frameworkBehaviourItems(server, transform.from, transform.to));
    const edited = new Map<string, { path: string; before?: string; after?: string }>(hop.files.map((f) => [f.path, { ...f }]));
    const touched: { path: string; before?: string; after?: string }[] = [];
    for (const out of result.files) {
      const before = current.get(out.path);
      const after = out.text as string | undefined;
      current.set(out.path, after);
      touched.push({ path: out.path, before, after });
      const first = edited.get(out.path);
      edited.set(out.path, { path: out.path, before: first ? first.before : before, after });
    }
    hop.files = [...edited.values()].filter((f) => f.before !== f.after).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    hop.pins = pinChanges(hop.files);
    hop.changes.push(
      ...(result.changes ?? []).map((c) => {
        const line = origins.get(c.file)?.[c.line - 1];
        return line !== undefined && line !== c.line ? { ...c, originalLine: line } : { ...c };
      }),
    );
    for (const f of touched) {
      if (f.before === f.after) continue;
      if (f.before === undefined || f.after === undefined) {
        origins.delete(f.path);
        continue;
      }
      const step = lineOrigins(f.before, f.after);
      const prev = origins.get(f.path);
      origins.set(f.path, prev ? step.map((l) => prev[l - 1] ?? l) : step);
    }
    if (result.changes === undefined && hop.changes.length === 0) hop.generated = true;
    else delete hop.generated;
    const seen = new Set(rounds > 1 ? hop.review.map((r) => JSON.stringify(r)) : []);
    const fresh = [...result.review, ...result.servers.flatMap((s) => s.review)].filter((r) => !seen.has(JSON.stringify(r)));
    hop.review = sortReview([...hop.review, ...fresh]);
    // A later round repeats what the first one said about the files it did not change.
    const seenGlobal = new Set(rounds > 1 ? reviewOut.map((r) => JSON.stringify(r)) : []);
    reviewOut.push(...result.review.filter((r) => !seenGlobal.has(JSON.stringify(r))));
  }
}

function newHop(transform: Transform): HopRun {
  return { transform: transform.id, title: transform.title, from: transform.from, to: transform.to, changes: [], review: [], files: [], pins: [] };
}

function notConvergedItem(hops: HopRun[]): ReviewItem {
  return {
    code: CLI_CODES.notConverged,
    severity: 'error',
    file: '.',
    line: 0,
    column: 0,
    message: `the transforms still changed files after ${MAX_ROUNDS} rounds (${hops.filter((h) => h.files.length).map((h) => h.transform).join(', ')}); a second run would change the output again`,
    snippet: '',
    suggestion: 'Review the diff before writing it. This is a bug in fastmcp-migrate; please report it with the input that triggers it.',
  };
}

/**
 * For each line of `after` (index 0 = line 1), the line of `before` it comes from: unchanged lines
 * map exactly, a replaced block maps line by line onto the lines it replaced, inserted lines map to
 * the line before them (or line 1).
 */
function lineOrigins(before: string, after: string): number[] {
  const out: number[] = [];
  let oldLine = 1;
  let removed: number[] = [];
  for (const part of diffArrays(before.split('\n'), after.split('\n'))) {
    if (part.removed) {
      removed = part.value.map((_, i) => oldLine + i);
      oldLine += part.value.length;
    } else if (part.added) {
      part.value.forEach((_, i) => out.push(removed[Math.min(i, removed.length - 1)] ?? Math.max(1, oldLine - 1)));
      removed = [];
    } else {
      removed = [];
      for (let i = 0; i < part.value.length; i++) out.push(oldLine++);
    }
  }
  return out;
}

function crashItem(transform: Transform, err: unknown): ReviewItem {
  return {
    code: CLI_CODES.transformFailed,
    severity: 'error',
    file: '.',
    line: 0,
    column: 0,
    message: `transform ${transform.id} failed: ${errorMessage(err)}`,
    snippet: '',
    suggestion: 'No file was changed by this transform. This is a bug in fastmcp-migrate; please report it with the input that triggers it.',
  };
}

/** Discover, transform and check a project; nothing is written. */
export function runProject(root: string, options: ProjectOptions = {}): ProjectRun {
  const transforms = selectTransforms(options);
  let discovery: DiscoveryResult;
  try {
    discovery = discoverProject(root, { ignore: options.ignore, git: options.git, maxBytes: options.maxBytes });
  } catch (err) {
    throw new CliError(`cannot read project: ${errorMessage(err)}`);
  }
  const { current, models, review, ran, hops } = transformFiles(discovery.files, transforms, options.transformOptions);

  const original = new Map(discovery.files.map((f) => [f.path, f.text]));
  // Every changed Python output is compiled by CPython (one process for all): tree-sitter alone
  // accepts texts CPython rejects, and an in-place rewrite must not write one either.
  const changedPython = [...current].filter(([p, after]) => p.endsWith('.py') && after !== undefined && after !== original.get(p)).map(([p, text]) => ({ path: p, text: text! }));
  const compileProblems = compilePythonSources(changedPython) ?? new Map();
  const planned: PlannedFile[] = [];
  for (const [p, after] of current) {
    const before = original.get(p);
    if (before === after) {
      planned.push({ path: p, status: 'unchanged', before, after });
      continue;
    }
    if (after === undefined) {
      planned.push({ path: p, status: 'deleted', before });
      continue;
    }
    const compiled = compileProblems.get(p);
    const problems = compiled ? [compiled] : checkOutput(p, after);
    if (problems.length) {
      const first = problems[0]!;
      review.push({
        code: CLI_CODES.outputDoesNotParse,
        severity: 'error',
        file: p,
        line: first.line,
        column: first.column,
        message: `the migrated ${p} does not parse (${first.message} at line ${first.line}, column ${first.column}); it was not written`,
        snippet: lineAt(after, first.line),
        suggestion: 'The original file is unchanged. Migrate it by hand, and please report the input as a bug.',
      });
      planned.push({
        path: p,
        status: 'skipped',
        before,
        after: before,
        reason: `migrated output does not parse (line ${first.line}, column ${first.column}: ${first.message})`,
      });
      continue;
    }
    planned.push({ path: p, status: before === undefined ? 'created' : 'modified', before, after });
  }
  // Pins that cannot live with what FastMCP 4 needs, in the manifests as the run leaves them.
  if (hops.some((h) => h.to === 'fastmcp-py-4' && !h.failed)) {
    // Those pins are moved to the range FastMCP 4 needs (a warning each); see pin-conflicts.ts.
    const manifests = planned.flatMap((f) => (f.after !== undefined && f.status !== 'skipped' ? [{ path: f.path, text: f.after }] : []));
    const hop = [...hops].reverse().find((h) => h.to === 'fastmcp-py-4' && !h.failed)!;
    const conflicts = resolvePinConflicts(manifests, 'fastmcp 4.2.3', hop.transform, 'pins.conflict');
    for (const edited of conflicts.files) {
      const f = planned.find((p) => p.path === edited.path)!;
      f.after = edited.text;
      if (f.status === 'unchanged') f.status = 'modified';
    }
    hop.changes.push(...conflicts.changes);
    review.push(...conflicts.review, ...pythonRangeItems(manifests));
  }
  for (const s of discovery.skipped) {
    planned.push({ path: s.path, status: 'skipped', reason: s.reason === 'too-large' ? 'larger than the size limit' : s.reason });
  }
  planned.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  return {
    root: discovery.root,
    transforms: ran,
    hops,
    changes: hops.flatMap((h) => h.changes),
    pins: pinChanges(planned.filter(isChange)),
    models,
    // Every idiom's servers as the run leaves them (decorator-style ones read from the output).
    servers: scanServers(filesAfter(planned), models),
    review: sortReview(review),
    files: planned,
    discovery,
  };
}

export function isChange(f: PlannedFile): boolean {
  return f.status === 'modified' || f.status === 'created' || f.status === 'deleted';
}

/** The JSON document (docs/cli.md). `diffs` adds a unified diff to every changed file. */
export function toDocument(run: ProjectRun, options: { diffs?: boolean; reports?: string[] } = {}): ReportDocument {
  const files: FileEntry[] = run.files.map((f) => {
    const entry: FileEntry = { path: f.path, status: f.status };
    if (f.reason) entry.reason = f.reason;
    if (options.diffs && isChange(f)) entry.diff = unifiedDiff(f.path, f.before, f.after);
    return entry;
  });
  const doc: ReportDocument = {
    version: 1,
    root: run.root,
    transforms: run.transforms,
    servers: run.servers,
    review: run.review,
    changes: run.changes,
    pins: run.pins,
    files,
  };
  if (options.reports) doc.reports = options.reports;
  return doc;
}

/** `scan`: the document without diffs. */
export function scanProject(root: string, options: ProjectOptions = {}): ReportDocument {
  const run = runProject(root, options);
  return toDocument({ ...run, servers: scanServers(run.discovery.files, run.models) });
}

export interface WriteResult {
  /** Project files written or deleted (relative paths). */
  written: string[];
  /** Report files written (paths relative to the folder written into). */
  reports: string[];
  /** Absolute path of the undo manifest (`--write`). */
  manifest?: string;
  /** Absolute folder written into. */
  target: string;
  /** `--write` outside a git work tree: no dirty check was possible. */
  notGit?: boolean;
}

function reportFiles(run: ProjectRun, servers: ServerSummaryJson[], ctx: MarkdownContext): { md: string; json: string } {
  const doc = toDocument({ ...run, servers });
  return { md: renderMarkdownReport(doc, ctx), json: JSON.stringify(doc, null, 2) + '\n' };
}

/** Where `--write` puts reports: next to each server (grouped by folder), else at the root. */
function inPlaceReports(run: ProjectRun): { path: string; text: string }[] {
  const groups = new Map<string, ServerSummaryJson[]>();
  for (const s of run.servers) {
    const dir = path.posix.dirname(s.file);
    groups.set(dir, [...(groups.get(dir) ?? []), s]);
  }
  if (groups.size === 0) {
    if (!run.files.some(isChange) && run.review.length === 0) return [];
    groups.set('.', []);
  }
  const out: { path: string; text: string }[] = [];
  for (const [dir, servers] of [...groups].sort()) {
    const { md, json } = reportFiles(run, servers, { mode: 'write' });
    const prefix = dir === '.' ? '' : `${dir}/`;
    out.push({ path: `${prefix}${REPORT_MD}`, text: md }, { path: `${prefix}${REPORT_JSON}`, text: json });
  }
  return out;
}

/**
 * `--write`: edit the project in place. Refuses on a dirty git tree unless `allowDirty`. Saves the
 * original contents to the undo manifest before the first write.
 */
export function writeInPlace(run: ProjectRun, options: { allowDirty?: boolean; reports?: boolean } = {}): WriteResult {
  const git = gitState(run.root);
  if (git.isRepo && git.dirty.length && !options.allowDirty) throw new DirtyTreeError(git.dirty);

  const changes = run.files.filter(isChange);
  const reports = options.reports === false ? [] : inPlaceReports(run);
  const result: WriteResult = { written: [], reports: [], target: run.root, ...(git.isRepo ? {} : { notGit: true }) };
  if (changes.length === 0 && reports.length === 0) return result;

  const entries: ManifestEntry[] = [];
  for (const f of changes) {
    entries.push({ path: f.path, before: f.before ?? null, after: f.after ?? null });
  }
  for (const r of reports) {
    const abs = path.join(run.root, r.path);
    entries.push({ path: r.path, before: existsSync(abs) ? readFileSync(abs, 'utf8') : null, after: r.text });
  }
  result.manifest = saveManifest(run.root, {
    version: 1,
    tool: 'fastmcp-migrate',
    createdAt: new Date().toISOString(),
    transforms: run.transforms,
    files: entries,
  });

  for (const f of changes) {
    const abs = path.join(run.root, f.path);
    if (f.after === undefined) {
      if (existsSync(abs)) unlinkSync(abs);
    } else {
      writeFileAtomic(abs, f.after);
    }
    result.written.push(f.path);
  }
  for (const r of reports) {
    writeFileAtomic(path.join(run.root, r.path), r.text);
    result.reports.push(r.path);
  }
  return result;
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The `--out` folder relative to the project root, when it lies inside it (so discovery skips it). */
export function outDirIgnore(root: string, outDir: string): string[] {
  const absRoot = path.resolve(root);
  const absOut = path.resolve(outDir);
  if (absOut !== absRoot && isInside(absOut, absRoot)) return ['/' + path.relative(absRoot, absOut).split(path.sep).join('/')];
  return [];
}

/** `--out DIR`: a complete copy of the project with the migrated files in place, plus the reports. */
export function writeOutTree(run: ProjectRun, outDir: string, options: { reports?: boolean } = {}): WriteResult {
  const target = path.resolve(outDir);
  if (isInside(run.root, target)) {
    throw new CliError(`--out ${outDir} must not be the project folder or one of its parents`);
  }
  const st = statSync(target, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) throw new CliError(`--out ${outDir} exists and is not a folder`);
  if (st && readdirSync(target).length > 0) throw new CliError(`--out ${outDir} exists and is not empty; choose a new folder`);

  const byPath = new Map(run.files.map((f) => [f.path, f]));
  const result: WriteResult = { written: [], reports: [], target };
  mkdirSync(target, { recursive: true });
  for (const rel of run.discovery.allPaths) {
    const planned = byPath.get(rel);
    if (planned && isChange(planned)) continue;
    const dest = path.join(target, rel);
    mkdirSync(path.dirname(dest), { recursive: true });
    copyFileSync(path.join(run.root, rel), dest);
  }
  for (const f of run.files) {
    if (!isChange(f) || f.after === undefined) continue;
    writeFileAtomic(path.join(target, f.path), f.after);
    result.written.push(f.path);
  }
  if (options.reports !== false) {
    const { md, json } = reportFiles(run, run.servers, { mode: 'out', outDir: target });
    writeFileAtomic(path.join(target, REPORT_MD), md);
    writeFileAtomic(path.join(target, REPORT_JSON), json);
    result.reports.push(REPORT_MD, REPORT_JSON);
  }
  return result;
}

export { MANIFEST_FILE };
