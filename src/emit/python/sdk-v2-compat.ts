// A migrated low-level module runs on mcp 2.3.0 (under FastMCP 4): SDK 1.x spellings the module
// keeps outside the MCP plumbing are moved to their SDK v2 / FastMCP 4 form, and what has no
// counterpart is reported (error) and bound to typing.Any so the module still imports.
//   McpError (mcp / mcp.shared.exceptions)  → fastmcp.exceptions.McpError (alias of SDK v2 MCPError);
//   McpError(ErrorData(code=, message=))    → McpError(code=, message=)  (same error reaches the client:
//                                              an error result from a tool, a JSON-RPC error elsewhere);
//   Resource(uri=AnyUrl(...)) and friends   → uri=str(AnyUrl(...))  (SDK v2 protocol types take str URIs);
//   from mcp.types import AnyUrl / FileUrl   → from pydantic; renamed types keep their local name;
//   mcp.server.fastmcp.Context               → fastmcp.Context, and `Context[...]` → `Context` (not generic);
//   tool.inputSchema / resource.mimeType      → tool.input_schema / resource.mime_type (SDK v2 protocol
//                                              models have snake_case attributes; camelCase stays valid as a keyword).
import type { ReviewItem } from '../../model/index.js';
import { parsePython, type SyntaxNode } from '../../parse/python.js';
import { walk } from '../../extract/python/project.js';
import { REVIEW_CODES } from '../../extract/python/review.js';
import { applyEdits, type Edit } from '../../extract/python/text.js';
import * as api from '../../rewrite/python-api.js';
import { CAMEL_TO_SNAKE, TYPE_RENAMES } from '../../rewrite/fastmcp-upgrade/v3-to-v4.js';
import { MCP2_GONE } from './mcp2-gone.js';

/** Protocol types whose `uri` is a plain `str` in SDK v2. */
const URI_TYPES = new Set(['Resource', 'ResourceLink', 'TextResourceContents', 'BlobResourceContents', 'ResourceContents', 'ResourceUpdatedNotificationParams', 'ReadResourceRequestParams', 'SubscribeRequestParams', 'UnsubscribeRequestParams']);

function goneNames(module: string): true | Set<string> | undefined {
  for (const [m, names] of Object.entries(MCP2_GONE)) {
    if (names === true && (module === m || module.startsWith(`${m}.`))) return true;
  }
  const names = MCP2_GONE[module];
  return Array.isArray(names) ? new Set(names) : undefined;
}

export function adaptSdkV1Apis(text: string, file: string, review: ReviewItem[], addImport: (module: string, name: string) => void): string {
  const stubbed = new Set<string>();
  const out = rewriteImports(text, file, review, stubbed);
  return snakeCaseFieldReads(rewriteTypeAttributes(rewriteCalls(out, stubbed), file, review, addImport));
}

function item(file: string, node: SyntaxNode, message: string, suggestion: string): ReviewItem {
  return {
    code: REVIEW_CODES.sdkV1Api,
    severity: 'error',
    file,
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    message,
    snippet: node.text.split('\n')[0]!.slice(0, 160),
    suggestion,
  };
}

