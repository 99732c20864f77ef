// Regenerate expected/ and review.json of fixture cases from the current transforms, then print
// what changed so a human reads the git diff before committing.
//   node dist/scripts/update-fixtures.js [--transform ID] [--case NAME]... [--fixtures DIR (default: fixtures/)]
import { existsSync, mkdirSync, readFileSync, rmSync, readdirSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFixtureCases, readTree, reviewJson, runCase } from '../src/discover/fixtures.js';
import { writeFileAtomic } from '../src/io/atomic.js';
import { allTransforms } from '../transforms/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function parseArgs(argv: string[]): { transforms: string[]; cases: string[]; fixtures: string } {
  const out = { transforms: [] as string[], cases: [] as string[], fixtures: path.join(repo, 'fixtures') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v!;
    };
    if (flag === '--transform') out.transforms.push(value());
    else if (flag === '--case') out.cases.push(value());
    else if (flag === '--fixtures') out.fixtures = path.resolve(value());
    else if (flag === '--help' || flag === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  return out;
}

function usage(problem?: string): never {
  const text = 'usage: npm run fixtures:update -- [--transform ID] [--case NAME]... [--fixtures DIR]\n';
  if (problem) {
    process.stderr.write(`update-fixtures: ${problem}\n${text}`);
    process.exit(2);
  }
  process.stdout.write(text);
  process.exit(0);
}

function removeEmptyDirs(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeEmptyDirs(path.join(dir, entry.name));
  }
  if (readdirSync(dir).length === 0) rmdirSync(dir);
}

const args = parseArgs(process.argv.slice(2));
const known = new Set(allTransforms.map((t) => t.id));
for (const id of args.transforms) if (!known.has(id)) usage(`unknown transform ${id}; known: ${[...known].join(', ')}`);

let cases = listFixtureCases(args.fixtures, allTransforms);
if (args.transforms.length) cases = cases.filter((c) => args.transforms.includes(c.transformId));
if (args.cases.length) {
  for (const name of args.cases) if (!cases.some((c) => c.name === name)) usage(`no case named ${name}`);
  cases = cases.filter((c) => args.cases.includes(c.name));
}

let changed = 0;
let failed = 0;
for (const c of cases) {
  const label = `${c.transformId}/${c.name}`;
  const transform = allTransforms.find((t) => t.id === c.transformId)!;
  let result;
  try {
    result = runCase(transform, c);
  } catch (err) {
    failed++;
    process.stderr.write(`FAILED  ${label}: ${err instanceof Error ? err.message : String(err)} (left as it was)\n`);
    continue;
  }
  const rel = (p: string) => path.relative(process.cwd(), p);
  const old = existsSync(c.expectedDir) ? readTree(c.expectedDir) : new Map<string, string>();
  const lines: string[] = [];
  for (const [p, text] of result.tree) {
    if (old.get(p) === text) continue;
    writeFileAtomic(path.join(c.expectedDir, p), text);
    lines.push(`  ${old.has(p) ? 'updated' : 'created'} ${rel(path.join(c.expectedDir, p))}`);
  }
  for (const p of old.keys()) {
    if (result.tree.has(p)) continue;
    rmSync(path.join(c.expectedDir, p));
    lines.push(`  removed ${rel(path.join(c.expectedDir, p))}`);
  }
  if (existsSync(c.expectedDir)) removeEmptyDirs(c.expectedDir);
  mkdirSync(c.expectedDir, { recursive: true });
  const review = reviewJson(result.review);
  const oldReview = existsSync(c.reviewFile) ? readFileSync(c.reviewFile, 'utf8') : undefined;
  if (oldReview !== review) {
    writeFileAtomic(c.reviewFile, review);
    lines.push(`  ${oldReview === undefined ? 'created' : 'updated'} ${rel(c.reviewFile)} (${result.review.length} item${result.review.length === 1 ? "" : "s"})`);
  }
  if (lines.length) {
    changed++;
    process.stdout.write(`changed ${label}\n${lines.join('\n')}\n`);
  }
}
process.stdout.write(
  `${cases.length} case(s): ${changed} changed, ${cases.length - changed - failed} unchanged, ${failed} failed.` +
    (changed ? ' Review the changes with `git diff fixtures/` before committing.' : '') +
    '\n',
);
process.exitCode = failed ? 1 : 0;
