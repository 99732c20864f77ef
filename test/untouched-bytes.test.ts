// "In-place rewrites keep every untouched byte." For every fixture case of every in-place
// transform (one whose result carries `changes`), diff input/ against expected/ line by line:
// every changed line must lie within NEAR lines of a ChangeRecord of that file (or inside the
// region a record declares with `endLine`), and every other line must be byte-identical. In
// pyproject.toml / requirements*.txt only requirement lines may change. ChangeRecord lines are
// lines of the transform's input. Generators (not `inPlace`) rebuild the server module, so only
// the dependency manifests they edit are held to the rule.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { ChangeRecord } from '../src/core/types.js';
import { listFixtureCases, readTree, transformInput } from '../src/discover/fixtures.js';
import { isDependencyManifest } from '../src/discover/versions.js';
import { allTransforms } from '../transforms/index.js';
import { repo } from './support/cli-helpers.js';
import { changedLines, NEAR, unexplainedLines, type ChangedLine } from './support/untouched.js';

const cases = listFixtureCases(process.env.FMM_FIXTURES_DIR ?? path.join(repo, 'fixtures'), allTransforms);

function describeLine(l: ChangedLine): string {
  return l.kind === 'removed' ? `  input line ${l.inputLine} changed/removed: ${JSON.stringify(l.text)}` : `  line added before input line ${l.inputLine}: ${JSON.stringify(l.text)}`;
}

describe('untouched bytes: in-place edits stay next to their ChangeRecords', () => {
  for (const c of cases) {
    const transform = allTransforms.find((t) => t.id === c.transformId)!;
    test(`${c.transformId}/${c.name}`, (t) => {
      const input = readTree(c.inputDir);
      const files = transformInput(input);
      if (!transform.applies(files)) {
        t.skip('the transform does not apply to this input (the golden test checks that)');
        return;
      }
      const result = transform.run(files);
      if (result.changes === undefined) {
        t.skip('generator: it rebuilds files and reports no ChangeRecords, so it is not an in-place rewrite');
        return;
      }
      const checked = (file: string) => transform.inPlace === true || isDependencyManifest(file);
      const expected = readTree(c.expectedDir);
      const problems: string[] = [];
      for (const file of new Set([...input.keys(), ...expected.keys()])) {
        const before = input.get(file);
        const after = expected.get(file);
        if (before === after || !checked(file)) continue;
        const records = result.changes.filter((r) => r.file === file);
        if (before === undefined || after === undefined) {
          if (!records.length) problems.push(`${file}: ${before === undefined ? 'created' : 'deleted'} without a ChangeRecord`);
          continue;
        }
        const bad = unexplainedLines(file, before, after, result.changes);
        if (bad.length) {
          const at = records.map((r) => `${r.line}${(r as { endLine?: number }).endLine ? `-${(r as { endLine?: number }).endLine}` : ''} ${r.rule}`).join(', ') || 'none';
          problems.push(`${file}: ${bad.length} changed line(s) not within ${NEAR} lines of a ChangeRecord (records at: ${at}):\n${bad.map(describeLine).join('\n')}`);
        }
      }
      assert.equal(problems.length, 0, `${c.transformId}/${c.name}:\n${problems.join('\n')}`);
    });
  }
});

describe('the checker itself', () => {
  const record = (line: number, endLine?: number): ChangeRecord =>
    ({ transform: 't', rule: 'r', file: 'a.py', line, automatic: true, message: 'm', ...(endLine ? { endLine } : {}) }) as ChangeRecord;
  const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

  test('edits near a record pass, far ones are reported, byte changes count', () => {
    const after = before.replace('line 5\n', 'LINE 5\n').replace('line 15\n', 'line 15 \n');
    assert.deepEqual(
      unexplainedLines('a.py', before, after, [record(3)]).map((l) => [l.kind, l.inputLine]),
      [
        ['removed', 15],
        ['added', 16],
      ],
    );
    assert.deepEqual(unexplainedLines('a.py', before, after, [record(3), record(17)]), []);
    assert.deepEqual(unexplainedLines('a.py', before, before.replace('line 9\n', 'line 9\r\n'), [record(2)]).length, 2);
    assert.deepEqual(unexplainedLines('a.py', before, after, [record(4, 13)]), []);
    assert.deepEqual(unexplainedLines('b.py', before, after, [record(5), record(15)]).length, 4, 'records of another file explain nothing');
  });

  test('an inserted block is placed by its insertion point', () => {
    const after = before.replace('line 10\n', 'line 10\nnew a\nnew b\n');
    assert.deepEqual(changedLines(before, after).map((l) => [l.kind, l.inputLine, l.outputLine]), [
      ['added', 11, 11],
      ['added', 11, 12],
    ]);
    assert.deepEqual(unexplainedLines('a.py', before, after, [record(7)]), []);
    assert.equal(unexplainedLines('a.py', before, after, [record(2)]).length, 2);
  });

  test('dependency manifests: requirement lines only', () => {
    const toml = '[project]\nname = "x"\ndependencies = [\n  "mcp>=1.9",\n]\n';
    assert.deepEqual(unexplainedLines('pyproject.toml', toml, toml.replace('"mcp>=1.9"', '"fastmcp==4.2.3"'), []), []);
    const extra = toml.replace('"mcp>=1.9"', '"fastmcp==4.2.3"').replace('name = "x"', 'name = "y"');
    assert.deepEqual(unexplainedLines('pyproject.toml', toml, extra, []).map((l) => l.text), ['name = "x"', 'name = "y"']);
    assert.deepEqual(unexplainedLines('requirements.txt', 'mcp>=1.9\n', 'fastmcp==4.2.3\n', []), []);
    assert.equal(unexplainedLines('requirements.txt', '# deps\nmcp>=1.9\n', '# dependencies\nfastmcp==4.2.3\n', []).length, 2);
  });
});
