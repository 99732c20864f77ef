// Edit sets and small node helpers for in-place rewrites (byte-range edits on the tree-sitter tree).
import { applyEdits, type Edit } from '../../extract/python/text.js';
import type { SyntaxNode } from '../../parse/python.js';

// ---------------------------------------------------------------------------------------------
// Edit collection

/**
 * A set of edits for one file. An edit inside a range another edit replaces is dropped (the outer
 * edit wins: an argument that is removed needs no inner rename); an edit that contains earlier
 * ones replaces them. Partial overlaps are a bug in the caller and throw.
 */
export class EditSet {
  private edits: Edit[] = [];

  add(edit: Edit | Edit[] | undefined): void {
    if (!edit) return;
    if (Array.isArray(edit)) {
      for (const e of edit) this.add(e);
      return;
    }
    const inside = (a: Edit, b: Edit) => a.start >= b.start && a.end <= b.end && !(a.start === a.end && (a.start === b.start || a.start === b.end));
    for (const e of this.edits) {
      if (e.start === edit.start && e.end === edit.end && e.text === edit.text) return;
      if (e.start < e.end && inside(edit, e)) return;
    }
    this.edits = this.edits.filter((e) => !(edit.start < edit.end && inside(e, edit)));
    for (const e of this.edits) {
      const overlap = Math.max(e.start, edit.start) < Math.min(e.end, edit.end);
      if (overlap) throw new Error(`overlapping edits ${e.start}-${e.end} and ${edit.start}-${edit.end}`);
    }
    this.edits.push(edit);
  }

  get size(): number {
    return this.edits.length;
  }

  list(): Edit[] {
    return [...this.edits];
  }

  apply(text: string): string {
    // Insertions at the same point keep the order they were added in.
    const indexed = this.edits.map((e, i) => ({ ...e, i }));
    indexed.sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
    const merged: Edit[] = [];
    for (const e of indexed) {
      const last = merged[merged.length - 1];
      if (last && last.start === last.end && e.start === e.end && last.start === e.start) last.text += e.text;
      else merged.push({ start: e.start, end: e.end, text: e.text });
    }
    return applyEdits(text, merged);
  }
}

// ---------------------------------------------------------------------------------------------
// Small node helpers

/** The line ending new lines should use: CRLF when the file uses it. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function lineOfNode(node: SyntaxNode): number {
  return node.startPosition.row + 1;
}

/** The string content of a plain string literal (no f-string, no implicit concatenation), else undefined. */
export function stringLiteralValue(node: SyntaxNode | null | undefined): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  if (node.namedChildren.some((c) => c.type === 'interpolation')) return undefined;
  const start = node.namedChildren.find((c) => c.type === 'string_start');
  if (start && /[fFbB]/.test(start.text)) return undefined;
  const content = node.namedChildren.filter((c) => c.type === 'string_content');
  if (node.namedChildren.some((c) => c.type === 'escape_sequence')) return undefined;
  return content.map((c) => c.text).join('');
}

/** Replace the content of a plain string literal, keeping its prefix and quotes. */
export function replaceStringContent(node: SyntaxNode, value: string): Edit | undefined {
  const start = node.namedChildren.find((c) => c.type === 'string_start');
  const end = node.namedChildren.find((c) => c.type === 'string_end');
  if (!start || !end) return undefined;
  return { start: start.endIndex, end: end.startIndex, text: value };
}

/** The innermost function definition holding `node`, if any. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let cur = node.parent; cur; cur = cur.parent) if (cur.type === 'function_definition') return cur;
  return undefined;
}

/** Nodes of a subtree, not descending into nested function or class definitions (or lambdas). */
export function* walkScope(node: SyntaxNode): Generator<SyntaxNode> {
  yield node;
  for (const child of node.namedChildren) {
    if (child.type === 'function_definition' || child.type === 'class_definition' || child.type === 'lambda') continue;
    yield* walkScope(child);
  }
}


/** Apply edits to a text (re-export for tests and callers that hold plain edit lists). */
export function applyEditList(text: string, edits: Edit[]): string {
  const set = new EditSet();
  set.add(edits);
  return set.apply(text);
}
