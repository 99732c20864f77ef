// Calls and arguments: find constructor and method calls, rewrite argument lists.
import { walk } from '../../extract/python/project.js';
import { indentAt, lineStartOf, type Edit } from '../../extract/python/text.js';
import type { SyntaxNode } from '../../parse/python.js';
import { eolOf } from './edits.js';
import { isComment, listItemEdits } from './lists.js';

// ---------------------------------------------------------------------------------------------
// Calls and arguments

export interface ArgInfo {
  node: SyntaxNode;
  kind: 'positional' | 'keyword' | 'star' | 'dstar';
  /** Keyword name. */
  name?: string;
  /** The value expression (the node itself for a positional argument). */
  value: SyntaxNode;
  /** Position among positional arguments (positional ones only). */
  position?: number;
}

export function callArgList(call: SyntaxNode): SyntaxNode | undefined {
  const args = call.childForFieldName('arguments');
  return args?.type === 'argument_list' ? args : undefined;
}

export function callArgs(call: SyntaxNode): ArgInfo[] {
  const list = callArgList(call);
  if (!list) return [];
  const out: ArgInfo[] = [];
  let position = 0;
  for (const node of list.namedChildren) {
    if (isComment(node)) continue;
    if (node.type === 'keyword_argument') {
      out.push({ node, kind: 'keyword', name: node.childForFieldName('name')!.text, value: node.childForFieldName('value')! });
    } else if (node.type === 'list_splat') out.push({ node, kind: 'star', value: node });
    else if (node.type === 'dictionary_splat') out.push({ node, kind: 'dstar', value: node });
    else out.push({ node, kind: 'positional', value: node, position: position++ });
  }
  return out;
}

export function keywordArg(call: SyntaxNode, name: string): ArgInfo | undefined {
  return callArgs(call).find((a) => a.kind === 'keyword' && a.name === name);
}

/** The callee of a call when it is `receiver.method`: [receiver text, method]. */
export function methodOf(call: SyntaxNode): { receiver: SyntaxNode; method: string; attr: SyntaxNode } | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return undefined;
  const receiver = fn.childForFieldName('object')!;
  const attr = fn.childForFieldName('attribute')!;
  return { receiver, method: attr.text, attr };
}

/** Calls in `root` whose callee is the plain name `name` (e.g. constructor calls of an imported class). */
export function callsOfName(root: SyntaxNode, names: Set<string>): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const node of walk(root)) {
    if (node.type !== 'call') continue;
    const fn = node.childForFieldName('function');
    if (fn?.type === 'identifier' && names.has(fn.text)) out.push(node);
  }
  return out;
}

/** Calls `receiver.method(...)` in `root` where receiver is one of the plain names in `receivers`. */
export function methodCalls(root: SyntaxNode, receivers: Set<string>, methods?: Set<string>): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const node of walk(root)) {
    if (node.type !== 'call') continue;
    const m = methodOf(node);
    if (!m || m.receiver.type !== 'identifier' || !receivers.has(m.receiver.text)) continue;
    if (methods && !methods.has(m.method)) continue;
    out.push(node);
  }
  return out;
}

/** `x = call` / `x: T = call` → `x`. */
export function assignedName(call: SyntaxNode): string | undefined {
  const parent = call.parent;
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== call.id) return undefined;
  const left = parent.childForFieldName('left');
  return left?.type === 'identifier' ? left.text : undefined;
}

/** Attribute nodes `receiver.attr` inside `root` (reads, writes and callees alike). */
export function attributeAccesses(root: SyntaxNode, receivers: Set<string>, attrs?: Set<string>): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const node of walk(root)) {
    if (node.type !== 'attribute') continue;
    const obj = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute');
    if (obj?.type !== 'identifier' || !receivers.has(obj.text) || !attr) continue;
    if (attrs && !attrs.has(attr.text)) continue;
    out.push(node);
  }
  return out;
}

/** The call whose callee is this attribute node, if it is one. */
export function callOfCallee(attr: SyntaxNode): SyntaxNode | undefined {
  const parent = attr.parent;
  return parent?.type === 'call' && parent.childForFieldName('function')?.id === attr.id ? parent : undefined;
}

export interface ArgPlan {
  /** Argument nodes to remove. */
  remove?: Iterable<SyntaxNode>;
  /** Keyword argument node → new keyword name. */
  renameKeyword?: Map<SyntaxNode, string>;
  /** Argument node → new value source (the value expression is replaced). */
  replaceValue?: Map<SyntaxNode, string>;
  /** Positional argument node → keyword name to give it. */
  toKeyword?: Map<SyntaxNode, string>;
  /** Rendered arguments (`name=value`) appended after the last kept argument. */
  add?: string[];
}

