// FastMCP 2 → 3: the constructor. Transport settings leave `FastMCP(...)` (and
// `FastMCP.from_openapi(...)`) for the start-up calls where FastMCP 2 read them; options FastMCP 3
// dropped or moved (debug, message_path, on_duplicate_*, include/exclude_tags, tool_transformations,
// tool_serializer, include_fastmcp_meta) are rewritten or reported. Checked against fastmcp 2.14.7
// and 3.4.11.
import type { PyModule } from '../../extract/python/project.js';
import { walk } from '../../extract/python/project.js';
import { REVIEW_CODES } from '../../extract/python/review.js';
import type { SyntaxNode } from '../../parse/python.js';
import * as api from '../python-api.js';
import { asSetLiteral, insertAfterStatement, isLiteral, movedText, Upgrade, type ServerRef } from './context.js';

// ---------------------------------------------------------------------------------------------
// Constructor settings → start-up calls

const SETTINGS = ['host', 'port', 'log_level', 'sse_path', 'streamable_http_path', 'json_response', 'stateless_http'] as const;
type Setting = (typeof SETTINGS)[number];
const SETTING_SET = new Set<string>(SETTINGS);
const START_METHODS = new Set(['run', 'run_async', 'run_http_async', 'run_stdio_async', 'http_app']);
type StartKind = 'stdio' | 'http-run' | 'sse-run' | 'http-app' | 'sse-app' | 'dynamic';
type Dest = { to: string } | 'drop' | { review: string };

/** `base`, or `base_2`, ... : a name not bound anywhere in `scope`. */
function freshName(scope: SyntaxNode | undefined, base: string): string {
  const used = new Set<string>();
  for (const n of walk(scope ?? ({ namedChildren: [] } as unknown as SyntaxNode))) if (n.type === 'identifier') used.add(n.text);
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
  return name;
}

function startKind(method: string, call: SyntaxNode): StartKind {
  if (method === 'run_stdio_async') return 'stdio';
  const args = api.callArgs(call);
  const isRun = method === 'run' || method === 'run_async';
  const transport = args.find((a) => a.kind === 'keyword' && a.name === 'transport') ?? (isRun ? args.find((a) => a.kind === 'positional' && a.position === 0) : undefined);
  if (!transport) return isRun ? 'stdio' : method === 'http_app' ? 'http-app' : 'http-run';
  if (transport.value.type === 'none' && isRun) return 'stdio';
  const v = api.stringLiteralValue(transport.value);
  if (v === 'stdio' && isRun) return 'stdio';
  if (v === 'sse') return method === 'http_app' ? 'sse-app' : 'sse-run';
  if (v === 'http' || v === 'streamable-http') return method === 'http_app' ? 'http-app' : 'http-run';
  return 'dynamic';
}

/** Where a FastMCP 2 constructor setting goes in FastMCP 3, per kind of start-up call (FastMCP 2 read each only where listed). */
function destination(kind: StartKind, setting: Setting): Dest {
  switch (kind) {
    case 'stdio':
      return 'drop';
    case 'dynamic':
      return { review: 'the transport is chosen at run time, and FastMCP 3 rejects HTTP settings on stdio: pass it on the HTTP branch only' };
    case 'http-run':
      return ({ host: { to: 'host' }, port: { to: 'port' }, log_level: { to: 'log_level' }, streamable_http_path: { to: 'path' }, json_response: { to: 'json_response' }, stateless_http: { to: 'stateless_http' } } as Partial<Record<Setting, Dest>>)[setting] ?? 'drop';
    case 'sse-run':
      return ({ host: { to: 'host' }, port: { to: 'port' }, log_level: { to: 'log_level' }, sse_path: { to: 'path' } } as Partial<Record<Setting, Dest>>)[setting] ?? 'drop';
    case 'http-app':
      return ({ streamable_http_path: { to: 'path' }, json_response: { to: 'json_response' }, stateless_http: { to: 'stateless_http' } } as Partial<Record<Setting, Dest>>)[setting] ?? 'drop';
    case 'sse-app':
      return setting === 'sse_path' ? { to: 'path' } : 'drop';
  }
}

