// Registers one node:test case per fixture case that has a verify.json: the runtime half of the
// golden tests. Used by test/runtime-fixtures.test.ts on fixtures/, and on a temporary tree by
// test/verify-fixtures.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findVerifyCases, formatVerifyReport, verifyServers, type VerifyCase, type VerifyReport } from '../../src/verify/index.js';

/**
 * Runs one case and asserts: equal surfaces and call results (no difference other than the known
 * FastMCP 4 behaviour changes), no stale expectation, and every such behaviour change the two
 * surfaces show is listed (with its remedy, in the text too), not hidden.
 */
export async function checkVerifyCase(c: VerifyCase): Promise<void> {
  if (c.error) assert.fail(`${c.id}: ${c.error}`);
  assert.ok(c.options, `${c.id}: no options`);
  const report = await verifyServers(c.options);
  const text = formatVerifyReport(report);
  assert.ok(report.equal, `${c.id}: the migrated server differs from the original\n${text}`);
  assert.deepEqual(report.unmatchedExpectations, [], `${c.id}: expectDifferences lists differences that no longer occur\n${text}`);
  assertBehaviourChangesListed(c.id, report, text);
  if (c.expectBehaviourChanges) {
    const key = (b: { kind: string; path: string }) => `${b.kind} ${b.path}`;
    assert.deepEqual(report.behaviourChanges.map(key).sort(), c.expectBehaviourChanges.map(key).sort(), `${c.id}: expectBehaviourChanges\n${text}`);
  }
}

/** Every tool whose title or root `additionalProperties: false` only the migrated side has is accounted for. */
export function assertBehaviourChangesListed(id: string, report: VerifyReport, text: string): void {
  const accounted = new Set([...report.behaviourChanges, ...report.differences, ...report.expectedDifferences].map((d) => d.path));
  const covered = (p: string) => [...accounted].some((a) => p === a || p.startsWith(`${a}.`));
  for (const m of report.migrated.tools) {
    const o = report.original.tools.find((t) => t.name === m.name);
    if (!o) continue;
    const name = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(String(m.name)) ? `tools.${String(m.name)}` : `tools[${JSON.stringify(m.name)}]`;
    if (o.title == null && typeof m.title === 'string') assert.ok(covered(`${name}.title`), `${id}: ${name} gained a title that verify did not report\n${text}`);
    const schemaO = o.inputSchema as Record<string, unknown> | undefined;
    const schemaM = m.inputSchema as Record<string, unknown> | undefined;
    if (schemaM?.additionalProperties === false && schemaO?.additionalProperties !== false) {
      assert.ok(covered(`${name}.inputSchema.additionalProperties`), `${id}: ${name} rejects extra arguments now and verify did not report it\n${text}`);
    }
  }
  for (const b of report.behaviourChanges) {
    assert.ok(text.includes(b.message) && text.includes(b.remedy), `${id}: behaviour change ${b.path} is missing from the text report\n${text}`);
  }
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