function rewriteImports(text: string, file: string, review: ReviewItem[], stubbed: Set<string>): string {
  const root = parsePython(text).rootNode;
  const edits: Edit[] = [];
  const nl = api.eolOf(text);
  for (const site of api.findImports(root, (m) => m === 'mcp' || m.startsWith('mcp.'))) {
    const indent = ' '.repeat(site.stmt.startPosition.column);
    if (site.kind === 'import') {
      // `import mcp.shared.session` of a module SDK v2 does not have: keep the module importable.
      const goneMods = site.names.filter((n) => goneNames(n.name) === true);
      if (!goneMods.length) continue;
      for (const n of goneMods) review.push(item(file, n.node, `\`${n.name}\` does not exist in mcp 2.3.0 (the SDK FastMCP 4 runs on); the import was commented out`, 'Replace what the module used from it with the SDK v2 / FastMCP 4 equivalent.'));
      if (goneMods.length === site.names.length) edits.push({ start: site.stmt.startIndex, end: site.stmt.endIndex, text: `# TODO(fastmcp-migrate): not in mcp 2.3.0: ${site.stmt.text.replace(/\s*\n\s*/g, ' ')}` });
      continue;
    }
    if (site.wildcard) continue;
    const gone = goneNames(site.module);
    const stubs: string[] = [];
    const targetOf = (n: api.ImportedNameSite): api.ImportTarget | undefined => {
      if (n.name === 'McpError' && ['mcp', 'mcp.shared.exceptions', 'mcp.server.lowlevel.server'].includes(site.module)) return { module: 'fastmcp.exceptions' };
      if ((n.name === 'Context' || n.name === 'FastMCP') && (site.module === 'mcp.server.fastmcp' || site.module.startsWith('mcp.server.fastmcp.'))) return { module: 'fastmcp' };
      if (site.module === 'mcp.types' && (n.name === 'AnyUrl' || n.name === 'FileUrl')) return { module: 'pydantic' };
      if (site.module === 'mcp.types' && TYPE_RENAMES[n.name]) return { module: 'mcp.types', name: TYPE_RENAMES[n.name], keepLocal: true };
      return undefined;
    };
    const remove = new Set<number>();
    site.names.forEach((n, i) => {
      if (targetOf(n)) return;
      if (gone === true || gone?.has(n.name)) {
        remove.add(i);
        review.push(item(file, n.node, `\`${n.name}\` is not in \`${site.module}\` under mcp 2.3.0 (the SDK FastMCP 4 runs on); it is bound to typing.Any so the module still imports (a call to it fails at run time)`, 'Replace its uses with the SDK v2 / FastMCP 4 equivalent (see the MCP Python SDK v2 migration guide).'));
        stubs.push(`# TODO(fastmcp-migrate): mcp 2.3.0 has no ${site.module}.${n.name}; see MIGRATION_REPORT.md`, `from typing import Any as ${n.local}`);
        stubbed.add(n.local);
      }
    });
    const moved = site.names.some((n) => targetOf(n));
    if (remove.size === site.names.length) {
      edits.push({ start: site.stmt.startIndex, end: site.stmt.endIndex, text: stubs.join(`${nl}${indent}`) });
      continue;
    }
    if (moved) {
      // rewriteFromImport keeps names without a target in place; gone names are removed below.
      const kept = api.rewriteFromImport(text, site, (n) => targetOf(n));
      if (remove.size) {
        // Gone names and moved names in one statement: rebuild it whole.
        const keep = site.names.filter((_, i) => !remove.has(i) && !targetOf(site.names[i]!));
        const lines: string[] = [];
        if (keep.length) lines.push(`from ${site.module} import ${keep.map((k) => k.node.text).join(', ')}`);
        const byModule = new Map<string, string[]>();
        for (const n of site.names) {
          const t = targetOf(n);
          if (!t) continue;
          const name = t.name ?? n.name;
          const rendered = n.alias ? `${name} as ${n.alias}` : t.keepLocal && name !== n.name ? `${name} as ${n.name}` : name;
          byModule.set(t.module, [...(byModule.get(t.module) ?? []), rendered]);
        }
        for (const [m, names] of byModule) lines.push(`from ${m} import ${names.join(', ')}`);
        edits.push({ start: site.stmt.startIndex, end: site.stmt.endIndex, text: [...lines, ...stubs].join(`${nl}${indent}`) });
      } else edits.push(...kept);
      continue;
    }
    if (remove.size) {
      edits.push(...api.listItemEdits(text, site.stmt, site.names.map((n) => n.node), remove));
      edits.push({ start: site.stmt.endIndex, end: site.stmt.endIndex, text: stubs.map((s) => `${nl}${indent}${s}`).join('') });
    }
  }
  return edits.length ? applyEdits(text, edits) : text;
}

function rewriteCalls(text: string, stubbed: Set<string>): string {
  const root = parsePython(text).rootNode;
  const errorLocals = new Set<string>();
  const dataLocals = new Set<string>();
  const contextLocals = new Set<string>();
  const typeModules = new Set<string>();
  for (const site of api.findImports(root, (m) => m === 'mcp' || m.startsWith('mcp.') || m === 'fastmcp' || m.startsWith('fastmcp.') || m === 'mcp_types')) {
    for (const n of site.names) {
      if (site.kind === 'import') {
        if (n.name === 'mcp.types' || n.name === 'mcp_types') typeModules.add(n.alias ?? n.name);
        continue;
      }
      if (n.name === 'McpError' || n.name === 'MCPError') errorLocals.add(n.local);
      if (n.name === 'ErrorData') dataLocals.add(n.local);
      if (n.name === 'Context' && (site.module === 'fastmcp' || site.module.startsWith('fastmcp.'))) contextLocals.add(n.local);
      if (site.module === 'mcp' && n.name === 'types') typeModules.add(n.local);
    }
  }
  const edits: Edit[] = [];
  const isErrorData = (n: SyntaxNode) => {
    if (n.type !== 'call') return false;
    const fn = n.childForFieldName('function')!;
    if (fn.type === 'identifier') return dataLocals.has(fn.text);
    return fn.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'ErrorData' && typeModules.has(fn.childForFieldName('object')!.text);
  };
  for (const node of walk(root)) {
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      const simple = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
      const argList = node.childForFieldName('arguments');
      const args = argList?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
      // McpError(ErrorData(code=..., message=...)) → McpError(code=..., message=...)
      if (fn?.type === 'identifier' && errorLocals.has(fn.text) && args.length === 1) {
        const only = args[0]!;
        const inner = only.type === 'keyword_argument' && only.childForFieldName('name')?.text === 'error' ? only.childForFieldName('value')! : only;
        if (isErrorData(inner)) {
          const innerArgs = inner.childForFieldName('arguments')!;
          edits.push({ start: argList!.startIndex, end: argList!.endIndex, text: innerArgs.text });
          continue;
        }
      }
      // Resource(uri=AnyUrl("...")) → Resource(uri=str(AnyUrl("...")))
      if (simple && URI_TYPES.has(simple)) {
        for (const a of args) {
          if (a.type !== 'keyword_argument' || a.childForFieldName('name')?.text !== 'uri') continue;
          const v = a.childForFieldName('value')!;
          const callee = v.type === 'call' ? (v.childForFieldName('function')?.text ?? '') : '';
          if (/(^|\.)(AnyUrl|FileUrl|AnyHttpUrl|HttpUrl)$/.test(callee)) edits.push({ start: v.startIndex, end: v.endIndex, text: `str(${v.text})` });
        }
      }
    }
    // Context[ServerSession, None] → Context (FastMCP 4's Context is not generic)
    // typing.Any cannot be subscripted: `RequestContext[ServerSession, None]` → `RequestContext`.
    if (node.type === 'subscript' || node.type === 'generic_type') {
      // `generic_type` is how tree-sitter reads `X[...]` inside an annotation.
      const value = node.type === 'subscript' ? node.childForFieldName('value') : node.namedChild(0);
      if (value?.type === 'identifier' && (contextLocals.has(value.text) || stubbed.has(value.text))) edits.push({ start: node.startIndex, end: node.endIndex, text: value.text });
    }
  }
  return edits.length ? applyEdits(text, dedupeNested(edits)) : text;
}

