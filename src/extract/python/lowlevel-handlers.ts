// The handlers of a low-level server: found by decorator (v1, `@server.call_tool()`) or by
// constructor keyword (v2, `on_call_tool=`), and sorted into the ones FastMCP can carry and the rest.
import type { SyntaxNode } from '../../parse/python.js';
import type { LowlevelContext } from './lowlevel-context.js';
import { walk } from './project.js';
import { REVIEW_CODES as C, reviewAt } from './review.js';

/** One handler: its kind (`call_tool`), its function, and the statement defining it (with decorators). */
export interface HandlerSite {
  kind: string;
  def: SyntaxNode;
  decorated: SyntaxNode;
}

/** v2 handler keyword → the v1 decorator name used internally. */
export const V2_HANDLER_KWARGS: Record<string, string> = {
  on_list_tools: 'list_tools',
  on_call_tool: 'call_tool',
  on_list_resources: 'list_resources',
  on_read_resource: 'read_resource',
  on_list_resource_templates: 'list_resource_templates',
  on_list_prompts: 'list_prompts',
  on_get_prompt: 'get_prompt',
};

/** Handlers FastMCP carries; any other kind has no equivalent. */
export const HANDLER_KINDS = new Set(['list_tools', 'call_tool', 'list_resources', 'read_resource', 'list_resource_templates', 'list_prompts', 'get_prompt']);

/** Every handler registered on the server: decorated functions (v1) or constructor keywords (v2). */
export function findHandlers(cx: LowlevelContext): HandlerSite[] {
  if (cx.version === 'v2') return constructorHandlers(cx);
  const out: HandlerSite[] = [];
  const root = cx.variable.includes('.') ? (enclosingClass(cx.assignment) ?? cx.module.tree.rootNode) : (cx.factory?.childForFieldName('body') ?? cx.module.tree.rootNode);
  for (const node of walk(root)) {
    if (node.type !== 'decorated_definition') continue;
    const def = node.childForFieldName('definition');
    if (def?.type !== 'function_definition') continue;
    for (const dec of node.namedChildren.filter((c) => c.type === 'decorator')) {
      const expr = dec.namedChild(0);
      const callee = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
      if (callee?.type !== 'attribute' || callee.childForFieldName('object')?.text !== cx.variable) continue;
      out.push({ kind: callee.childForFieldName('attribute')!.text, def, decorated: node });
    }
  }
  return out;
}

/** v2: `Server(..., on_call_tool=handle_call)` → the function `handle_call` in scope. */
function constructorHandlers(cx: LowlevelContext): HandlerSite[] {
  const out: HandlerSite[] = [];
  const blocks = [cx.factory?.childForFieldName('body'), cx.module.tree.rootNode].filter((b): b is SyntaxNode => !!b);
  for (const arg of cx.call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (arg.type !== 'keyword_argument') continue;
    const key = arg.childForFieldName('name')?.text ?? '';
    const value = arg.childForFieldName('value');
    if (!/^on_/.test(key) || !value) continue;
    const kind = V2_HANDLER_KWARGS[key] ?? key.replace(/^on_/, '');
    const stmt = value.type === 'identifier' ? blocks.map((b) => functionIn(b, value.text)).find((f) => f) : undefined;
    if (!stmt) {
      cx.review.push(reviewAt(C.unsupportedHandler, 'error', cx.file, arg, `The ${key} handler is not a function defined in this module`, 'Define the handler as a named function next to the server, or register its tools with FastMCP by hand.'));
      continue;
    }
    const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition')! : stmt;
    out.push({ kind, def, decorated: stmt });
  }
  return out;
}

/**
 * The handlers FastMCP carries, by kind (their definitions become generated functions); the others
 * are commented out with a review item.
 */
export function supportedHandlers(cx: LowlevelContext, handlers: HandlerSite[]): Map<string, SyntaxNode> {
  const byKind = new Map<string, SyntaxNode>();
  for (const { kind, def, decorated } of handlers) {
    if (HANDLER_KINDS.has(kind)) {
      byKind.set(kind, def);
      cx.layout.handlers.push(decorated);
    } else {
      cx.layout.unsupported.push(decorated);
      cx.review.push(
        reviewAt(C.unsupportedHandler, 'warning', cx.file, decorated, `@${cx.variable}.${kind}() has no direct FastMCP equivalent; the handler was commented out`, unsupportedAdvice(kind)),
      );
    }
  }
  return byKind;
}

/** A function (plain or decorated) defined directly in `block`. */
function functionIn(block: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const stmt of block.namedChildren) {
    const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (def?.type === 'function_definition' && def.childForFieldName('name')?.text === name) return stmt;
  }
  return undefined;
}

function enclosingClass(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'class_definition') return p;
  return undefined;
}

/** The review suggestion for a handler kind FastMCP has no equivalent for. */
export function unsupportedAdvice(kind: string): string {
  switch (kind) {
    case 'set_logging_level':
      return 'FastMCP handles logging/setLevel itself; send logs with ctx.log(...) / ctx.info(...) from a tool that takes ctx: Context.';
    case 'completion':
      return 'Re-implement completions with FastMCP completion support or drop them; the commented-out handler keeps the original logic.';
    case 'progress_notification':
      return 'Report progress with await ctx.report_progress(...) from tools taking ctx: Context.';
    case 'subscribe_resource':
    case 'unsubscribe_resource':
      return 'Resource subscriptions need a custom implementation in FastMCP; review the commented-out handler.';
    default:
      return 'Re-implement this handler with FastMCP (middleware or a custom handler); the commented-out original is kept for reference.';
  }
}
