// Rewrites reads of the low-level `arguments` dict into reads of typed parameters.
import { parsePython, type SyntaxNode } from '../../parse/python.js';
import { walk } from './project.js';
import { plainStringValue } from './strings.js';
import { applyEdits, type Edit } from './text.js';

export interface ParamInfo {
  key: string;
  param: string;
  /** The generated parameter defaults to None when the client omits it. */
  defaultsToNone: boolean;
}

export interface RewrittenBody {
  body: string;
  /** Some use of the dict is not a plain read of a known key: the emitter rebuilds the dict. */
  needsArgumentsDict: boolean;
  /** The body still refers to the dispatch key variable (e.g. `name`). */
  usesKey: boolean;
}

const isIdentifier = (n: SyntaxNode | null, name: string) => n?.type === 'identifier' && n.text === name;

/**
 * Turns `arguments["k"]` into `k` and `arguments.get("k", d)` into `(d if k is None else k)`.
 * When any other use of the dict remains, nothing is rewritten and the dict is rebuilt instead,
 * so the body keeps exactly the semantics it had.
 */
export function rewriteArgumentReads(body: string, argumentsName: string | undefined, keyName: string | undefined, params: ParamInfo[]): RewrittenBody {
  const tree = parsePython(body);
  const byKey = new Map(params.map((p) => [p.key, p]));
  const edits: Edit[] = [];
  let needsDict = false;
  let usesKey = false;
  const handled = new Set<number>();
  // `args = arguments or {}` at the top of the body: reads of `args` are reads of the arguments.
  const names = new Set(argumentsName ? [argumentsName] : []);
  for (const stmt of tree.rootNode.namedChildren) {
    const a = stmt.type === 'expression_statement' ? stmt.namedChild(0) : undefined;
    const left = a?.type === 'assignment' ? a.childForFieldName('left') : undefined;
    const right = a?.childForFieldName('right');
    if (!argumentsName || left?.type !== 'identifier' || !right || !isArgumentsAlias(right, argumentsName)) continue;
    names.add(left.text);
    handled.add(left.id);
    for (const n of walk(right)) if (isIdentifier(n, argumentsName)) handled.add(n.id);
    const start = body.lastIndexOf('\n', stmt.startIndex - 1) + 1;
    edits.push({ start, end: body[stmt.endIndex] === '\n' ? stmt.endIndex + 1 : stmt.endIndex, text: '' });
  }
  for (const node of walk(tree.rootNode)) {
    if (keyName && isIdentifier(node, keyName) && !isAttributeName(node) && !isKeywordName(node)) usesKey = true;
    if (node.type !== 'identifier' || !names.has(node.text) || handled.has(node.id)) continue;
    if (isAttributeName(node) || isKeywordName(node)) continue;
    const parent = node.parent;
    // arguments["key"]
    if (parent?.type === 'subscript' && parent.childForFieldName('value')?.id === node.id) {
      const key = keyOf(parent.childForFieldName('subscript'));
      const p = key !== undefined ? byKey.get(key) : undefined;
      if (p && !isAssignmentTarget(parent)) {
        edits.push({ start: parent.startIndex, end: parent.endIndex, text: p.param });
        continue;
      }
    }
    // arguments.get("key"[, default])
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.text === 'get' && parent.parent?.type === 'call') {
      const call = parent.parent;
      const args = call.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
      const key = args.length >= 1 && args.length <= 2 ? keyOf(args[0]) : undefined;
      const p = key !== undefined ? byKey.get(key) : undefined;
      if (p && args.every((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat')) {
        const fallback = args[1]?.text;
        const text = fallback === undefined || fallback === 'None' || !p.defaultsToNone ? p.param : `(${fallback} if ${p.param} is None else ${p.param})`;
        edits.push({ start: call.startIndex, end: call.endIndex, text });
        continue;
      }
    }
    needsDict = true;
  }
  if (needsDict) return { body, needsArgumentsDict: true, usesKey };
  return { body: edits.length ? dropSelfAssignments(applyEdits(body, edits)) : body, needsArgumentsDict: false, usesKey };
}

/** `a = arguments["a"]` became `a = a`: the line says nothing any more. */
export function dropSelfAssignments(body: string): string {
  const tree = parsePython(body);
  const edits: Edit[] = [];
  for (const node of walk(tree.rootNode)) {
    if (node.type !== 'expression_statement') continue;
    const a = node.namedChild(0);
    if (a?.type !== 'assignment' || a.childForFieldName('type')) continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'identifier' || left.text !== right.text) continue;
    const start = body.lastIndexOf('\n', node.startIndex - 1) + 1;
    let end = node.endIndex;
    if (body[end] === '\n') end++;
    if (body.slice(start, node.startIndex).trim() === '' && (end === body.length || body[end - 1] === '\n')) edits.push({ start, end, text: '' });
  }
  return edits.length ? applyEdits(body, edits) : body;
}

/** `arguments`, `arguments or {}`, `arguments or dict()`. */
function isArgumentsAlias(node: SyntaxNode, argumentsName: string): boolean {
  if (isIdentifier(node, argumentsName)) return true;
  if (node.type !== 'boolean_operator' || node.childForFieldName('operator')?.text !== 'or') return false;
  const right = node.childForFieldName('right');
  return isIdentifier(node.childForFieldName('left'), argumentsName) && (right?.text === '{}' || right?.text === 'dict()');
}

function keyOf(node: SyntaxNode | null): string | undefined {
  if (!node) return undefined;
  return plainStringValue(node);
}

function isAttributeName(node: SyntaxNode): boolean {
  return node.parent?.type === 'attribute' && node.parent.childForFieldName('attribute')?.id === node.id;
}

function isKeywordName(node: SyntaxNode): boolean {
  return node.parent?.type === 'keyword_argument' && node.parent.childForFieldName('name')?.id === node.id;
}

function isAssignmentTarget(node: SyntaxNode): boolean {
  const p = node.parent;
  return (p?.type === 'assignment' || p?.type === 'augmented_assignment') && p.childForFieldName('left')?.id === node.id;
}

/** Identifiers a body reads that are not bound in it, roughly: used to detect parameter name clashes. */
export function identifiersIn(body: string): Set<string> {
  const out = new Set<string>();
  for (const node of walk(parsePython(body).rootNode)) {
    if (node.type === 'identifier' && !isAttributeName(node) && !isKeywordName(node)) out.add(node.text);
  }
  return out;
}
