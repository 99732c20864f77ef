// "Keep every untouched byte": which changed lines of an in-place rewrite are not explained by a
// ChangeRecord. Used by test/untouched-bytes.test.ts.
import { diffArrays } from 'diff';
import type { ChangeRecord } from '../../src/core/types.js';
import { dependenciesOf, isDependencyManifest } from '../../src/discover/versions.js';

/** How far (in lines) an edit may be from the ChangeRecord that explains it. */
export const NEAR = 3;

/**
 * A ChangeRecord may declare the region it rewrites with `endLine` (inclusive, a line of the
 * input like `line`); edits anywhere in [line, endLine] (± NEAR) are then explained by it.
 */
type RecordWithRegion = ChangeRecord & { endLine?: number };

export interface ChangedLine {
  /** `removed`: a line of the input that is gone or different; `added`: a new line of the output. */
  kind: 'removed' | 'added';
  /** Removed: its input line. Added: the input line it was inserted before (input length + 1 at the end). */
  inputLine: number;
  /** Added: its output line. */
  outputLine?: number;
  text: string;
}

/** Line-by-line difference; lines are compared byte for byte (a `\r` or trailing space counts). */
export function changedLines(before: string, after: string): ChangedLine[] {
  const out: ChangedLine[] = [];
  let inputLine = 1;
  let outputLine = 1;
  for (const part of diffArrays(before.split('\n'), after.split('\n'))) {
    for (const text of part.value) {
      if (part.removed) out.push({ kind: 'removed', inputLine: inputLine++, text });
      else if (part.added) out.push({ kind: 'added', inputLine, outputLine: outputLine++, text });
      else {
        inputLine++;
        outputLine++;
      }
    }
  }
  return out;
}

function explainedBy(line: ChangedLine, records: RecordWithRegion[]): boolean {
  // An inserted line sits between inputLine - 1 and inputLine: either neighbour may be the one changed.
  const at = line.kind === 'added' ? [line.inputLine - 1, line.inputLine] : [line.inputLine];
  return records.some((r) => at.some((l) => l >= r.line - NEAR && l <= (r.endLine ?? r.line) + NEAR));
}

/**
 * Changed lines of one file not explained by the transform's records for that file. In a
 * dependency manifest (pyproject.toml, requirements*.txt) only requirement lines may change:
 * "pins only; no other edits to those files".
 */
export function unexplainedLines(file: string, before: string, after: string, records: ChangeRecord[]): ChangedLine[] {
  const lines = changedLines(before, after);
  if (isDependencyManifest(file)) {
    const oldPins = new Set(dependenciesOf({ path: file, text: before }).map((d) => d.line));
    const newPins = new Set(dependenciesOf({ path: file, text: after }).map((d) => d.line));
    return lines.filter((l) => !(l.kind === 'removed' ? oldPins.has(l.inputLine) : newPins.has(l.outputLine!)));
  }
  const mine = records.filter((r) => r.file === file);
  return lines.filter((l) => !explainedBy(l, mine));
}
