// Golden test: every fixture case's input, run through its transform, gives exactly expected/ and review.json.
// Regenerate expectations with `npm run fixtures:update` and read the git diff.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { listFixtureCases, readTree, runCase, sortedReview } from '../src/discover/fixtures.js';
import type { ReviewItem } from '../src/model/index.js';
import { unifiedDiff } from '../src/report/diff.js';
import { allTransforms } from '../transforms/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cases = listFixtureCases(process.env.FMM_FIXTURES_DIR ?? path.join(repo, 'fixtures'), allTransforms);

/** Compare two trees; the message lists missing/extra files and a diff per different file. */
export function treeMismatch(expected: Map<string, string>, actual: Map<string, string>): string | undefined {
  const problems: string[] = [];
  for (const p of expected.keys()) if (!actual.has(p)) problems.push(`missing from the output: ${p}`);
  for (const p of actual.keys()) if (!expected.has(p)) problems.push(`not expected in the output: ${p}`);
  for (const [p, want] of expected) {
    const got = actual.get(p);
    if (got !== undefined && got !== want) {
      problems.push(`different: ${p} (- expected, + actual)\n${unifiedDiff(p, want, got).replace(/^--- a\//, '--- expected/').replace(/\n\+\+\+ b\//, '\n+++ actual/')}`);
    }
  }
  return problems.length ? problems.join('\n') : undefined;
}

describe('golden fixtures', () => {
  test('there are fixture cases', () => {
    assert.ok(cases.length > 0, 'no fixture cases found under fixtures/<transform-id>/<case>/input');
  });
  for (const c of cases) {
    const transform = allTransforms.find((t) => t.id === c.transformId)!;
    test(`${c.transformId}/${c.name}`, () => {
      const hint = `(regenerate with: npm run fixtures:update -- --transform ${c.transformId} --case ${c.name})`;
      assert.ok(existsSync(c.expectedDir), `${c.name}: expected/ is missing ${hint}`);
      assert.ok(existsSync(c.reviewFile), `${c.name}: review.json is missing ${hint}`);
      const result = runCase(transform, c);
      const mismatch = treeMismatch(readTree(c.expectedDir), result.tree);
      assert.ok(mismatch === undefined, `${c.transformId}/${c.name}: output differs from expected/ ${hint}\n${mismatch}`);
      const expectedReview = sortedReview(JSON.parse(readFileSync(c.reviewFile, 'utf8')) as ReviewItem[]);
      assert.deepEqual(result.review, expectedReview, `${c.transformId}/${c.name}: review items differ from review.json ${hint}`);
    });
  }
});
