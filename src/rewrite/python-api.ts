// Primitives for in-place rewrites of Python API uses on the tree-sitter tree: find the imports of
// a module, move imported names to other modules, find constructor calls and method calls on a
// known variable, rewrite argument lists (remove / rename / add keyword arguments), rename
// attribute accesses. Every primitive returns byte-range edits; everything outside an edit stays
// byte-identical, comments included.
import { walk } from '../extract/python/project.js';
import { applyEdits, indentAt, lineStartOf, type Edit } from '../extract/python/text.js';
import type { SyntaxNode } from '../parse/python.js';

export type { Edit } from '../extract/python/text.js';

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

// ---------------------------------------------------------------------------------------------
// Imports

export interface ImportedNameSite {
  /** The list item: `dotted_name` or `aliased_import`. */
  node: SyntaxNode;
  /** The imported name's node (a `dotted_name`). */
  nameNode: SyntaxNode;
  name: string;
  alias?: string;
  /** The name bound in the importing module. */
  local: string;
}

export interface ImportSite {
  stmt: SyntaxNode;
  kind: 'from' | 'import';
  /** The module of a from-import (absolute imports only). */
  module: string;
  moduleNode?: SyntaxNode;
  /** Imported names (from-import) or imported modules (`import a.b as c`). */
  names: ImportedNameSite[];
  wildcard: boolean;
}

/** Every absolute import statement (anywhere in the file) whose module satisfies `matches`. */
export function findImports(root: SyntaxNode, matches: (module: string) => boolean): ImportSite[] {
  const out: ImportSite[] = [];
  for (const node of walk(root)) {
    if (node.type === 'import_from_statement') {
      const moduleNode = node.childForFieldName('module_name');
      if (!moduleNode || moduleNode.type !== 'dotted_name' || !matches(moduleNode.text)) continue;
      const names: ImportedNameSite[] = [];
      for (const child of node.childrenForFieldName('name')) {
        if (child.type === 'dotted_name') names.push({ node: child, nameNode: child, name: child.text, local: child.text });
        else if (child.type === 'aliased_import') {
          const nameNode = child.childForFieldName('name')!;
          const alias = child.childForFieldName('alias')?.text;
          names.push({ node: child, nameNode, name: nameNode.text, alias, local: alias ?? nameNode.text });
        }
      }
      out.push({ stmt: node, kind: 'from', module: moduleNode.text, moduleNode, names, wildcard: node.children.some((c) => c.type === 'wildcard_import') });
    } else if (node.type === 'import_statement') {
      const names: ImportedNameSite[] = [];
      for (const child of node.namedChildren) {
        const nameNode = child.type === 'aliased_import' ? child.childForFieldName('name')! : child;
        if (nameNode.type !== 'dotted_name' || !matches(nameNode.text)) continue;
        const alias = child.type === 'aliased_import' ? child.childForFieldName('alias')?.text : undefined;
        names.push({ node: child, nameNode, name: nameNode.text, alias, local: alias ?? nameNode.text.split('.')[0]! });
      }
      if (names.length) out.push({ stmt: node, kind: 'import', module: names[0]!.name, names, wildcard: false });
    }
  }
  return out;
}

/** Where an imported name goes. `name` renames it; `keepLocal` keeps the old local binding with `as`. */
export interface ImportTarget {
  module: string;
  name?: string;
  keepLocal?: boolean;
}

function renderImportedName(target: ImportTarget, site: ImportedNameSite): string {
  const name = target.name ?? site.name;
  if (site.alias) return `${name} as ${site.alias}`;
  if (target.keepLocal && name !== site.name) return `${name} as ${site.name}`;
  return name;
}

/**
 * Rewrites one from-import so that each name comes from its target module (names whose target
 * is undefined stay with the original module). The statement keeps the first name's module and
 * its layout (parentheses, comments); names bound for other modules leave the list and get
 * `from <module> import ...` statements of their own right after it. Duplicate names that a
 * rename produces are dropped.
 */
