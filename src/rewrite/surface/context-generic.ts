// `Context[AppContext]`, `Context[ServerSession, None]`: the SDK's FastMCP / MCPServer Context is
// generic, FastMCP 2, 3 and 4's is not — `Context[...]` raises "type 'Context' is not subscriptable"
// when the annotation is evaluated (at import, or when FastMCP reads the signature). Checked on
// mcp 1.30.0 (3 type parameters), mcp 2.3.0 MCPServer (2) and fastmcp 2.14.7 / 3.4.11 / 4.2.3 (none).
// The subscript is dropped: FastMCP injects the same Context either way.
import { walk } from '../../extract/python/project.js';
import type { SyntaxNode } from '../../parse/python.js';
import type { Edit } from '../python-api.js';

export interface GenericContext {
  node: SyntaxNode;
  edit: Edit;
}

/** Subscripted uses of the Context class: `Context[...]` (a local name) or `fastmcp.Context[...]` (a module local). */
export function contextSubscripts(root: SyntaxNode, ctxLocals: Set<string>, moduleLocals: Set<string> = new Set()): GenericContext[] {
  const out: GenericContext[] = [];
  for (const node of walk(root)) {
    // In annotations tree-sitter reads `Context[X]` as a generic_type (identifier + type_parameter).
    if (node.type !== 'subscript' && node.type !== 'generic_type') continue;
    const value = node.type === 'subscript' ? node.childForFieldName('value') : node.namedChildren[0];
    if (!value) continue;
    const isContext =
      (value.type === 'identifier' && ctxLocals.has(value.text)) ||
      (value.type === 'attribute' && value.childForFieldName('attribute')?.text === 'Context' && moduleLocals.has(value.childForFieldName('object')?.text ?? ''));
    if (!isContext) continue;
    out.push({ node, edit: { start: node.startIndex, end: node.endIndex, text: value.text } });
  }
  return out;
}

export const CONTEXT_GENERIC_MESSAGE = (text: string, target: string) =>
  `\`${text}\`: ${target}'s Context is not generic (subscripting it raises TypeError when the annotation is evaluated); the type arguments were dropped`;
