// Every Python file of every expected/ tree compiles (python -m py_compile), except an input file that
// was already broken and that the transform rightly left untouched.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { listFixtureCases, readTree } from '../src/discover/fixtures.js';
import { allTransforms } from '../transforms/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function python(): string {
  const venv = path.join(repo, '.venv', 'fastmcp4', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}

// Compiles into a temp folder so no __pycache__ lands in fixtures; prints {file: error} as JSON.
const COMPILE_ALL = `
import json, os, py_compile, sys
out_dir = sys.argv[1]
files = json.load(sys.stdin)
errors = {}
for i, f in enumerate(files):
    try:
        py_compile.compile(f, cfile=os.path.join(out_dir, str(i) + ".pyc"), doraise=True)
    except py_compile.PyCompileError as e:
        errors[f] = e.msg
print(json.dumps(errors))
`;

test('every .py file under fixtures/*/*/expected compiles', (t) => {
  const cases = listFixtureCases(process.env.FMM_FIXTURES_DIR ?? path.join(repo, 'fixtures'), allTransforms).filter((c) => existsSync(c.expectedDir));
  const files: { abs: string; rel: string; inputText?: string }[] = [];
  for (const c of cases) {
    const input = readTree(c.inputDir);
    for (const rel of readTree(c.expectedDir).keys()) {
      if (!rel.endsWith('.py')) continue;
      files.push({ abs: path.join(c.expectedDir, rel), rel: `${c.transformId}/${c.name}/expected/${rel}`, inputText: input.get(rel) });
    }
  }
  if (files.length === 0) {
    t.skip('no expected/ Python files yet');
    return;
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'fmm-pycompile-'));
  try {
    const proc = spawnSync(python(), ['-c', COMPILE_ALL, tmp], { input: JSON.stringify(files.map((f) => f.abs)), encoding: 'utf8' });
    assert.equal(proc.status, 0, `python failed: ${proc.stderr}`);
    const errors = JSON.parse(proc.stdout) as Record<string, string>;
    const failures = files
      .filter((f) => errors[f.abs] !== undefined)
      // A broken input copied through unchanged is the syntax-error case doing its job.
      .filter((f) => f.inputText === undefined || readFileSync(f.abs, 'utf8') !== f.inputText)
      .map((f) => `${f.rel}:\n${errors[f.abs]}`);
    assert.equal(failures.length, 0, `generated Python does not compile:\n${failures.join('\n')}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
