// Running a transform on its own output changes nothing.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { listFixtureCases, readTree, runTransformOnTree } from '../src/discover/fixtures.js';
import { unifiedDiff } from '../src/report/diff.js';
import { allTransforms } from '../transforms/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cases = listFixtureCases(process.env.FMM_FIXTURES_DIR ?? path.join(repo, 'fixtures'), allTransforms);

describe('idempotency: transform(expected) == expected', () => {
  for (const c of cases) {
    const transform = allTransforms.find((t) => t.id === c.transformId)!;
    test(`${c.transformId}/${c.name}`, (t) => {
      if (!existsSync(c.expectedDir)) {
        t.skip('no expected/ yet (the golden test reports it)');
        return;
      }
      const expected = readTree(c.expectedDir);
      const again = runTransformOnTree(transform, expected).tree;
      const changes: string[] = [];
      for (const p of new Set([...expected.keys(), ...again.keys()])) {
        const before = expected.get(p);
        const after = again.get(p);
        if (before !== after) changes.push(unifiedDiff(p, before, after));
      }
      assert.equal(changes.length, 0, `${c.transformId}/${c.name}: a second run changed its own output:\n${changes.join('')}`);
    });
  }
});