export function rewriteFromImport(text: string, site: ImportSite, targetOf: (name: ImportedNameSite) => ImportTarget | undefined): Edit[] {
  if (site.kind !== 'from' || !site.moduleNode || site.wildcard) return [];
  const targets = site.names.map((n) => targetOf(n) ?? { module: site.module });
  const primary = targets[0]!.module;
  const edits: Edit[] = [];
  if (primary !== site.module) edits.push({ start: site.moduleNode.startIndex, end: site.moduleNode.endIndex, text: primary });
  const remove = new Set<number>();
  const seen = new Set<string>();
  const extra = new Map<string, string[]>();
  site.names.forEach((n, i) => {
    const target = targets[i]!;
    const rendered = renderImportedName(target, n);
    const key = `${target.module}\u0000${rendered}`;
    if (seen.has(key)) {
      remove.add(i);
      return;
    }
    seen.add(key);
    if (target.module !== primary) {
      remove.add(i);
      const list = extra.get(target.module) ?? [];
      list.push(rendered);
      extra.set(target.module, list);
      return;
    }
    if (rendered !== n.node.text) edits.push({ start: n.node.startIndex, end: n.node.endIndex, text: rendered });
  });
  if (remove.size) edits.push(...listItemEdits(text, site.stmt, site.names.map((n) => n.node), remove));
  if (extra.size) {
    const lineStart = lineStartOf(text, site.stmt.startIndex);
    const startsLine = text.slice(lineStart, site.stmt.startIndex).trim() === '';
    const indent = text.slice(lineStart, site.stmt.startIndex);
    const lines = [...extra].map(([module, names]) => `from ${module} import ${names.join(', ')}`);
    const nl = eolOf(text);
    const insert = startsLine ? lines.map((l) => `${nl}${indent}${l}`).join('') : lines.map((l) => `; ${l}`).join('');
    edits.push({ start: site.stmt.endIndex, end: site.stmt.endIndex, text: insert });
  }
  return edits;
}

// ---------------------------------------------------------------------------------------------
// Comma-separated lists (argument lists, import name lists)

function isComment(node: SyntaxNode): boolean {
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

// ---------------------------------------------------------------------------------------------
// Names

/**
 * Identifier nodes that read or bind `name` in `root`, leaving out attribute names (`x.name`),
 * keyword argument names (`f(name=1)`), import statements and parameter names.
 */
export function identifierUses(root: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const node of walk(root)) {
    if (node.type !== 'identifier' || node.text !== name) continue;
    const parent = node.parent;
    if (!parent) continue;
    if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id) continue;
    if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) continue;
    if (parent.type === 'dotted_name' || parent.type === 'aliased_import') continue;
    if (parent.type === 'parameters' || parent.type === 'default_parameter' || parent.type === 'typed_parameter' || parent.type === 'typed_default_parameter') {
      if (parent.type === 'parameters' || parent.childForFieldName('name')?.id === node.id || parent.namedChildren[0]?.id === node.id) continue;
    }
    out.push(node);
  }
  return out;
}

/** The name a function parameter binds, with its annotation node (if any). */
export function parametersOf(fn: SyntaxNode): { name: string; node: SyntaxNode; annotation?: SyntaxNode }[] {
  const params = fn.childForFieldName('parameters');
  if (!params) return [];
  const out: { name: string; node: SyntaxNode; annotation?: SyntaxNode }[] = [];
  for (const p of params.namedChildren) {
    if (p.type === 'identifier') out.push({ name: p.text, node: p });
    else if (p.type === 'typed_parameter') {
      const id = p.namedChildren.find((c) => c.type === 'identifier');
      if (id) out.push({ name: id.text, node: p, annotation: p.childForFieldName('type') ?? undefined });
    } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      const id = p.childForFieldName('name');
      if (id) out.push({ name: id.text, node: p, annotation: p.childForFieldName('type') ?? undefined });
    }
  }
  return out;
}

