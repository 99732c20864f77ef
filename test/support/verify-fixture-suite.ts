// Registers one node:test case per fixture case that has a verify.json: the runtime half of the
// golden tests. Used by test/runtime-fixtures.test.ts on fixtures/, and on a temporary tree by
// test/verify-fixtures.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findVerifyCases, formatVerifyReport, verifyServers, type VerifyCase } from '../../src/verify/index.js';

/** Runs one case and asserts: equal surfaces and call results, and no stale expectation. */
export async function checkVerifyCase(c: VerifyCase): Promise<void> {
  if (c.error) assert.fail(`${c.id}: ${c.error}`);
  assert.ok(c.options, `${c.id}: no options`);
  const report = await verifyServers(c.options);
  const text = formatVerifyReport(report);
  assert.ok(report.equal, `${c.id}: the migrated server differs from the original\n${text}`);
  assert.deepEqual(report.unmatchedExpectations, [], `${c.id}: expectDifferences lists differences that no longer occur\n${text}`);
}

export function registerFixtureSuite(title: string, fixturesRoot: string, repoRoot: string, concurrency = 2): VerifyCase[] {
  const cases = findVerifyCases(fixturesRoot, repoRoot);
  describe(title, { concurrency }, () => {
    if (cases.length === 0) {
      it('no fixture case has a verify.json yet', { skip: `nothing under ${fixturesRoot}` }, () => {});
    }
    for (const c of cases) {
      if (c.skip !== undefined) it(c.id, { skip: c.skip }, () => {});
      else it(c.id, { timeout: 120_000 }, () => checkVerifyCase(c));
    }
  });
  return cases;
}