interface StartCall {
  mod: PyModule;
  call: SyntaxNode;
  method: string;
  receiver: string;
  kind: StartKind;
  add: string[];
  moved: string[];
}

function startCalls(up: Upgrade, ref: ServerRef): StartCall[] {
  const out: StartCall[] = [];
  for (const mod of up.modules) {
    const vars = up.serverVars(mod);
    for (const { call, receiver, method } of up.serverMethodCalls(mod, START_METHODS)) {
      const r = vars.get(receiver);
      if (!r || r.call?.id !== ref.call?.id || r.mod !== ref.mod) continue;
      out.push({ mod, call, method, receiver, kind: startKind(method, call), add: [], moved: [] });
    }
  }
  return out;
}

export function constructors(up: Upgrade, mod: PyModule): void {
  const text = mod.text;
  for (const { call, ref } of up.constructorCalls(mod)) {
    const remove: SyntaxNode[] = [];
    const add: string[] = [];
    const after: string[] = [];
    const args = api.callArgs(call);
    const starts = ref ? startCalls(up, ref) : [];
    const atModuleLevel = !api.enclosingFunction(call);
    const duplicates: api.ArgInfo[] = [];
    for (const a of args) {
      if (a.kind === 'dstar') {
        up.flag(mod, a.node, 'constructor-arg', REVIEW_CODES.fmConstructorArg, 'warning', `\`${a.node.text}\` passes options the migration cannot see; FastMCP 3 rejects the transport settings and several tool options FastMCP 2 took here`, 'Check each option against the FastMCP 3 constructor (https://gofastmcp.com/servers/server); settings go to run()/http_app().');
        continue;
      }
      if (a.kind !== 'keyword') continue;
      const name = a.name!;
      if (SETTING_SET.has(name)) {
        remove.push(a.node);
        setting(up, mod, a, name as Setting, starts, atModuleLevel);
        continue;
      }
      switch (name) {
        case 'debug':
          remove.push(a.node);
          if (a.value.type === 'false' || a.value.type === 'none') up.record(mod, a.node, 'constructor-arg', true, `\`${a.node.text}\` removed: FastMCP 3 has no constructor debug flag (off is its default)`);
          else up.flag(mod, a.node, 'constructor-arg', REVIEW_CODES.fmConstructorArg, 'info', `\`${a.node.text}\` was removed: FastMCP 3 has no constructor debug flag`, 'Set the FASTMCP_DEBUG environment variable where you want debug mode.');
          break;
        case 'message_path':
          remove.push(a.node);
          up.flag(mod, a.node, 'constructor-arg', REVIEW_CODES.fmTransportSetting, 'warning', `\`${a.node.text}\` was removed: FastMCP 3 takes the SSE message path from the environment only`, `Set FASTMCP_MESSAGE_PATH=${api.stringLiteralValue(a.value) ?? a.value.text} where the server runs.`);
          break;
        case 'on_duplicate_tools':
        case 'on_duplicate_resources':
        case 'on_duplicate_prompts':
          duplicates.push(a);
          break;
        case 'tool_serializer':
          remove.push(a.node);
          up.flag(mod, a.node, 'constructor-arg', REVIEW_CODES.fmConstructorArg, 'warning', `\`${a.node.text}\` was removed: FastMCP 3 has no tool serializer, non-text tool results are serialized as JSON`, 'Return a `ToolResult` (from fastmcp.tools) from the tools whose output you formatted, with the text you want: https://gofastmcp.com/servers/tools#custom-serialization.');
          break;
        case 'include_tags':
        case 'exclude_tags': {
          const stmtCode = name === 'include_tags' ? `enable(tags=${asSetLiteral(a.value)}, only=True)` : `disable(tags=${asSetLiteral(a.value)})`;
          if (ref?.stmt && !atModuleLevel && !isLiteral(a.value) && a.value.type === 'identifier') {
            // A parameter such as `include_tags: set[str] | None = None`: FastMCP 2 filtered only when it was not None.
            remove.push(a.node);
            const ind = ' '.repeat(ref.stmt.startPosition.column);
            after.push(`if ${a.value.text} is not None:${api.eolOf(text)}${ind}    ${ref.variable}.${stmtCode}`);
            up.record(mod, a.node, 'tags', true, `\`${name}=\` is \`${ref.variable}.${name === 'include_tags' ? 'enable(tags=..., only=True)' : 'disable(tags=...)'}\` after the constructor in FastMCP 3 (when \`${a.value.text}\` is not None, as FastMCP 2 filtered)`, ref.stmt);
            break;
          }
          if (!ref?.stmt || !(atModuleLevel || isLiteral(a.value))) {
            up.flag(mod, a.node, 'tags', REVIEW_CODES.fmConstructorArg, 'warning', `\`${a.node.text}\` is not a FastMCP 3 constructor option`, `Remove it and call \`server.${stmtCode}\` after creating the server.`);
            break;
          }
          remove.push(a.node);
          after.push(`${ref.variable}.${stmtCode}`);
          up.record(mod, a.node, 'tags', true, `\`${name}=\` is \`${ref.variable}.${name === 'include_tags' ? 'enable(tags=..., only=True)' : 'disable(tags=...)'}\` after the constructor in FastMCP 3`, ref.stmt);
          break;
        }
        case 'tool_transformations':
          if (!ref?.stmt && call.parent?.type === 'return_statement') {
            // `return FastMCP.from_openapi(..., tool_transformations=T)` → bind, add the transform, return.
            const ret = call.parent;
            const variable = freshName(api.enclosingFunction(call), 'server');
            const indent = ret.startPosition.column;
            remove.push(a.node);
            up.edit(mod, { start: ret.startIndex, end: call.startIndex, text: `${variable} = ` });
            up.edit(mod, insertAfterStatement(text, ret, [`${variable}.add_transform(ToolTransform(${movedText(text, a.value, indent)}))`, `return ${variable}`].join(`${api.eolOf(text)}${' '.repeat(indent)}`)));
            up.addImport(mod, 'fastmcp.server.transforms', 'ToolTransform');
            up.record(mod, ret, 'tool-transformation', true, `\`tool_transformations=\` is \`${variable}.add_transform(ToolTransform(...))\` on the returned server in FastMCP 3`);
            break;
          }
          if (!ref?.stmt) {
            up.flag(mod, a.node, 'tool-transformation', REVIEW_CODES.fmConstructorArg, 'warning', `\`tool_transformations=\` is not a FastMCP 3 constructor option`, 'Remove it and call `server.add_transform(ToolTransform({...}))` (ToolTransform from fastmcp.server.transforms) after creating the server.');
            break;
          }
          remove.push(a.node);
          after.push(`${ref.variable}.add_transform(ToolTransform(${movedText(text, a.value, ref.stmt.startPosition.column)}))`);
          up.addImport(mod, 'fastmcp.server.transforms', 'ToolTransform');
          up.record(mod, a.node, 'tool-transformation', true, `\`tool_transformations=\` is \`${ref.variable}.add_transform(ToolTransform(...))\` after the constructor in FastMCP 3`, ref.stmt);
          break;
        case 'include_fastmcp_meta':
          remove.push(a.node);
          if (a.value.type === 'true' || a.value.type === 'none') up.record(mod, a.node, 'constructor-arg', true, `\`${a.node.text}\` removed: FastMCP 3 always includes its metadata`);
          else up.flag(mod, a.node, 'constructor-arg', REVIEW_CODES.fmConstructorArg, 'info', `\`${a.node.text}\` was removed: FastMCP 3 always sends its \`fastmcp\` metadata in \`_meta\``, 'Nothing to do unless a client relied on its absence; the metadata key is now `fastmcp` (not `_fastmcp`).');
          break;
        case 'tasks':
          if (a.value.type !== 'false' && a.value.type !== 'none') {
            up.flag(mod, a.node, 'tasks', REVIEW_CODES.fmBackgroundTasks, 'info', `\`${a.node.text}\`: background tasks are an optional extra from FastMCP 3 on`, 'Depend on `fastmcp[tasks]` (add the extra to your fastmcp pin).');
          }
          break;
      }
    }
    if (duplicates.length) {
      const values = new Set(duplicates.map((d) => d.value.text));
      remove.push(...duplicates.map((d) => d.node));
      if (values.size === 1) {
        add.push(`on_duplicate=${duplicates[0]!.value.text}`);
        const partial = duplicates.length < 3 ? ' (it now covers every component kind)' : '';
        for (const d of duplicates) up.record(mod, d.node, 'on-duplicate', true, `\`${d.name}=\` is \`on_duplicate=\` in FastMCP 3${partial}`);
      } else {
        for (const d of duplicates) up.flag(mod, d.node, 'on-duplicate', REVIEW_CODES.fmConstructorArg, 'warning', `\`${d.node.text}\` was removed: FastMCP 3 has one \`on_duplicate=\` for all components`, 'Pass the one policy you want as `on_duplicate="warn" | "error" | "replace" | "ignore"`.');
      }
    }
    if (remove.length || add.length) up.edit(mod, api.rewriteArgs(text, call, { remove, add }));
    for (const s of starts) {
      if (!s.add.length) continue;
      up.edit(s.mod, api.rewriteArgs(s.mod.text, s.call, { add: s.add }));
      up.record(s.mod, s.call, 'transport-setting', true, `constructor settings moved here: ${s.moved.join(', ')}`);
    }
    if (after.length && ref?.stmt) up.edit(mod, insertAfterStatement(text, ref.stmt, after.join(`${api.eolOf(text)}${' '.repeat(ref.stmt.startPosition.column)}`)));
  }
}

