// Names, parameters and decorated functions.
import { walk } from '../../extract/python/project.js';
import type { SyntaxNode } from '../../parse/python.js';
import { stringLiteralValue } from './edits.js';

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
