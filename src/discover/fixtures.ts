// Fixture cases (fixtures/<transform-id>/<case>/{input,expected,review.json}) as the golden,
// idempotency and py_compile tests and scripts/update-fixtures.ts see them. One loader, so the
// tests and the regeneration command can never disagree about what "the output project" is.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ProjectFile, Transform } from '../core/types.js';
import type { ReviewItem } from '../model/index.js';
import { sortReview } from '../report/summary.js';
import { discoverProject, isTransformCandidate } from './index.js';

export interface FixtureCase {
  transformId: string;
  name: string;
  /** Absolute case folder. */
  dir: string;
  inputDir: string;
  expectedDir: string;
  reviewFile: string;
}

/** Every case of every transform that has a `fixtures/<id>/` folder, sorted. */
export function listFixtureCases(fixturesRoot: string, transforms: Transform[]): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const transform of transforms) {
    const tdir = path.join(fixturesRoot, transform.id);
    if (!existsSync(tdir)) continue;
    for (const name of readdirSync(tdir).sort()) {
      const dir = path.join(tdir, name);
      if (!statSync(dir).isDirectory() || !existsSync(path.join(dir, 'input'))) continue;
      cases.push({
        transformId: transform.id,
        name,
        dir,
        inputDir: path.join(dir, 'input'),
        expectedDir: path.join(dir, 'expected'),
        reviewFile: path.join(dir, 'review.json'),
      });
    }
  }
  return cases;
}

/** Every file of a folder (no git, the usual skip list), as text. */
export function readTree(dir: string): Map<string, string> {
  const discovered = discoverProject(dir, { git: 'never', maxBytes: Number.MAX_SAFE_INTEGER });
  const tree = new Map<string, string>();
  for (const rel of discovered.allPaths) tree.set(rel, readFileSync(path.join(dir, rel), 'utf8'));
  return tree;
}

/** The files a transform sees for a tree: the same prefilter as the CLI. */
export function transformInput(tree: Map<string, string>): ProjectFile[] {
  return [...tree].filter(([p]) => isTransformCandidate(p)).map(([p, text]) => ({ path: p, text }));
}

const REVIEW_KEYS: (keyof ReviewItem)[] = ['code', 'severity', 'file', 'line', 'column', 'message', 'snippet', 'suggestion'];

/** A review item with its keys in the documented order (stable JSON). */
export function normalizeReviewItem(item: ReviewItem): ReviewItem {
  const out: Record<string, unknown> = {};
  for (const k of REVIEW_KEYS) out[k] = item[k];
  for (const [k, v] of Object.entries(item)) if (!(k in out)) out[k] = v;
  return out as unknown as ReviewItem;
}

/** Sorted (report/summary.ts order) with keys in the documented order: the review.json form. */
export function sortedReview(items: ReviewItem[]): ReviewItem[] {
  return sortReview(items.map(normalizeReviewItem));
}

export interface CaseRun {
  /** The whole project after the transform: every input file, outputs applied. */
  tree: Map<string, string>;
  /** Every review item (global and per server), sorted. */
  review: ReviewItem[];
}

/** Run a transform over a tree the way the golden test expects it (pure; throws if the transform throws). */
export function runTransformOnTree(transform: Transform, tree: Map<string, string>): CaseRun {
  const files = transformInput(tree);
  const out = new Map(tree);
  if (!transform.applies(files)) return { tree: out, review: [] };
  const result = transform.run(files);
  for (const f of result.files) {
    if ((f.text as string | undefined) === undefined) out.delete(f.path);
    else out.set(f.path, f.text);
  }
  const review = [...result.review, ...result.servers.flatMap((s) => s.review)];
  return { tree: new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), review: sortedReview(review) };
}

export function runCase(transform: Transform, c: FixtureCase): CaseRun {
  return runTransformOnTree(transform, readTree(c.inputDir));
}

export function reviewJson(items: ReviewItem[]): string {
  return JSON.stringify(sortedReview(items), null, 2) + '\n';
}
