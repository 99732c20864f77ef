// `plan`: what a `run` would do, as a migration plan — the versions in use, the hops (transforms)
// that apply in order, each hop's breaking changes at file:line, its review items, and the
// dependency pin changes. Built on runProject: the same transforms, in memory, nothing written.
import path from 'node:path';
import { detectVersions, type VersionReport } from '../discover/versions.js';
import type { ReviewItem } from '../model/index.js';
import type { FileEntry } from '../report/document.js';
import type { PinChange } from '../report/pins.js';
import { sortReview } from '../report/summary.js';
import { runProject, toDocument, type HopRun, type PlannedChange, type ProjectOptions, type ProjectRun } from './run-project.js';

export interface PlanHop {
  transform: string;
  title: string;
  from: string;
  to: string;
  /** Every breaking change found, sorted by file and line; the same change found twice is listed twice. */
  changes: PlannedChange[];
  /** How many of `changes` are rewritten automatically / need a human. */
  automatic: number;
  needsReview: number;
  review: ReviewItem[];
  /** Files this hop changes. */
  files: { path: string; status: 'modified' | 'created' | 'deleted' }[];
  /** Requirement changes this hop makes. */
  pins: PinChange[];
  /** The transform threw (FMM-CLI-001 in `review`); nothing of it applies. */
  failed?: true;
  /** A generator: it rebuilds files from the IR and reports no per-line changes. */
  generated?: true;
}

export interface PlanDocument {
  version: 1;
  root: string;
  detected: VersionReport;
  /** Transforms that apply, in the order `run` applies them. */
  hops: PlanHop[];
  /** Requirement changes from the project as it is to the project after every hop. */
  pins: PinChange[];
  /** Review items not tied to a hop (a migrated file that would not parse, ...). */
  review: ReviewItem[];
  /** Things to do by hand that no hop does (stale lockfiles, pins no transform updated). */
  notes: string[];
  /** Every file the transforms saw or would create, with the status `run` would give it. */
  files: FileEntry[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted by file and line; records at the same place keep the transform's order. */
function sortChanges(changes: PlannedChange[]): PlannedChange[] {
  return changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => cmp(a.c.file, b.c.file) || (a.c.originalLine ?? a.c.line) - (b.c.originalLine ?? b.c.line) || a.i - b.i)
    .map(({ c }) => c);
}

function planHop(hop: HopRun): PlanHop {
  const changes = sortChanges(hop.changes);
  const automatic = changes.filter((c) => c.automatic).length;
  const out: PlanHop = {
    transform: hop.transform,
    title: hop.title,
    from: hop.from,
    to: hop.to,
    changes,
    automatic,
    needsReview: changes.length - automatic,
    review: hop.review,
    files: hop.files.map((f) => ({
      path: f.path,
      status: f.before === undefined ? 'created' : f.after === undefined ? 'deleted' : 'modified',
    })),
    pins: hop.pins,
  };
  if (hop.failed) out.failed = true;
  if (hop.generated) out.generated = true;
  return out;
}

const LOCK_COMMANDS: [RegExp, string][] = [
  [/(^|\/)uv\.lock$/, 'uv lock'],
  [/(^|\/)poetry\.lock$/, 'poetry lock'],
  [/(^|\/)pdm\.lock$/, 'pdm lock'],
];

function lockHint(file: string): string {
  for (const [re, cmd] of LOCK_COMMANDS) if (re.test(file)) return `\`${cmd}\``;
  return path.posix.basename(file).startsWith('pylock') ? 'your exporter (e.g. `uv export --format pylock.toml`)' : 'your lock tool (e.g. `uv pip compile` / `pip-compile`)';
}

function planNotes(run: ProjectRun, detected: VersionReport): string[] {
  const notes: string[] = [];
  if (run.hops.length === 0) return notes;
  if (run.pins.length) {
    for (const lock of detected.lockfiles) {
      const stale = detected.locked.filter((l) => l.file === lock);
      if (!stale.length) continue;
      const what = stale.map((l) => `${l.package} ${l.version}`).join(', ');
      notes.push(`${lock} still resolves ${what}: regenerate it with ${lockHint(lock)} after the pin change.`);
    }
  }
  const changed = new Set(run.pins.map((p) => p.file));
  const last = run.hops[run.hops.length - 1]!;
  for (const dep of detected.dependencies) {
    if (changed.has(dep.file)) continue;
    notes.push(`${dep.file}:${dep.line} declares \`${dep.text}\` and no transform changed it: update it by hand for ${last.to} (${last.title}).`);
  }
  return notes;
}

/** The plan as one document (docs/cli.md); nothing is written. */
export function planProject(root: string, options: ProjectOptions = {}): PlanDocument {
  return planFromRun(runProject(root, options));
}

/** The plan of a run already made (the same hops `run` applies, by construction). */
export function planFromRun(run: ProjectRun): PlanDocument {
  const detected = detectVersions(run.discovery.files, run.discovery.lockfiles);
  const inHop = new Set(run.hops.flatMap((h) => h.review));
  // Items of servers whose transform changed nothing (so it is no hop) are listed here too.
  const serverItems = run.models.flatMap((m) => m.review);
  return {
    version: 1,
    root: run.root,
    detected,
    hops: run.hops.map(planHop),
    pins: run.pins,
    review: sortReview([...new Set([...run.review, ...serverItems])].filter((r) => !inHop.has(r))),
    notes: planNotes(run, detected),
    files: toDocument(run).files,
  };
}

/** Every review item of a plan: the hops' and the global ones. */
export function planReviewItems(plan: PlanDocument): ReviewItem[] {
  return [...plan.hops.flatMap((h) => h.review), ...plan.review];
}
