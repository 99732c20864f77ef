// The last gate before a write: every output must re-parse cleanly in its own language.
import { checkPythonSyntax } from '../parse/python.js';

export interface OutputProblem {
  line: number;
  column: number;
  message: string;
}

export type OutputChecker = (text: string) => OutputProblem[];

/**
 * Checkers by file extension. Extension point: when a TypeScript/JavaScript syntax checker exists
 * (e.g. tree-sitter-typescript in src/parse), register it here for `.ts`/`.tsx`/`.js`/`.mjs`/`.cjs`.
 * Files whose extension has no checker are written unchecked.
 */
export const outputCheckers: Record<string, OutputChecker> = {
  '.py': checkPythonSyntax,
};

export function checkOutput(path: string, text: string): OutputProblem[] {
  const dot = path.lastIndexOf('.');
  const ext = dot >= 0 && dot > path.lastIndexOf('/') ? path.slice(dot) : '';
  const checker = outputCheckers[ext];
  return checker ? checker(text) : [];
}
