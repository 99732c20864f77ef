// Reading what a low-level server's list handler (`list_tools`, `list_resources`, ...) returns,
// statically, with the fallback to the runtime bridge when only the run time knows the list.
import type { SyntaxNode } from '../../parse/python.js';
import type { LowlevelContext } from './lowlevel-context.js';
import { parameterNames } from './lowlevel-dispatcher.js';
import { walk } from './project.js';
import { listMayChange, RuntimeListNeeded, shortSource, type BridgeKind } from './runtime-lists.js';
import { CallValue, functionScope, type Scope, type StaticValue } from './static-eval.js';

/**
 * The value a list_* handler returns, evaluated statically. Throws RuntimeListNeeded when the list
 * may hold other items at run time than the static reading found.
 */
export function listedItems(cx: LowlevelContext, fn: SyntaxNode, what: string): StaticValue[] {
  const scope = functionScope(fn, cx.scope);
  const returns = [...walk(fn.childForFieldName('body')!)].filter((n) => n.type === 'return_statement' && enclosingFunction(n)?.id === fn.id);
  if (returns.length !== 1 || !returns[0].namedChild(0)) throw new RuntimeListNeeded(`the ${what} list handler is not a single return statement`, fn);
  if (cx.version === 'v1' && parameterNames(fn).length > 0) throw new RuntimeListNeeded(`the ${what} list handler takes the request (paginated with a cursor)`, fn);
  const expr = returns[0].namedChild(0)!;
  let value = cx.evaluator.evaluate(expr, scope);
  // v2: `return ListToolsResult(tools=[...])`
  if (value instanceof CallValue && /^List\w+Result$/.test(value.simpleName)) {
    const cursor = value.kwarg('nextCursor');
    if (cursor !== undefined && cursor !== null) throw new RuntimeListNeeded(`the ${what} list is paginated (next_cursor)`, expr);
    value = ['tools', 'resources', 'resource_templates', 'resourceTemplates', 'prompts'].map((k) => value instanceof CallValue ? value.kwargs.get(k) : undefined).find((v) => v !== undefined) ?? value.args[0];
  }
  if (!Array.isArray(value)) throw new RuntimeListNeeded(`the returned ${what} list \`${shortSource(expr)}\` cannot be read statically`, expr, partialNames(cx, expr, scope));
  const change = listMayChange(fn, expr, cx.module, cx.project);
  if (change) throw new RuntimeListNeeded(`the ${what} list may change at run time: ${change}`, expr);
  if (value.length === 0 && !/^(\[\s*\]|\(\s*\)|list\(\s*\))$/.test(expr.text)) throw new RuntimeListNeeded(`the ${what} list \`${shortSource(expr)}\` reads as empty statically`, expr);
  noteCandidates(cx, expr);
  return value;
}

/** Names of the items the static reading does see in `A + f()` / `[*A, *f()]` (for the review item). */
function partialNames(cx: LowlevelContext, expr: SyntaxNode, scope: Scope): string[] {
  const parts = expr.type === 'binary_operator' ? [expr.childForFieldName('left')!, expr.childForFieldName('right')!] : expr.type === 'list' ? expr.namedChildren.map((c) => (c.type === 'list_splat' ? c.namedChild(0)! : c)) : [];
  const names: string[] = [];
  for (const part of parts) {
    const v = cx.evaluator.evaluate(part, scope);
    const items = Array.isArray(v) ? v : [v];
    if (!Array.isArray(v) && part.type === 'binary_operator') names.push(...partialNames(cx, part, scope));
    for (const item of items) if (item instanceof CallValue && typeof item.kwarg('name', 0) === 'string') names.push(item.kwarg('name', 0) as string);
  }
  return names;
}

/**
 * Reads one kind of list statically, or — when only the run time knows it exactly — leaves its
 * handlers to the runtime bridge (nothing read so far is kept).
 */
export function staticOrRuntime<T>(cx: LowlevelContext, kind: BridgeKind, read: () => T[]): T[] {
  if (cx.runtimeKinds.has(kind)) return [];
  const mark = { review: cx.review.length, candidates: cx.layout.candidates.length, imports: cx.layout.extraImports.length, names: new Set(cx.usedFunctionNames) };
  try {
    return read();
  } catch (e) {
    if (!(e instanceof RuntimeListNeeded)) throw e;
    cx.review.length = mark.review;
    cx.layout.candidates.length = mark.candidates;
    cx.layout.extraImports.length = mark.imports;
    cx.usedFunctionNames.clear();
    for (const n of mark.names) cx.usedFunctionNames.add(n);
    cx.runtimeKinds.set(kind, { reason: e.reason, node: e.node, names: e.names });
    return [];
  }
}

/** Module-level constants referenced by a removed handler may become dead: let the emitter check. */
function noteCandidates(cx: LowlevelContext, expr: SyntaxNode): void {
  for (const n of walk(expr)) {
    if (n.type !== 'identifier') continue;
    const bound = cx.module.bindings.get(n.text);
    if (bound?.length === 1 && bound[0].type === 'assignment') cx.layout.candidates.push(bound[0]);
  }
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}
