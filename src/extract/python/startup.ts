// Low-level start-up details the FastMCP run call must keep: the `InitializationOptions` the
// original handed to `server.run(...)` (its server_name / server_version / instructions are what
// clients see), custom stdio streams, and streamable-HTTP session-manager options.
import type { Value } from '../../model/index.js';
import { pyExpr } from '../../model/index.js';
import type { SyntaxNode } from '../../parse/python.js';
import { walk, type PyModule } from './project.js';

export interface InitOptions {
  /** The `InitializationOptions(...)` call. */
  call: SyntaxNode;
  /** `opts = InitializationOptions(...)` statement when the call was bound to a name first. */
  binding?: SyntaxNode;
  kwargs: Map<string, SyntaxNode>;
}

/** The third argument of `server.run(read, write, options)`, when it is an `InitializationOptions(...)`. */
export function initializationOptions(runCall: SyntaxNode): InitOptions | undefined {
  const args = runCall.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
  let arg = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'initialization_options')?.childForFieldName('value') ?? args.filter((a) => a.type !== 'keyword_argument')[2];
  if (!arg) return undefined;
  let binding: SyntaxNode | undefined;
  if (arg.type === 'identifier') {
    // `options = InitializationOptions(...)` earlier in the same function.
    const fn = enclosing(runCall, 'function_definition');
    const name = arg.text;
    for (const n of walk(fn?.childForFieldName('body') ?? runCall.tree.rootNode)) {
      if (n.type !== 'assignment' || n.startIndex > runCall.startIndex) continue;
      if (n.childForFieldName('left')?.text !== name) continue;
      const right = n.childForFieldName('right');
      if (right?.type === 'call') {
        arg = right;
        binding = n.parent?.type === 'expression_statement' ? n.parent : undefined;
      }
    }
  }
  if (arg.type !== 'call' || (arg.childForFieldName('function')?.text ?? '').split('.').pop() !== 'InitializationOptions') return undefined;
  const kwargs = new Map<string, SyntaxNode>();
  for (const a of arg.childForFieldName('arguments')?.namedChildren ?? []) {
    if (a.type === 'keyword_argument') kwargs.set(a.childForFieldName('name')!.text, a.childForFieldName('value')!);
  }
  return { call: arg, binding, kwargs };
}

const PLAIN_LITERALS = new Set(['integer', 'float', 'true', 'false', 'none']);

/** A string (or concatenation of strings) with no interpolation. */
function plainString(node: SyntaxNode): boolean {
  if (node.type === 'concatenated_string') return node.namedChildren.every(plainString);
  return node.type === 'string' && !node.children.some((c) => c.type === 'interpolation') && !/^[a-zA-Z]*[fF]/.test(node.text);
}

/** An argument that stays where it is (the constructor is rewritten in place): a plain literal is read as its value, anything else keeps its source. */
export function keptValue(node: SyntaxNode, evaluated: Value | undefined): Value {
  if ((plainString(node) || PLAIN_LITERALS.has(node.type)) && evaluated?.kind === 'literal') return evaluated;
  return pyExpr(node.text);
}

/**
 * The value to write for an expression that moves to the `FastMCP(...)` constructor at `target`:
 * a literal stays a literal, a name (or any expression whose free names are module-level bindings
 * made before the constructor, imports included) stays that expression; otherwise `evaluated`
 * (the static value) or undefined.
 */
export function portableValue(node: SyntaxNode, module: PyModule, target: SyntaxNode, targetInFunction: boolean, evaluated: Value | undefined): Value | undefined {
  if (plainString(node) || PLAIN_LITERALS.has(node.type)) return evaluated?.kind === 'literal' ? evaluated : pyExpr(node.text);
  const free = freeNames(node);
  const portable = [...free].every((name) => {
    if (BUILTINS.has(name)) return true;
    const bound = module.bindings.get(name);
    if (!bound?.length) return false;
    // At module level the name must be bound before the constructor runs.
    return targetInFunction || bound.some((b) => b.startIndex < target.startIndex);
  });
  if (portable) return pyExpr(node.text);
  // Not visible at the constructor: only a statically known value can move there.
  return evaluated?.kind === 'literal' ? evaluated : undefined;
}

/** Identifiers an expression reads (not attribute names, not keyword names, not comprehension variables). */
function freeNames(node: SyntaxNode): Set<string> {
  const out = new Set<string>();
  const local = new Set<string>();
  for (const n of walk(node)) {
    if (n.type === 'for_in_clause') {
      const left = n.childForFieldName('left');
      for (const x of left ? walk(left) : []) if (x.type === 'identifier') local.add(x.text);
    }
  }
  for (const n of walk(node)) {
    if (n.type !== 'identifier') continue;
    const p = n.parent;
    if (p?.type === 'attribute' && p.childForFieldName('attribute')?.id === n.id) continue;
    if (p?.type === 'keyword_argument' && p.childForFieldName('name')?.id === n.id) continue;
    if (!local.has(n.text)) out.add(n.text);
  }
  return out;
}

const BUILTINS = new Set(['str', 'int', 'float', 'bool', 'len', 'dict', 'list', 'tuple', 'set', 'repr', 'format', 'sorted', 'min', 'max', 'sum', 'abs', 'round', 'None', 'True', 'False']);

/** `stdio_server(stdin=..., stdout=...)` / positional streams: the arguments, or empty. */
export function stdioStreamArgs(withNode: SyntaxNode): SyntaxNode[] {
  for (const n of walk(withNode)) {
    if (n.type === 'call' && /(^|\.)stdio_server$/.test(n.childForFieldName('function')?.text ?? '')) {
      return n.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    }
    if (n.type === 'block') break;
  }
  return [];
}

/** The `stdio_server(...)` call of a with statement. */
export function stdioCall(withNode: SyntaxNode): SyntaxNode | undefined {
  for (const n of walk(withNode)) {
    if (n.type === 'block') break;
    if (n.type === 'call' && /(^|\.)stdio_server$/.test(n.childForFieldName('function')?.text ?? '')) return n;
  }
  return undefined;
}

function enclosing(node: SyntaxNode, type: string): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === type) return p;
  return undefined;
}
