// CPython as the final syntax check: tree-sitter is error-tolerant and accepts some texts CPython
// rejects (a re-indented block, an unexpected indent). Every generated module goes through
// `compile(source, path, "exec")` — what `py_compile` does — in ONE Python process per batch.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CompileProblem {
  line: number;
  column: number;
  message: string;
}

// Reads [[path, source], ...] as JSON on stdin, prints {path: [line, column, message]} for failures.
const CHECK = `
import json, sys
errors = {}
for name, source in json.load(sys.stdin):
    try:
        compile(source, name, "exec", dont_inherit=True)
    except SyntaxError as e:
        errors[name] = [e.lineno or 1, e.offset or 1, f"{type(e).__name__}: {e.msg}"]
    except (ValueError, MemoryError, RecursionError) as e:
        errors[name] = [1, 1, f"{type(e).__name__}: {e}"]
print(json.dumps(errors))
`;

let cachedPython: string | null | undefined;

/** The fastmcp4 venv's interpreter when the repository has one (`FMM_PYTHON` overrides), else `python3`; null when none runs. */
export function pythonForCompile(): string | null {
  if (cachedPython !== undefined) return cachedPython;
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const candidates = [process.env.FMM_PYTHON, path.join(repo, '.venv', 'fastmcp4', 'bin', 'python'), 'python3', 'python'].filter((c): c is string => !!c);
  for (const c of candidates) {
    if (c.includes(path.sep) && !existsSync(c)) continue;
    const probe = spawnSync(c, ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
    if (probe.status === 0 && probe.stdout.trim() === '3') return (cachedPython = c);
  }
  return (cachedPython = null);
}

/**
 * Compiles every source with CPython in one process. Returns the problems by path (absent when it
 * compiles), or undefined when no Python interpreter is available (the caller keeps its own check).
 */
export function compilePythonSources(sources: { path: string; text: string }[]): Map<string, CompileProblem> | undefined {
  const out = new Map<string, CompileProblem>();
  if (sources.length === 0) return out;
  const python = pythonForCompile();
  if (!python) return undefined;
  const proc = spawnSync(python, ['-c', CHECK], { input: JSON.stringify(sources.map((s) => [s.path, s.text])), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (proc.status !== 0) return undefined;
  const errors = JSON.parse(proc.stdout) as Record<string, [number, number, string]>;
  for (const [p, [line, column, message]] of Object.entries(errors)) out.set(p, { line, column, message });
  return out;
}
