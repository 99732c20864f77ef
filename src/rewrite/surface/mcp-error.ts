// `McpError(ErrorData(code=..., message=...))` → `McpError(code=..., message=...)`, and the
// `McpError` import moved to `fastmcp.exceptions`: SDK v2 (under FastMCP 4) has no
// `mcp.shared.exceptions.McpError` (it is `MCPError`, re-exported by fastmcp.exceptions as McpError)
// and its constructor takes code/message/data, not an ErrorData. Checked on mcp 2.3.0 and
// fastmcp 4.2.3. Shared by every in-place transform (SDK FastMCP, MCPServer, FastMCP 3 → 4).
import type { SyntaxNode } from '../../parse/python.js';
import { walk } from '../../extract/python/project.js';
import { indentAt } from '../../extract/python/text.js';
import * as api from '../python-api.js';

/** A node's text moved to a line indented `toIndent`: continuation lines lose the difference (no multi-line strings inside). */
function dedented(text: string, node: SyntaxNode, toIndent: number): string {
  const shift = indentAt(text, node.startIndex) - toIndent;
  const lines = node.text.split('\n');
  if (lines.length === 1 || shift <= 0) return node.text;
  return [lines[0], ...lines.slice(1).map((l) => (l.slice(0, shift).trim() === '' ? l.slice(Math.min(shift, l.length)) : l))].join('\n');
}

export interface McpErrorSink {
  edit(edit: api.Edit | api.Edit[]): void;
  record(node: SyntaxNode, message: string): void;
  flag(node: SyntaxNode, message: string, suggestion: string): void;
}

const ERROR_MODULES = ['mcp', 'mcp.types', 'mcp.shared.exceptions', 'fastmcp.exceptions', 'mcp_types'];

/** `from mcp.shared.exceptions import McpError` / `from mcp import McpError` → `from fastmcp.exceptions import McpError` (other names stay). */
export function mcpErrorImports(text: string, root: SyntaxNode, sink: McpErrorSink): void {
  for (const site of api.findImports(root, (m) => m === 'mcp.shared.exceptions' || m === 'mcp')) {
    if (site.kind !== 'from' || !site.names.some((n) => n.name === 'McpError')) continue;
    sink.edit(api.rewriteFromImport(text, site, (n) => (n.name === 'McpError' ? { module: 'fastmcp.exceptions' } : undefined)));
    sink.record(site.stmt, '`McpError` comes from `fastmcp.exceptions` in FastMCP 4 (SDK v2 renamed it MCPError and has no mcp.shared.exceptions.McpError)');
  }
}

/** The ErrorData argument unwrapped; the argument text is kept byte for byte. */
export function mcpErrorCalls(text: string, root: SyntaxNode, sink: McpErrorSink): void {
  const errorLocals = new Set<string>();
  const dataLocals = new Set<string>();
  const typeModules = new Set<string>();
  for (const site of api.findImports(root, (m) => ERROR_MODULES.includes(m))) {
    for (const n of site.names) {
      if (site.kind === 'import') {
        if (n.name === 'mcp.types' || n.name === 'mcp_types') typeModules.add(n.alias ?? (n.name === 'mcp_types' ? 'mcp_types' : 'mcp.types'));
        continue;
      }
      if (n.name === 'McpError' || n.name === 'MCPError') errorLocals.add(n.local);
      if (n.name === 'ErrorData') dataLocals.add(n.local);
      if (site.module === 'mcp' && n.name === 'types') typeModules.add(n.local);
    }
  }
  if (!errorLocals.size) return;
  const isErrorData = (n: SyntaxNode) => {
    if (n.type !== 'call') return false;
    const fn = n.childForFieldName('function')!;
    if (fn.type === 'identifier') return dataLocals.has(fn.text);
    return fn.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'ErrorData' && typeModules.has(fn.childForFieldName('object')!.text);
  };
  for (const call of api.callsOfName(root, errorLocals)) {
    const args = api.callArgs(call);
    const only = args.length === 1 ? args[0]! : undefined;
    if (only && (only.kind === 'positional' || only.name === 'error') && isErrorData(only.value)) {
      const outer = api.callArgList(call)!;
      const inner = api.callArgList(only.value)!;
      const multilineString = [...walk(inner)].some((n) => n.type === 'string' && n.endPosition.row > n.startPosition.row);
      if (multilineString) {
        // Text inside a string literal is never re-indented: drop `ErrorData(` and its `)` only.
        sink.edit([
          { start: outer.startIndex + 1, end: inner.startIndex + 1, text: '' },
          { start: inner.endIndex - 1, end: outer.endIndex - 1, text: '' },
        ]);
      } else {
        sink.edit({ start: outer.startIndex, end: outer.endIndex, text: dedented(text, inner, indentAt(text, call.startIndex)) });
      }
      sink.record(call, '`McpError(ErrorData(code=..., message=...))` is `McpError(code=..., message=...)` under SDK v2');
      continue;
    }
    if (args.some((a) => a.kind === 'keyword' && (a.name === 'code' || a.name === 'message'))) continue; // already the SDK v2 form
    if (only && only.kind === 'positional') {
      sink.flag(
        call,
        `\`${call.text.split('\n')[0]}\`: under SDK v2 McpError takes \`code=\`, \`message=\` (and \`data=\`), not an ErrorData`,
        `Write \`McpError(code=${only.value.text}.code, message=${only.value.text}.message, data=${only.value.text}.data)\`.`,
      );
    }
  }
}
