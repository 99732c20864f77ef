// Emitter: ServerModel (+ the source layout) → a Python module on FastMCP 4.
// The module is rewritten in place: everything that is not MCP plumbing keeps its bytes.
import type { ExtractedServer, PyLayout } from '../extract/python-lowlevel.js';
import { identifiersIn } from '../extract/python/arguments.js';
import { walk } from '../extract/python/project.js';
import { applyEdits, indentAt, lineStartOf, reindent, stringContinuationRows, type Edit } from '../extract/python/text.js';
import type { HandlerModel, PromptModel, ResourceModel, ResourceTemplateModel, ReviewItem, ServerModel, ToolModel, TransportModel } from '../model/index.js';
import { parsePython, type SyntaxNode } from '../parse/python.js';
import { AnnotationWriter, ImportSet, pyValue } from './python/annotations.js';
import { adaptSdkV1Apis } from './python/sdk-v2-compat.js';
import { pyDocstringContent, pyString } from './python/literal.js';
import { runtimeBridgeEdits } from './python/runtime-bridge.js';
import { convertHelperReturns, RESOURCE_RESULT_HELPER, resultBuildingHelpers } from './python/resource-returns.js';

/** Modules whose imports we prune when the migration leaves them unused. */
const PRUNABLE = /^(mcp(\.|$)|starlette(\.|$)|uvicorn(\.|$)|sse_starlette(\.|$))/;

