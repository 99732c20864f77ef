// The CPython check every low-level output goes through before it is written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePythonSources } from '../src/io/python-compile.js';
import { checkPythonSyntax } from '../src/parse/python.js';

test('compilePythonSources reports what tree-sitter lets through, in one batch', (t) => {
  // A re-indented string-literal line: tree-sitter accepts the unexpected indent, CPython does not.
  const bad = 'async def f(x):\n    arguments = {"x": x}\n        y = 1\n    return y\n';
  const good = 'def g():\n    s = """a\nb"""\n    return s\n';
  const problems = compilePythonSources([
    { path: 'bad.py', text: bad },
    { path: 'good.py', text: good },
  ]);
  if (!problems) {
    t.skip('no Python interpreter');
    return;
  }
  assert.equal(problems.has('good.py'), false);
  const p = problems.get('bad.py');
  assert.ok(p, 'bad.py must fail to compile');
  assert.equal(p.line, 3);
  assert.match(p.message, /IndentationError|unexpected indent/);
  // The reason the check exists: the error-tolerant parser alone would have written it.
  assert.ok(checkPythonSyntax(bad).length <= 1);
});
