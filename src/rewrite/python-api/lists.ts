// Comma-separated lists (argument lists, import name lists): removing items keeps comments and layout.
import { lineStartOf, type Edit } from '../../extract/python/text.js';
import type { SyntaxNode } from '../../parse/python.js';

// ---------------------------------------------------------------------------------------------
// Comma-separated lists (argument lists, import name lists)

export function isComment(node: SyntaxNode): boolean {
  return node.type === 'comment';
}

/** Skips spaces and tabs from `i`. */
function skipBlanks(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/**
 * Edits that remove the items at `remove` (indexes into `items`, siblings inside `container`
 * separated by `,` tokens) and their commas. A run of removed items without comments between
 * them goes in one range; otherwise each item goes with its own comma and comments stay where
 * they are. A line left blank is removed whole.
 */
export function listItemEdits(text: string, container: SyntaxNode, items: SyntaxNode[], remove: Set<number>): Edit[] {
  if (!remove.size) return [];
  const children = container.children;
  const commaAfter = items.map((item) => {
    let idx = children.findIndex((c) => c.startIndex === item.startIndex && c.endIndex === item.endIndex);
    for (idx++; idx < children.length; idx++) {
      const c = children[idx]!;
      if (c.type === ',') return c;
      if (!isComment(c)) return undefined;
    }
    return undefined;
  });
  const commentsBetween = (start: number, end: number) => children.some((c) => isComment(c) && c.startIndex >= start && c.startIndex < end);
  // A comment on the same line as a removed item belongs to it: look up to the end of that line.
  const lineEnd = (i: number) => {
    const nl = text.indexOf('\n', i);
    return nl === -1 ? text.length : nl;
  };
  const edits: Edit[] = [];
  const kept = items.map((_, i) => !remove.has(i));
  const allRemoved = kept.every((k) => !k);
  const open = children.find((c) => c.type === '(');
  const close = [...children].reverse().find((c) => c.type === ')');
  if (allRemoved && open && close && !commentsBetween(open.endIndex, close.startIndex)) {
    return [{ start: open.endIndex, end: close.startIndex, text: '' }];
  }
  let i = 0;
  while (i < items.length) {
    if (kept[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < items.length && !kept[j + 1]) j++;
    const first = items[i]!;
    const last = items[j]!;
    const next = items[j + 1];
    const prev = i > 0 ? items[i - 1] : undefined;
    const trailing = commaAfter[j];
    let range: Edit | undefined;
    if (next && !commentsBetween(first.startIndex, next.startIndex)) range = { start: first.startIndex, end: next.startIndex, text: '' };
    else if (!next && trailing && prev && commaAfter[i - 1] && !commentsBetween(commaAfter[i - 1]!.endIndex, lineEnd(trailing.endIndex))) {
      range = { start: commaAfter[i - 1]!.endIndex, end: trailing.endIndex, text: '' };
    } else if (!next && !trailing && prev && !commentsBetween(prev.endIndex, lineEnd(last.endIndex))) range = { start: prev.endIndex, end: last.endIndex, text: '' };
    if (range) edits.push(range);
    else {
      for (let k = i; k <= j; k++) {
        const item = items[k]!;
        let start = item.startIndex;
        let end = commaAfter[k] ? commaAfter[k]!.endIndex : item.endIndex;
        const after = skipBlanks(text, end);
        const lineStart = lineStartOf(text, start);
        const startsLine = text.slice(lineStart, start).trim() === '';
        if (startsLine && (after >= text.length || text[after] === '\n')) {
          start = lineStart;
          end = Math.min(text.length, after + 1);
        } else if (startsLine && text[after] === '\r' && text[after + 1] === '\n') {
          start = lineStart;
          end = after + 2;
        } else if (startsLine && text[after] === '#') {
          end = after; // the comment keeps the item's indentation
        } else if (text[after] !== '#') end = after; // before a comment, keep the spacing
        edits.push({ start, end, text: '' });
      }
      if (!next && !trailing && prev && commaAfter[i - 1]) {
        const comma = commaAfter[i - 1]!;
        edits.push({ start: comma.startIndex, end: Math.min(skipBlanks(text, comma.endIndex), items[i]!.startIndex), text: '' });
      }
    }
    i = j + 1;
  }
  return edits;
}