/**
 * Edits for one call's argument list, computed together so that they never overlap. Added
 * arguments follow the list's layout: one per line (with the trailing comma style kept) when the
 * closing parenthesis sits on its own line, inline otherwise.
 */
export function rewriteArgs(text: string, call: SyntaxNode, plan: ArgPlan): Edit[] {
  const list = callArgList(call);
  if (!list) return [];
  const args = callArgs(call);
  const items = args.map((a) => a.node);
  const removeSet = new Set([...(plan.remove ?? [])].map((n) => n.id));
  const removeIdx = new Set(items.flatMap((n, i) => (removeSet.has(n.id) ? [i] : [])));
  // tree-sitter hands out a new wrapper object per access: key the plan by node id.
  const byId = (m?: Map<SyntaxNode, string>) => new Map([...(m ?? [])].map(([n, v]) => [n.id, v]));
  const renameKeyword = byId(plan.renameKeyword);
  const replaceValue = byId(plan.replaceValue);
  const toKeyword = byId(plan.toKeyword);
  const edits: Edit[] = [];
  for (const a of args) {
    if (removeSet.has(a.node.id)) continue;
    const rename = renameKeyword.get(a.node.id);
    if (rename !== undefined && a.kind === 'keyword') {
      const nameNode = a.node.childForFieldName('name')!;
      edits.push({ start: nameNode.startIndex, end: nameNode.endIndex, text: rename });
    }
    const value = replaceValue.get(a.node.id);
    if (value !== undefined) edits.push({ start: a.value.startIndex, end: a.value.endIndex, text: value });
    const kw = toKeyword.get(a.node.id);
    if (kw !== undefined && a.kind === 'positional') edits.push({ start: a.node.startIndex, end: a.node.startIndex, text: `${kw}=` });
  }
  edits.push(...listItemEdits(text, list, items, removeIdx));
  const add = plan.add ?? [];
  if (add.length) {
    const keptIdx = items.map((_, i) => i).filter((i) => !removeIdx.has(i));
    const close = [...list.children].reverse().find((c) => c.type === ')')!;
    if (!keptIdx.length) {
      edits.push({ start: list.startIndex + 1, end: list.startIndex + 1, text: add.join(', ') });
    } else {
      const last = items[keptIdx[keptIdx.length - 1]!]!;
      const children = list.children;
      const lastPos = children.findIndex((c) => c.startIndex === last.startIndex && c.endIndex === last.endIndex);
      const trailing = children.slice(lastPos + 1).find((c) => c.type === ',');
      // The kept item's comma survives the removals exactly when the whole list ends with a comma.
      const endsWithComma = [...children].reverse().find((c) => c.type !== ')' && !isComment(c))?.type === ',';
      const multiline = text.slice(last.endIndex, close.startIndex).includes('\n');
      if (multiline) {
        const nl = eolOf(text);
        const lineStart = lineStartOf(text, last.startIndex);
        const indent = text.slice(lineStart, last.startIndex).trim() === '' ? text.slice(lineStart, last.startIndex) : ' '.repeat(indentAt(text, call.startIndex) + 4);
        // New lines go after a comment that ends the kept item's line, so the comment stays with its item.
        const afterComment = (i: number) => {
          const nl = text.indexOf('\n', i);
          const rest = text.slice(i, nl === -1 ? text.length : nl);
          return /^[ \t]*#/.test(rest) ? i + rest.replace(/\s+$/, '').length : i;
        };
        if (trailing && endsWithComma) {
          const at = afterComment(trailing.endIndex);
          edits.push({ start: at, end: at, text: add.map((a) => `${nl}${indent}${a},`).join('') });
        } else {
          const at = afterComment(last.endIndex);
          if (at === last.endIndex) edits.push({ start: last.endIndex, end: last.endIndex, text: add.map((a) => `,${nl}${indent}${a}`).join('') });
          else {
            edits.push({ start: last.endIndex, end: last.endIndex, text: ',' });
            edits.push({ start: at, end: at, text: add.map((a, k) => `${nl}${indent}${a}${k < add.length - 1 ? ',' : ''}`).join('') });
          }
        }
      } else {
        edits.push({ start: last.endIndex, end: last.endIndex, text: add.map((a) => `, ${a}`).join('') });
      }
    }
  }
  return edits;
}