function setting(up: Upgrade, mod: PyModule, a: api.ArgInfo, name: Setting, starts: StartCall[], atModuleLevel: boolean): void {
  if (!starts.length) {
    up.flag(mod, a.node, 'transport-setting', REVIEW_CODES.fmTransportSetting, 'warning', `\`${a.node.text}\` was removed from the constructor and no run()/http_app() call of this server was found to take it`, `Pass \`${name.endsWith('_path') ? 'path' : name}=${a.value.text}\` to \`run(...)\` / \`http_app(...)\` where the server starts, or set FASTMCP_${name.toUpperCase()}.`);
    return;
  }
  const outcomes = new Set<'moved' | 'dropped' | 'reported'>();
  for (const s of starts) {
    const dest = destination(s.kind, name);
    if (dest === 'drop') {
      outcomes.add('dropped');
      continue;
    }
    if ('review' in dest) {
      outcomes.add('reported');
      up.flag(s.mod, s.call, 'transport-setting', REVIEW_CODES.fmTransportSetting, 'warning', `\`${a.node.text}\` left the constructor: ${dest.review}`, `Pass \`${name.endsWith('_path') ? 'path' : name}=${a.value.text}\` to the HTTP start-up call.`);
      continue;
    }
    const args = api.callArgs(s.call);
    if (args.some((x) => x.kind === 'dstar')) {
      outcomes.add('reported');
      up.flag(s.mod, s.call, 'transport-setting', REVIEW_CODES.fmTransportSetting, 'warning', `\`${a.node.text}\` left the constructor, and this call passes \`**options\` the migration cannot see`, `Make sure \`${dest.to}=${a.value.text}\` reaches it.`);
      continue;
    }
    if (args.some((x) => x.kind === 'keyword' && x.name === dest.to) || s.add.some((x) => x.startsWith(`${dest.to}=`))) {
      outcomes.add('dropped'); // FastMCP 2 let the call's own value win too
      continue;
    }
    const copyable = isLiteral(a.value) || (s.mod === mod && atModuleLevel);
    if (!copyable) {
      outcomes.add('reported');
      up.flag(s.mod, s.call, 'transport-setting', REVIEW_CODES.fmTransportSetting, 'warning', `\`${a.node.text}\` left the constructor, but its value is not visible here`, `Pass \`${dest.to}=...\` with the same value to this call.`);
      continue;
    }
    s.add.push(`${dest.to}=${a.value.text}`);
    s.moved.push(`${a.node.text} → ${dest.to}=`);
    outcomes.add('moved');
  }
  const where = outcomes.has('moved') ? 'moved to where the server starts' : outcomes.has('reported') ? 'see the review item where the server starts' : 'it had no effect on the transport this server runs on';
  up.record(mod, a.node, 'transport-setting', !outcomes.has('reported'), `\`${a.node.text}\` left the constructor (FastMCP 3 takes it in run()/http_app()): ${where}`);
}
