// Every user string reaches generated Python through pyString / pyDocstringContent; a hostile
// string must evaluate back to itself and never break out of its literal.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { pyDocstringContent, pyString } from '../src/emit/python/literal.js';

const HOSTILE = [
  'triple """ double',
  "triple ''' single",
  'C:\\new\\table\\x41',
  'line one\nline two\r\nthree',
  'literal \\n escape, not a newline',
  'braces {} and {name} and {{x}}',
  'tab\there',
  'café 日本語 🚀 \u00e9 \u2603',
  '# not a comment',
  '"; import os; os.system("echo pwned"); x = "',
  '\u2028 line separator \u2029 paragraph \u0085 next line',
  'nul \u0000 bell \u0007 del \u007f',
  'ends with backslash \\',
];

test('pyString and docstrings evaluate back to the exact input in Python', () => {
  const lines = ['import json, sys', 'values = []'];
  for (const s of HOSTILE) {
    lines.push(`values.append(${pyString(s)})`);
    lines.push(`def f():\n    """${pyDocstringContent(s)}"""\nvalues.append(f.__doc__)`);
  }
  lines.push('sys.stdout.write(json.dumps(values))');
  const out = execFileSync('python3', ['-c', lines.join('\n')], { encoding: 'utf8' });
  const values = JSON.parse(out) as string[];
  HOSTILE.forEach((s, i) => {
    assert.equal(values[2 * i], s, `pyString(${JSON.stringify(s)})`);
    assert.equal(values[2 * i + 1], s, `docstring(${JSON.stringify(s)})`);
  });
});

test('pyString output is a single physical line', () => {
  for (const s of HOSTILE) assert.ok(!/[\n\r]/.test(pyString(s)), JSON.stringify(s));
});