/** Does a type annotation name one of `types` (`T`, `T[...]`, `"T"`, `mod.T`, `T | None`)? */
export function annotationNames(annotation: SyntaxNode | undefined, types: Set<string>): boolean {
  if (!annotation) return false;
  for (const node of walk(annotation)) {
    if (node.type === 'identifier' && types.has(node.text)) return true;
    if (node.type === 'string') {
      const v = stringLiteralValue(node);
      if (v !== undefined && types.has(v.split('[')[0]!.trim())) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Decorators

export interface DecoratedFunction {
  decorator: SyntaxNode;
  /** `receiver.method` attribute of the decorator. */
  method: string;
  receiver: string;
  /** The decorator call (`@mcp.tool(...)`), undefined for a bare `@mcp.tool`. */
  call?: SyntaxNode;
  fn: SyntaxNode;
}

/** Functions decorated with `@<receiver>.<method>` or `@<receiver>.<method>(...)`. */
export function decoratedFunctions(root: SyntaxNode, receivers: Set<string>, methods: Set<string>): DecoratedFunction[] {
  const out: DecoratedFunction[] = [];
  for (const node of walk(root)) {
    if (node.type !== 'decorated_definition') continue;
    const fn = node.childForFieldName('definition');
    if (fn?.type !== 'function_definition') continue;
    for (const dec of node.namedChildren.filter((c) => c.type === 'decorator')) {
      const expr = dec.namedChildren[0];
      if (!expr) continue;
      const call = expr.type === 'call' ? expr : undefined;
      const target = call ? call.childForFieldName('function') : expr;
      if (target?.type !== 'attribute') continue;
      const obj = target.childForFieldName('object');
      const attr = target.childForFieldName('attribute');
      if (obj?.type !== 'identifier' || !receivers.has(obj.text) || !attr || !methods.has(attr.text)) continue;
      out.push({ decorator: dec, method: attr.text, receiver: obj.text, call, fn });
    }
  }
  return out;
}

/** The docstring of a function, when its body starts with a string literal. */
export function hasDocstring(fn: SyntaxNode): boolean {
  const body = fn.childForFieldName('body');
  const first = body?.namedChildren.find((c) => c.type !== 'comment');
  return first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string';
}

// ---------------------------------------------------------------------------------------------
// Imports to add

/** Is `name` imported at module level from `module` (`from module import name`)? */
export function importsName(root: SyntaxNode, module: string, name: string): boolean {
  for (const stmt of root.namedChildren) {
    if (stmt.type !== 'import_from_statement') continue;
    if (stmt.childForFieldName('module_name')?.text !== module) continue;
    for (const child of stmt.childrenForFieldName('name')) {
      const n = child.type === 'aliased_import' ? child.childForFieldName('name')?.text : child.text;
      const local = child.type === 'aliased_import' ? child.childForFieldName('alias')?.text : child.text;
      if (n === name && local === name) return true;
    }
  }
  return false;
}

/** The offset after which new module-level imports go: the end of the last top-level import, else after the docstring. */
export function importInsertionPoint(root: SyntaxNode): { index: number; atStart: boolean } {
  let last: SyntaxNode | undefined;
  for (const stmt of root.namedChildren) {
    if (stmt.type === 'import_statement' || stmt.type === 'import_from_statement' || stmt.type === 'future_import_statement') last = stmt;
  }
  if (last) return { index: last.endIndex, atStart: false };
  const first = root.namedChildren.find((c) => c.type !== 'comment');
  if (first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string') return { index: first.endIndex, atStart: false };
  return { index: 0, atStart: true };
}

/** Renders new import lines for insertion at `importInsertionPoint`. */
export function renderImports(point: { atStart: boolean }, lines: string[], nl = '\n'): string {
  if (!lines.length) return '';
  return point.atStart ? lines.map((l) => `${l}${nl}`).join('') : lines.map((l) => `${nl}${l}`).join('');
}

/** Apply edits to a text (re-export for tests and callers that hold plain edit lists). */
export function applyEditList(text: string, edits: Edit[]): string {
  const set = new EditSet();
  set.add(edits);
  return set.apply(text);
}
