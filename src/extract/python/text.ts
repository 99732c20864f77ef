// Text helpers for splicing Python source by range while keeping indentation right.
import type { SyntaxNode } from '../../parse/python.js';

export function lineStartOf(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

/** Indentation (in characters) of the line holding `index`. */
export function indentAt(text: string, index: number): number {
  const start = lineStartOf(text, index);
  return /^[ \t]*/.exec(text.slice(start))![0].length;
}

/** Re-indents every line of `code` from its common indentation to `indent` spaces. Blank lines stay empty. */
export function reindent(code: string, indent: number): string {
  const lines = code.replace(/\s+$/, '').split('\n');
  const common = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length));
  const pad = ' '.repeat(indent);
  return lines.map((l) => (l.trim() === '' ? '' : pad + l.slice(Number.isFinite(common) ? common : 0))).join('\n');
}

/** Source of a block's statements as whole lines (or the inline text when the block shares its header's line). */
export function blockSource(text: string, block: SyntaxNode, headerRow: number): string {
  if (block.startPosition.row === headerRow) return block.text;
  return text.slice(lineStartOf(text, block.startIndex), block.endIndex);
}

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits (any order) to `text`. */
export function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) throw new Error(`overlapping edits at ${e.start}-${e.end}`);
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}