export function emitFastmcpModule(server: ExtractedServer): string {
  const { model, layout } = server;
  const text = layout.module.text;
  const imports = new ImportSet();
  imports.add('fastmcp', 'FastMCP');
  const writer = new AnnotationWriter(imports);
  const edits: Edit[] = [];

  // `return Server(...)` in a factory: bind the FastMCP server, register, then return it.
  const serverStatement = layout.returned ? layout.serverCall.parent! : (layout.serverCall.parent?.parent ?? layout.serverCall);
  if (layout.returned) edits.push({ start: serverStatement.startIndex, end: serverStatement.endIndex, text: `${model.variable} = ${constructor(model)}` });
  else edits.push({ start: layout.serverCall.startIndex, end: layout.serverCall.endIndex, text: constructor(model) });
  const returnLine = layout.returned ? `${' '.repeat(indentAt(text, serverStatement.startIndex))}return ${model.variable}\n` : '';

  // Generated registrations take the place of the first handler.
  const handlers = [...layout.handlers].sort((a, b) => a.startIndex - b.startIndex);
  if (handlers.length) {
    const indent = indentAt(text, handlers[0].startIndex);
    const blocks = [
      ...model.tools.map((t) => toolFunction(model, t, writer)),
      ...model.resources.map((r) => resourceFunction(model, r, writer, text)),
      ...model.resourceTemplates.map((r) => resourceFunction(model, r, writer, text)),
      ...model.prompts.map((p) => promptFunction(model, p, writer)),
    ];
    const generated = [...writer.models, ...blocks].map((b) => reindent(b, indent)).join(indent ? '\n\n' : '\n\n\n');
    // Decorators need the server object: when the handlers come first (SDK v2 passes them to the
    // constructor), the generated functions go right after the server is created.
    const afterServer = layout.returned || handlers[0].startIndex < serverStatement.startIndex;
    handlers.forEach((h, i) => {
      const range = wholeLines(text, h);
      edits.push({ ...range, text: i === 0 && !afterServer ? generated + '\n' : '' });
    });
    if (afterServer) {
      const at = wholeLines(text, serverStatement).end;
      const serverIndent = indentAt(text, serverStatement.startIndex);
      const placed = serverIndent === indent ? generated : [...writer.models, ...blocks].map((b) => reindent(b, serverIndent)).join(serverIndent ? '\n\n' : '\n\n\n');
      edits.push({ start: at, end: at, text: `${serverIndent ? '\n' : '\n\n'}${placed}\n${returnLine ? '\n' + returnLine : ''}` });
    }
  } else if (returnLine) {
    const at = wholeLines(text, serverStatement).end;
    edits.push({ start: at, end: at, text: returnLine });
  }
  for (const r of layout.replacements) edits.push(r);
  for (const u of layout.unsupported) edits.push({ ...wholeLines(text, u), text: commentOut(text, u) });
  for (const r of layout.removable) edits.push({ ...wholeLines(text, r), text: '' });
  for (const site of layout.transportSites) {
    const pad = ' '.repeat(site.indent);
    edits.push({ start: site.start, end: site.end, text: (site.preamble ?? []).map((p) => `${pad}${p}\n`).join('') + pad + runCall(model.variable, site.transport, site.inAsync) });
  }
  // Lists only known at run time: the original handlers serve them (runtime bridge).
  edits.push(...runtimeBridgeEdits(text, layout, model.variable));
  let out = applyEdits(text, dedupe(edits));
  // The low-level `server.request_context` lives on FastMCP's per-request Context.
  // The low-level `server.request_context` lives on FastMCP's per-request Context (code only, never string text).
  const contextRefs = [...walk(parsePython(out).rootNode)].filter((n) => n.type === 'attribute' && n.text === `${model.variable}.request_context`);
  if (contextRefs.length) {
    out = applyEdits(out, contextRefs.map((n) => ({ start: n.startIndex, end: n.endIndex, text: 'get_context().request_context' })));
    imports.add('fastmcp.server.dependencies', 'get_context');
  }
  out = removeDeadCandidates(out, layout);
  out = pruneImports(out);
  out = adaptSdkV1Apis(out, layout.module.path, model.review, (m, n) => imports.add(m, n));
  out = pruneImports(out);
  for (const { module, name } of layout.extraImports) imports.add(module, name);
  if (/\bAnyUrl\(/.test(out)) imports.add('pydantic', 'AnyUrl');
  out = addImports(out, imports);
  out = dropBlankLinesAfterHeaders(out);
  return collapseBlankRuns(out);
}

/**
 * Another module of a migrated project: the project now runs on mcp 2.x (FastMCP 4's SDK), so its
 * SDK 1.x names move exactly as in the server module (McpError, renamed types, camelCase reads).
 */
export function adaptSdkModule(text: string, file: string, review: ReviewItem[]): string {
  const imports = new ImportSet();
  let out = adaptSdkV1Apis(text, file, review, (m, n) => imports.add(m, n));
  if (out === text) return text;
  if (/\bAnyUrl\(/.test(out) && !/\bAnyUrl\(/.test(text)) imports.add('pydantic', 'AnyUrl');
  out = addImports(out, imports);
  return out;
}

function constructor(model: ServerModel): string {
  const args = [pyValue(model.name)];
  if (model.instructions) args.push(`instructions=${pyValue(model.instructions)}`);
  if (model.version) args.push(`version=${pyValue(model.version)}`);
  return `FastMCP(${args.join(', ')})`;
}

function decorator(model: ServerModel, kind: string, args: (string | undefined)[]): string {
  const present = args.filter((a): a is string => a !== undefined);
  return `@${model.variable}.${kind}(${present.join(', ')})`;
}

const kw = (name: string, v: { kind: string } | undefined, render: () => string) => (v ? `${name}=${render()}` : undefined);

function toolFunction(model: ServerModel, tool: ToolModel, writer: AnnotationWriter): string {
  const nameMatches = tool.name.kind === 'literal' && tool.name.value === tool.functionName;
  let annotations: string | undefined;
  if (tool.annotations && Object.keys(tool.annotations).length) {
    writer.imports.add('mcp.types', 'ToolAnnotations');
    const parts = Object.entries(tool.annotations).map(([k, v]) => `${k}=${typeof v === 'boolean' ? (v ? 'True' : 'False') : pyValue(v)}`);
    annotations = `annotations=ToolAnnotations(${parts.join(', ')})`;
  }
  const dec = decorator(model, 'tool', [
    nameMatches ? undefined : `name=${pyValue(tool.name)}`,
    kw('title', tool.title, () => pyValue(tool.title!)),
    kw('description', tool.description, () => pyValue(tool.description!)),
    annotations,
    tool.output !== undefined ? `output_schema=${JSON.stringify(tool.output)}` : undefined,
  ]);
  const params = tool.handler.params.map((b) => writer.parameter(b, `${tool.functionName}_${b.param}`));
  return `${dec}\n${signature(tool.handler, tool.functionName, params)}\n${functionBody(tool.handler)}`;
}

/** Static resources and templates share one decorator shape; a template adds its URI variables as parameters. */
function resourceFunction(model: ServerModel, r: ResourceModel | ResourceTemplateModel, writer: AnnotationWriter, moduleText: string): string {
  const uri = 'uriTemplate' in r ? r.uriTemplate : r.uri;
  const dec = decorator(model, 'resource', [
    pyValue(uri),
    kw('name', r.name, () => pyValue(r.name!)),
    kw('title', r.title, () => pyValue(r.title!)),
    kw('description', r.description, () => pyValue(r.description!)),
    kw('mime_type', r.mimeType, () => pyValue(r.mimeType!)),
  ]);
  const params = 'variables' in r ? r.variables.map((v) => `${v}: str`) : [];
  return `${dec}\n${signature(r.handler, r.functionName, params)}\n${resourceBody(r.handler, writer, moduleText)}`;
}

function promptFunction(model: ServerModel, p: PromptModel, writer: AnnotationWriter): string {
  const dec = decorator(model, 'prompt', [
    p.name.kind === 'literal' && p.name.value === p.functionName ? undefined : `name=${pyValue(p.name)}`,
    kw('title', p.title, () => pyValue(p.title!)),
    kw('description', p.description, () => pyValue(p.description!)),
  ]);
  // Prompt arguments are strings; a bare `str` annotation keeps FastMCP from appending a schema note.
  const params = p.arguments.map((a) => (a.required ? `${a.name}: str` : `${a.name}: str = None`));
  const described = p.arguments.filter((a) => a.description?.kind === 'literal' && docstringSafe(String(a.description.value)));
  for (const a of p.arguments) {
    if (!a.description || described.includes(a)) continue;
    model.review.push({
      code: 'FMM022',
      severity: 'warning',
      file: p.handler.file,
      line: p.line,
      column: 1,
      message: `The description of prompt argument "${a.name}" cannot be carried exactly (FastMCP reads argument descriptions from the docstring, which drops tabs, surrounding blank space and runtime values)`,
      snippet: a.description.kind === 'literal' ? JSON.stringify(a.description.value) : a.description.source,
      suggestion: 'Simplify the description so it fits a docstring Args entry, or accept the changed text.',
    });
  }
  let doc = '';
  if (described.length) {
    // FastMCP reads argument descriptions from the docstring's Args section.
    // One string literal with escapes (no continuation lines): the docstring stays exact wherever
    // the function is placed. Same value as a triple-quoted docstring after inspect.cleandoc.
    const lines = ['Prompt arguments.', '', 'Args:'];
    for (const a of described) {
      const [first, ...rest] = String((a.description as { value: string }).value).split('\n');
      lines.push(`    ${a.name}: ${first}`);
      for (const r of rest) lines.push(`        ${r}`);
    }
    doc = `    ${pyString(lines.join('\n') + '\n')}\n`;
  }
  const body = renameCallees(p.handler.body, { GetPromptResult: 'PromptResult', PromptMessage: 'Message' }, writer, 'fastmcp.prompts');
  return `${dec}\n${signature(p.handler, p.functionName, params)}\n${doc}${functionBody({ ...p.handler, body })}`;
}

/** Text that survives a docstring round trip (inspect.cleandoc + griffe's Args parsing) unchanged. */
function docstringSafe(text: string): boolean {
  return text === text.trim() && !/[\t\r]|\n\s*\n|\n\s/.test(text) && text.length > 0;
}

function resourceBody(handler: HandlerModel, writer: AnnotationWriter, moduleText: string): string {
  let body = renameCallees(handler.body, { ReadResourceContents: 'ResourceContent', ReadResourceResult: 'ResourceResult' }, writer, 'fastmcp.resources');
  body = convertResourceContents(body, writer);
  // `return helper(...)` where the module's own helper builds a low-level read result: converted at run time.
  const helped = convertHelperReturns(body, resultBuildingHelpers(moduleText));
  if (helped.wrapped && !writer.models.includes(RESOURCE_RESULT_HELPER)) writer.models.push(RESOURCE_RESULT_HELPER);
  body = helped.body;
  body = dropUnusedKeyBinding(body);
  if (body !== handler.body) {
    // Lists of contents are wrapped the way FastMCP expects them.
    body = wrapReturnedLists(body, 'ResourceContent', 'ResourceResult');
    writer.imports.add('fastmcp.resources', 'ResourceResult');
  }
  return functionBody({ ...handler, body });
}

function signature(handler: HandlerModel, name: string, rawParams: string[]): string {
  // Keep the original property order: keyword-only parameters may put a required one after a defaulted one.
  const hasDefault = rawParams.map((p) => /=/.test(p.replace(/\[.*\]|\(.*\)|"(?:[^"\\]|\\.)*"/g, '')));
  const needsKwOnly = hasDefault.some((d, i) => d && hasDefault.slice(i + 1).some((x) => !x));
  const params = needsKwOnly ? ['*', ...rawParams] : rawParams;
  const oneLine = `${handler.isAsync ? 'async ' : ''}def ${name}(${params.join(', ')}):`;
  if (oneLine.length <= 100) return oneLine;
  return `${handler.isAsync ? 'async ' : ''}def ${name}(\n${params.map((p) => `    ${p},`).join('\n')}\n):`;
}

function functionBody(handler: HandlerModel): string {
  const lines: string[] = [];
  if (handler.needsArgumentsDict) {
    const entries = handler.params.map((p) => `${pyString(p.key)}: ${p.param}`).join(', ');
    const dropsNone = handler.params.some((p) => !p.required && p.schema.default === undefined && p.source?.default === undefined);
    // Omitted optional arguments were absent from the original dict, not None.
    lines.push(dropsNone ? `${handler.argumentsName} = {k: v for k, v in {${entries}}.items() if v is not None}` : `${handler.argumentsName} = {${entries}}`);
  }
  // The body is dedented on its own: a string literal line at column 0 must not shift the code.
  lines.push(reindent(handler.body, 0));
  return reindent(lines.join('\n'), 4);
}

function runCall(variable: string, transport: TransportModel, inAsync: boolean): string {
  const args: string[] = [];
  if (transport.kind === 'sse') args.push('transport="sse"');
  if (transport.kind === 'streamable-http') args.push('transport="http"');
  if (transport.kind !== 'stdio') {
    if (transport.host) args.push(`host=${pyValue(transport.host)}`);
    if (transport.port) args.push(`port=${pyValue(transport.port)}`);
    if (transport.path) args.push(`path=${pyValue(transport.path)}`);
    if (transport.kind === 'streamable-http') for (const o of transport.options ?? []) args.push(`${o.name}=${pyValue(o.value)}`);
  }
  return inAsync ? `await ${variable}.run_async(${args.join(', ')})` : `${variable}.run(${args.join(', ')})`;
}

/** The `uri = "..."` binding the extractor adds is dead once the contents no longer name the URI. */
function dropUnusedKeyBinding(body: string): string {
  const m = /^uri = [^\n]*\n/.exec(body);
  if (!m) return body;
  const rest = body.slice(m[0].length);
  return identifiersIn(rest).has('uri') ? body : rest;
}

/**
 * SDK v2 `TextResourceContents(uri=..., text=T, mime_type=M)` → `ResourceContent(T, mime_type=M)`;
 * FastMCP fills in the URI of the resource being read, as the original did by hand.
 */
function convertResourceContents(body: string, writer: AnnotationWriter): string {
  const tree = parsePython(body);
  const edits: Edit[] = [];
  const visit = (node: SyntaxNode) => {
    const fn = node.type === 'call' ? node.childForFieldName('function') : null;
    const simple = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
    if (node.type === 'call' && (simple === 'TextResourceContents' || simple === 'BlobResourceContents')) {
      const kwargs = new Map<string, string>();
      for (const a of node.childForFieldName('arguments')?.namedChildren ?? []) {
        if (a.type === 'keyword_argument') kwargs.set(a.childForFieldName('name')!.text, a.childForFieldName('value')!.text);
      }
      const mime = kwargs.get('mime_type') ?? kwargs.get('mimeType');
      let content = simple === 'TextResourceContents' ? kwargs.get('text') : kwargs.get('blob');
      if (content !== undefined) {
        if (simple === 'BlobResourceContents') {
          writer.imports.add('base64', 'b64decode');
          content = `b64decode(${content})`;
        }
        writer.imports.add('fastmcp.resources', 'ResourceContent');
        edits.push({ start: node.startIndex, end: node.endIndex, text: `ResourceContent(${content}${mime ? `, mime_type=${mime}` : ''})` });
        return;
      }
    }
    for (const c of node.namedChildren) visit(c);
  };
  visit(tree.rootNode);
  return edits.length ? applyEdits(body, edits) : body;
}

/** Renames constructor calls (`types.GetPromptResult(` / `GetPromptResult(`) in a body. */
function renameCallees(body: string, renames: Record<string, string>, writer: AnnotationWriter, module: string): string {
  const tree = parsePython(body);
  const edits: Edit[] = [];
  for (const node of walk(tree.rootNode)) {
    if (node.type !== 'call') continue;
    const fn = node.childForFieldName('function');
    if (!fn) continue;
    const simple = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn.type === 'identifier' ? fn.text : undefined;
    if (!simple || !(simple in renames)) continue;
    edits.push({ start: fn.startIndex, end: fn.endIndex, text: renames[simple] });
    writer.imports.add(module, renames[simple]);
  }
  return edits.length ? applyEdits(body, edits) : body;
}

function wrapReturnedLists(body: string, itemCallee: string, wrapper: string): string {
  const tree = parsePython(body);
  const edits: Edit[] = [];
  for (const node of walk(tree.rootNode)) {
    if (node.type !== 'return_statement') continue;
    const value = node.namedChild(0);
    if ((value?.type === 'list' || value?.type === 'list_comprehension') && value.text.includes(`${itemCallee}(`)) {
      edits.push({ start: value.startIndex, end: value.endIndex, text: `${wrapper}(${value.text})` });
    }
  }
  return applyEdits(body, edits);
}

function wholeLines(text: string, node: SyntaxNode): { start: number; end: number } {
  const start = lineStartOf(text, node.startIndex);
  let end = node.endIndex;
  if (text[end] === '\n') end++;
  return { start, end };
}

function commentOut(text: string, node: SyntaxNode): string {
  const { start, end } = wholeLines(text, node);
  const indent = ' '.repeat(indentAt(text, node.startIndex));
  const lines = text.slice(start, end).replace(/\n$/, '').split('\n');
  return [`${indent}# TODO(fastmcp-migrate): no FastMCP equivalent for this low-level handler; see MIGRATION_REPORT.md`, ...lines.map((l) => (l.trim() ? `${indent}# ${l.slice(indent.length)}` : `${indent}#`))].join('\n') + '\n';
}

function dedupe(edits: Edit[]): Edit[] {
  // A statement can be both a transport site and removable (nested); keep the outermost edit.
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Edit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    // Pure insertions (generated code after the server statement) are never swallowed.
    if (last && e.start !== e.end && e.start >= last.start && e.end <= last.end) continue;
    out.push(e);
  }
  return out;
}

/** Identifiers used outside import statements. */
function usedNames(root: SyntaxNode): Set<string> {
  const used = new Set<string>();
  for (const n of walk(root)) {
    if (n.type !== 'identifier') continue;
    let inImport = false;
    for (let p = n.parent; p; p = p.parent) if (p.type === 'import_statement' || p.type === 'import_from_statement') inImport = true;
    if (!inImport) used.add(n.text);
  }
  return used;
}

/** Removes module constants (old tool lists) that nothing references any more. */
function removeDeadCandidates(text: string, layout: PyLayout): string {
  if (!layout.candidates.length) return text;
  const tree = parsePython(text);
  const edits: Edit[] = [];
  const seen = new Set<string>();
  for (const stmt of tree.rootNode.namedChildren) {
    const assign = stmt.type === 'expression_statement' ? stmt.namedChild(0) : undefined;
    const name = assign?.type === 'assignment' ? assign.childForFieldName('left')?.text : undefined;
    if (!name || seen.has(name) || !layout.candidates.some((c) => c.childForFieldName('left')?.text === name && c.startIndex !== undefined)) continue;
    if (!/\b(Tool|Resource|ResourceTemplate|Prompt)\(/.test(assign!.text)) continue;
    const count = [...walk(tree.rootNode)].filter((n) => n.type === 'identifier' && n.text === name).length;
    if (count === 1) {
      seen.add(name);
      edits.push(wholeLines(text, stmt) as Edit & { text: string });
      edits[edits.length - 1].text = '';
    }
  }
  return edits.length ? applyEdits(text, edits) : text;
}

/** Drops names from MCP / web-server imports that the migrated module no longer uses. */
function pruneImports(text: string): string {
  const tree = parsePython(text);
  const used = usedNames(tree.rootNode);
  const edits: Edit[] = [];
  for (const stmt of walk(tree.rootNode)) {
    if (stmt.type === 'import_from_statement') {
      const module = stmt.childForFieldName('module_name')?.text ?? '';
      if (!PRUNABLE.test(module)) continue;
      const names = stmt.childrenForFieldName('name');
      const keep = names.filter((n) => used.has(n.type === 'aliased_import' ? n.childForFieldName('alias')!.text : n.text));
      if (keep.length === names.length) continue;
      if (keep.length === 0) edits.push({ ...wholeLines(text, stmt), text: '' });
      else edits.push({ start: stmt.startIndex, end: stmt.endIndex, text: `from ${module} import ${keep.map((k) => k.text).join(', ')}` });
    } else if (stmt.type === 'import_statement') {
      const names = stmt.namedChildren;
      const keep = names.filter((n) => {
        const mod = n.type === 'aliased_import' ? n.childForFieldName('name')!.text : n.text;
        if (!PRUNABLE.test(mod)) return true;
        const local = n.type === 'aliased_import' ? n.childForFieldName('alias')!.text : n.text.split('.')[0];
        return used.has(local);
      });
      if (keep.length === names.length) continue;
      if (keep.length === 0) edits.push({ ...wholeLines(text, stmt), text: '' });
      else edits.push({ start: stmt.startIndex, end: stmt.endIndex, text: `import ${keep.map((k) => k.text).join(', ')}` });
    }
  }
  return edits.length ? applyEdits(text, edits) : text;
}

/** Adds `from X import a, b` lines after the module's leading imports, skipping what is already imported. */
function addImports(text: string, imports: ImportSet): string {
  const tree = parsePython(text);
  const present = new Set<string>();
  let lastImport: SyntaxNode | undefined;
  let docstring: SyntaxNode | undefined;
  for (const stmt of tree.rootNode.namedChildren) {
    if (stmt.type === 'import_from_statement' || stmt.type === 'import_statement' || stmt.type === 'future_import_statement') {
      lastImport = stmt;
      if (stmt.type === 'import_from_statement') {
        const module = stmt.childForFieldName('module_name')?.text ?? '';
        for (const n of stmt.childrenForFieldName('name')) present.add(`${module}:${n.type === 'aliased_import' ? n.childForFieldName('alias')!.text : n.text}`);
      }
    } else if (!lastImport && !docstring && stmt.type === 'expression_statement' && stmt.namedChild(0)?.type === 'string') docstring = stmt;
    else if (stmt.type !== 'comment') break;
  }
  const lines: string[] = [];
  for (const [module, names] of imports.entries()) {
    const missing = names.filter((n) => !present.has(`${module}:${n}`));
    if (missing.length) lines.push(`from ${module} import ${missing.join(', ')}`);
  }
  if (!lines.length) return text;
  const anchor = lastImport ?? docstring;
  if (!anchor) return lines.join('\n') + '\n\n' + text;
  const at = wholeLines(text, anchor).end;
  return text.slice(0, at) + lines.join('\n') + '\n' + text.slice(at);
}

/** Blank lines a removed handler left right after a `def ...:` header (between tokens, never inside a string). */
function dropBlankLinesAfterHeaders(text: string): string {
  const edits: Edit[] = [];
  for (const node of walk(parsePython(text).rootNode)) {
    if (node.type !== 'function_definition' && node.type !== 'class_definition') continue;
    const body = node.childForFieldName('body');
    const colon = body?.previousSibling;
    if (!body || colon?.type !== ':') continue;
    const bodyLine = lineStartOf(text, body.startIndex);
    const gap = text.slice(colon.endIndex, bodyLine);
    if (/^[ \t]*\n([ \t]*\n)+$/.test(gap)) edits.push({ start: colon.endIndex, end: bodyLine, text: '\n' });
  }
  return edits.length ? applyEdits(text, edits) : text;
}

/** At most two empty lines in a row, outside string literals (their text never changes). */
function collapseBlankRuns(text: string): string {
  if (!/\n{4,}/.test(text)) return text;
  const lines = text.split('\n');
  const inString = stringContinuationRows(text);
  const out: string[] = [];
  let blanks = 0;
  lines.forEach((l, i) => {
    if (l === '' && !inString.has(i)) {
      blanks++;
      if (blanks > 2) return;
    } else blanks = 0;
    out.push(l);
  });
  return out.join('\n');
}