/** Keeps the outermost of nested edits. */
function dedupeNested(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Edit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && e.start >= last.start && e.end <= last.end) continue;
    out.push(e);
  }
  return out;
}

/**
 * `types.Content` (module-qualified protocol types): renamed ones get their SDK v2 name,
 * `types.AnyUrl` / `types.FileUrl` come from pydantic, `types.Cursor` is `str`; others mcp 2.3.0
 * lacks are reported.
 */
function rewriteTypeAttributes(text: string, file: string, review: ReviewItem[], addImport: (module: string, name: string) => void): string {
  const root = parsePython(text).rootNode;
  const modules = new Set<string>();
  for (const site of api.findImports(root, (m) => m === 'mcp' || m === 'mcp.types')) {
    for (const n of site.names) {
      if (site.kind === 'import' && n.name === 'mcp.types') modules.add(n.alias ?? 'mcp.types');
      if (site.kind === 'from' && site.module === 'mcp' && n.name === 'types') modules.add(n.local);
    }
  }
  if (!modules.size) return text;
  const gone = new Set(Array.isArray(MCP2_GONE['mcp.types']) ? MCP2_GONE['mcp.types'] : []);
  const edits: Edit[] = [];
  const pydantic = new Set<string>();
  for (const node of walk(root)) {
    if (node.type !== 'attribute') continue;
    const obj = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text ?? '';
    if (!obj || !modules.has(obj.text)) continue;
    if (TYPE_RENAMES[attr]) edits.push({ start: node.startIndex, end: node.endIndex, text: `${obj.text}.${TYPE_RENAMES[attr]}` });
    else if (attr === 'AnyUrl' || attr === 'FileUrl') {
      edits.push({ start: node.startIndex, end: node.endIndex, text: attr });
      pydantic.add(attr);
    } else if (attr === 'Cursor') edits.push({ start: node.startIndex, end: node.endIndex, text: 'str' });
    else if (gone.has(attr) && /^[A-Z]/.test(attr)) {
      review.push(item(file, node, `\`${node.text}\` is not in mcp.types under mcp 2.3.0 (the SDK FastMCP 4 runs on)`, 'Replace it with the SDK v2 equivalent; this line fails when it runs.'));
    }
  }
  if (!edits.length) return text;
  for (const n of pydantic) addImport('pydantic', n);
  return applyEdits(text, edits);
}

/**
 * Reads of camelCase protocol fields (`tool.inputSchema`, `result.isError`): SDK v2 models only have
 * the snake_case attribute. Names the module itself defines as attributes (class fields, `self.x = `)
 * are not protocol fields and stay.
 */
function snakeCaseFieldReads(text: string): string {
  if (!new RegExp(`\\.(${Object.keys(CAMEL_TO_SNAKE).join('|')})\\b`).test(text)) return text;
  const root = parsePython(text).rootNode;
  const own = new Set<string>();
  for (const node of walk(root)) {
    if (node.type === 'class_definition') {
      for (const stmt of node.childForFieldName('body')?.namedChildren ?? []) {
        const expr = stmt.type === 'expression_statement' ? stmt.namedChild(0) : undefined;
        const left = expr?.type === 'assignment' ? expr.childForFieldName('left') : undefined;
        if (left?.type === 'identifier') own.add(left.text);
      }
    }
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      if (left?.type === 'attribute' && left.childForFieldName('object')?.text === 'self') own.add(left.childForFieldName('attribute')!.text);
    }
  }
  const edits: Edit[] = [];
  for (const node of walk(root)) {
    if (node.type !== 'attribute') continue;
    const attr = node.childForFieldName('attribute')!;
    const snake = CAMEL_TO_SNAKE[attr.text];
    if (!snake || own.has(attr.text)) continue;
    edits.push({ start: attr.startIndex, end: attr.endIndex, text: snake });
  }
  return edits.length ? applyEdits(text, edits) : text;
}
