// Issue 7, classes 14 and 11, for every fixture case at the CLI level (the whole transform chain,
// as `run` applies it): a second `run` on the output changes nothing, and the hops `plan` lists are
// exactly the transforms `run` applies — each of which changes at least one file.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { planFromRun } from '../src/cli/plan.js';
import { CLI_CODES, runProject, transformFiles } from '../src/cli/run-project.js';
import { listFixtureCases } from '../src/discover/fixtures.js';
import { unifiedDiff } from '../src/report/diff.js';
import { allTransforms } from '../transforms/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cases = listFixtureCases(process.env.FMM_FIXTURES_DIR ?? path.join(repo, 'fixtures'), allTransforms);

describe('fixed point: run(run(input)) == run(input), and plan lists what run does', () => {
  for (const c of cases) {
    test(`${c.transformId}/${c.name}`, () => {
      const run = runProject(c.inputDir, { git: 'never' });
      assert.ok(!run.review.some((r) => r.code === CLI_CODES.notConverged), `${c.transformId}/${c.name}: the chain did not converge`);
      const output = run.files.flatMap((f) => (f.after !== undefined && f.status !== 'skipped' ? [{ path: f.path, text: f.after }] : []));
      const again = transformFiles(output, allTransforms);
      const changed = output.filter((f) => again.current.get(f.path) !== f.text).map((f) => unifiedDiff(f.path, f.text, again.current.get(f.path)));
      assert.deepEqual(changed, [], `${c.transformId}/${c.name}: a second run changed its own output:\n${changed.join('')}`);
      assert.deepEqual(again.hops, [], `${c.transformId}/${c.name}: a second run still lists hops`);

      const plan = planFromRun(run);
      assert.deepEqual(plan.hops.map((h) => h.transform), run.transforms, 'plan and run list the same hops');
      for (const h of plan.hops) assert.ok(h.failed || h.files.length > 0, `${c.transformId}/${c.name}: plan lists hop ${h.transform}, which changes no file`);
      assert.ok(run.transforms.includes(c.transformId) || plan.hops.length === 0, `${c.transformId}/${c.name}: the case's own transform is not among the hops ${run.transforms.join(', ')}`);
    });
  }
});
