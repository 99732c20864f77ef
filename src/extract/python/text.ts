// Text helpers for splicing Python source by range while keeping indentation right.
import { parsePython, type SyntaxNode } from '../../parse/python.js';

export function lineStartOf(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

/** Indentation (in characters) of the line holding `index`. */
export function indentAt(text: string, index: number): number {
  const start = lineStartOf(text, index);
  return /^[ \t]*/.exec(text.slice(start))![0].length;
}

/**
 * Rows (0-based) of `code` that begin inside a string literal: the continuation lines of a
 * multi-line (f-)string. Their leading blank space is string content and must never change.
 */
export function stringContinuationRows(code: string): Set<number> {
  const rows = new Set<number>();
  if (!/"""|'''|\\\r?\n/.test(code)) return rows;
  const visit = (node: SyntaxNode) => {
    if (node.type === 'string' && node.endPosition.row > node.startPosition.row) {
      for (let r = node.startPosition.row + 1; r <= node.endPosition.row; r++) rows.add(r);
      return;
    }
    for (const c of node.children) visit(c);
  };
  visit(parsePython(code).rootNode);
  return rows;
}

/**
 * Re-indents every line of `code` from its common indentation to `indent` spaces. Blank lines stay
 * empty. Lines inside a string literal are left exactly as they are (their text is the string's value).
 */
export function reindent(code: string, indent: number): string {
  const lines = code.replace(/\s+$/, '').split('\n');
  const inString = stringContinuationRows(lines.join('\n'));
  const code_ = lines.filter((l, i) => !inString.has(i) && l.trim() !== '');
  const common = Math.min(...code_.map((l) => /^[ \t]*/.exec(l)![0].length));
  const pad = ' '.repeat(indent);
  return lines.map((l, i) => (inString.has(i) ? l : l.trim() === '' ? '' : pad + l.slice(Number.isFinite(common) ? common : 0))).join('\n');
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

/**
 * `code` (a dedented function body) without its leading docstring: a dispatcher's docstring
 * describes the dispatcher, not each tool split out of it.
 */
export function dropLeadingDocstring(code: string): string {
  const first = parsePython(code).rootNode.namedChildren.find((c) => c.type !== 'comment');
  if (first?.type !== 'expression_statement' || first.namedChildCount !== 1 || first.namedChild(0)!.type !== 'string') return code;
  let end = first.endIndex;
  while (end < code.length && code[end] !== '\n') end++;
  const rest = code.slice(end + 1).replace(/^(\s*\n)+/, '');
  // A body that was only a docstring still needs a statement.
  return rest.trim() === '' ? code : code.slice(0, lineStartOf(code, first.startIndex)) + rest;
}
