// `from mcp.server.fastmcp.server import Settings` used only for `Settings.model_rebuild()` (a
// work-around for an SDK 1.x forward reference): FastMCP 4 has no such class and needs no such
// call, and the import alone would stop the module from loading under mcp 2.x. Both go.
import type { SyntaxNode } from '../../parse/python.js';
import { lineStartOf } from '../../extract/python/text.js';
import * as api from '../python-api.js';

/** Edits removing the import and every `Settings.model_rebuild(...)` statement, or undefined when Settings is used otherwise. */
export function settingsRebuildOnly(text: string, root: SyntaxNode, site: api.ImportSite, local: string): api.Edit[] | undefined {
  if (site.names.length !== 1) return undefined;
  const stmts: SyntaxNode[] = [];
  for (const use of api.identifierUses(root, local)) {
    const attr = use.parent;
    const call = attr?.type === 'attribute' && attr.childForFieldName('attribute')?.text === 'model_rebuild' ? attr.parent : undefined;
    const stmt = call?.type === 'call' ? call.parent : undefined;
    if (stmt?.type !== 'expression_statement') return undefined;
    // A statement alone in its block cannot go without leaving the block empty.
    if (stmt.parent?.type === 'block' && stmt.parent.namedChildren.filter((c) => c.type !== 'comment').length === 1) return undefined;
    stmts.push(stmt);
  }
  const wholeLine = (node: SyntaxNode): api.Edit => {
    const start = lineStartOf(text, node.startIndex);
    const nl = text.indexOf('\n', node.endIndex);
    return { start, end: nl < 0 ? node.endIndex : nl + 1, text: '' };
  };
  return [site.stmt, ...stmts].map(wholeLine);
}
