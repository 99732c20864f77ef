// The rewrite core shared by the two "SDK high-level server → FastMCP 4" transforms: FastMCP 1.0
// bundled in SDK v1 (`mcp.server.fastmcp`) and SDK v2's `MCPServer` (`mcp.server.mcpserver`).
// Both are the same lineage, so one engine walks the project and a rule table per source says
// what moved where. Every edit is by byte range (python-api.ts); every breaking change found is a
// ChangeRecord, and every one a human must finish is also a review item.
import type { ChangeRecord, OutputFile, ProjectFile, TransformResult } from '../core/types.js';
import { loadPythonProject, resolveImport, walk, type PyModule } from '../extract/python/project.js';
import { REVIEW_CODES, reviewAt, unparsableInputItem, unparsableOutputItem } from '../extract/python/review.js';
import type { ReviewItem, Severity } from '../model/index.js';
import { checkPythonSyntax, type SyntaxNode } from '../parse/python.js';
import { FASTMCP4_VERSION, swapPins } from './pins.js';
import * as api from './python-api.js';
import { CONTEXT_GENERIC_MESSAGE, contextSubscripts } from './surface/context-generic.js';
import { mcpErrorCalls, mcpErrorImports } from './surface/mcp-error.js';
import { componentSurface, decoratorEdits, inspectImported, type SurfaceSink } from './surface/component.js';

// ---------------------------------------------------------------------------------------------
// Rule tables

/** What a name imported from the source package plays in the rewrite. */
export type NameRole = 'server' | 'context' | 'message' | 'user-message' | 'assistant-message' | 'prompts-module';

export interface NameMove {
  /** Module the name comes from in FastMCP 4. */
  to: string;
  /** New name (the local binding follows unless `keepLocal` or the import is aliased). */
  name?: string;
  keepLocal?: boolean;
  role?: NameRole;
}

export interface NameReview {
  review: string;
  suggestion: string;
  severity?: Severity;
  code?: string;
}

export type NameRule = NameMove | NameReview;

/** Transport settings: FastMCP 1.0 takes them in the constructor, SDK v2 in run()/the app factories, FastMCP 4 in run()/http_app(). */
export const SETTINGS = [
  'host',
  'port',
  'log_level',
  'mount_path',
  'sse_path',
  'message_path',
  'streamable_http_path',
  'json_response',
  'stateless_http',
  'event_store',
  'retry_interval',
  'session_idle_timeout',
  'max_sessions',
  'max_request_body_size',
  'transport_security',
] as const;
export type Setting = (typeof SETTINGS)[number];
const SETTING_SET = new Set<string>(SETTINGS);

export type CtorArgRule =
  | { kind: 'keep' }
  | { kind: 'setting' }
  | { kind: 'debug' }
  | { kind: 'duplicates' }
  | { kind: 'dependencies' }
  /** Removed from the constructor (FastMCP 4 would raise on it) and reported. */
  | { kind: 'drop'; severity: Severity; message: string; suggestion: string }
  /** Left in place and reported: a human has to replace it. */
  | { kind: 'review'; severity: Severity; message: string; suggestion: string };

export type ContextRule =
  /** `ctx.log(level, message)` → `ctx.log(message, level=level)`. */
  | { kind: 'log'; dataIsAny?: boolean }
  /** `ctx.info(data)` and friends where the source accepted any JSON value (SDK v2). */
  | { kind: 'log-data' }
  | { kind: 'rename-kwarg'; from: string; to: string; message: string }
  /** `ctx.<attr>` → `ctx.<replacement>`. */
  | { kind: 'attr'; replacement: string; message: string }
  /** `ctx.headers` → `get_http_headers(include_all=True)`. */
  | { kind: 'headers' }
  | { kind: 'review'; severity: Severity; message: string; suggestion: string };

export interface SdkRules {
  transform: string;
  /** ChangeRecord rule prefix, e.g. `sdk-fastmcp`. */
  rule: string;
  /** The source package (its submodules included). */
  source: string;
  /** How the source names itself in messages. */
  label: string;
  /** Module → imported name → rule. Names not listed become FMM100 review items. */
  names: Record<string, Record<string, NameRule>>;
  /** Positional parameters of the source constructor, in order. */
  ctorPositional: string[];
  /** How many leading positional arguments FastMCP 4 takes the same way (name[, instructions]). */
  ctorPositionalKept: number;
  ctorArgs: Record<string, CtorArgRule>;
  /** Keyword arguments of run()/run_*_async()/sse_app()/streamable_http_app() read as settings. */
  callSettings: Set<Setting>;
  /** Positional parameters of run() after `transport`, and of sse_app(). */
  runPositional: string[];
  sseAppPositional: string[];
  context: Record<string, ContextRule>;
  decoratorPositional: { tool: string[]; prompt: string[] };
  /** Rename camelCase attribute reads of protocol types to SDK v2's snake_case. */
  camelCaseReads: boolean;
  /** Add `mask_error_details=True` (the source hid unexpected exception text from clients). */
  maskErrors: boolean;
  /** Reported (FMM106, info) where a prompt builds a `PromptMessage`, when the source sent those differently. */
  promptMessageNote?: string;
  /** Per-server behaviour note (FMM109). */
  behaviour: { message: string; suggestion: string };
}

// ---------------------------------------------------------------------------------------------
// Where each transport setting goes, per kind of start-up call

type TargetKind = 'stdio' | 'sse-run' | 'http-run' | 'dynamic-run' | 'sse-app' | 'http-app';
type Dest = { to: string } | 'drop' | { review: string };

const RUN_ONLY = 'run() does not take it: build the app with `mcp.http_app(...)` (which does) and serve it with uvicorn, or leave it out';

function destination(kind: TargetKind, setting: Setting): Dest {
  const review = (why: string): Dest => ({ review: why });
  const common: Partial<Record<Setting, Dest>> = {
    mount_path: review('FastMCP 4 has no `mount_path`: mount the app from `mcp.http_app(transport="sse")` under that prefix instead'),
    message_path: review('FastMCP 4 takes the SSE message path from the FASTMCP_MESSAGE_PATH environment variable only'),
    max_request_body_size: review('FastMCP 4 has no request body limit setting: enforce it in an ASGI middleware or your proxy'),
    transport_security: review('FastMCP 4 spells this `host_origin_protection=`, `allowed_hosts=` and `allowed_origins=` on run()/http_app()'),
    max_sessions: review('FastMCP 4 has no session cap setting'),
  };
  switch (kind) {
    case 'stdio':
      return setting === 'log_level' ? { to: 'log_level' } : 'drop';
    case 'dynamic-run':
      if (setting === 'log_level') return { to: 'log_level' };
      return review('the transport is chosen at run time and FastMCP 4 rejects HTTP settings on stdio: pass it to run() on the HTTP branch only');
    case 'sse-run': {
      const map: Partial<Record<Setting, Dest>> = { host: { to: 'host' }, port: { to: 'port' }, log_level: { to: 'log_level' }, sse_path: { to: 'path' } };
      return map[setting] ?? (['mount_path', 'message_path', 'max_request_body_size', 'transport_security'].includes(setting) ? common[setting]! : 'drop');
    }
    case 'http-run': {
      const map: Partial<Record<Setting, Dest>> = {
        host: { to: 'host' },
        port: { to: 'port' },
        log_level: { to: 'log_level' },
        streamable_http_path: { to: 'path' },
        json_response: { to: 'json_response' },
        stateless_http: { to: 'stateless_http' },
        event_store: review(RUN_ONLY),
        retry_interval: review(RUN_ONLY),
        session_idle_timeout: review(RUN_ONLY),
      };
      return map[setting] ?? (['max_sessions', 'max_request_body_size', 'transport_security'].includes(setting) ? common[setting]! : 'drop');
    }
    case 'sse-app': {
      if (setting === 'sse_path') return { to: 'path' };
      if (setting === 'host') return review('in FastMCP 4 the host belongs to `mcp.run(host=...)` or to the server that serves this app');
      return ['mount_path', 'message_path', 'max_request_body_size', 'transport_security'].includes(setting) ? common[setting]! : 'drop';
    }
    case 'http-app': {
      const map: Partial<Record<Setting, Dest>> = {
        streamable_http_path: { to: 'path' },
        json_response: { to: 'json_response' },
        stateless_http: { to: 'stateless_http' },
        event_store: { to: 'event_store' },
        retry_interval: { to: 'retry_interval' },
        session_idle_timeout: { to: 'session_idle_timeout' },
      };
      if (setting === 'host') return review('in FastMCP 4 the host belongs to `mcp.run(host=...)` or to the server that serves this app');
      return map[setting] ?? (['max_sessions', 'max_request_body_size', 'transport_security'].includes(setting) ? common[setting]! : 'drop');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Analysis state

interface SettingValue {
  name: Setting;
  arg: api.ArgInfo;
  text: string;
  /** A literal: safe to copy into another scope or module. */
  literal: boolean;
}

interface ServerInfo {
  mod: PyModule;
  call: SyntaxNode;
  variable?: string;
  /** Function holding the constructor call (undefined at module level). */
  scope?: SyntaxNode;
  settings: SettingValue[];
  targets: number;
  /** What happened to each constructor setting at the start-up calls: moved / dropped / reported. */
  outcome: Map<string, Set<'moved' | 'dropped' | 'reported'>>;
}

interface ModuleState {
  mod: PyModule;
  edits: api.EditSet;
  imports: string[];
  /** Locals bound to source names, by role. */
  roles: Map<string, NameRole>;
  /** Locals whose binding was renamed by the import rewrite: old → new. */
  renamed: Map<string, string>;
  /** Local name of FastMCP 4's prompt Message, once bound or planned. */
  messageLocal?: string;
  touched: boolean;
}

const LITERAL_TYPES = new Set(['integer', 'float', 'true', 'false', 'none', 'string', 'concatenated_string']);

function isLiteral(node: SyntaxNode): boolean {
  if (node.type === 'string') return !node.namedChildren.some((c) => c.type === 'interpolation');
  if (node.type === 'unary_operator') return node.namedChildren.every(isLiteral);
  if (node.type === 'list' || node.type === 'tuple') return node.namedChildren.every(isLiteral);
  return LITERAL_TYPES.has(node.type);
}

const CAMEL_TO_SNAKE: Record<string, string> = Object.fromEntries(
  [
    'cacheScope', 'clientInfo', 'costPriority', 'createMessage', 'createdAt', 'destructiveHint', 'elicitationId', 'hasMore', 'idempotentHint',
    'includeContext', 'inputSchema', 'intelligencePriority', 'isError', 'lastModified', 'listChanged', 'maxTokens', 'mimeType',
    'modelPreferences', 'nextCursor', 'openWorldHint', 'outputSchema', 'progressToken', 'promptsListChanged', 'protocolVersion',
    'readOnlyHint', 'requestId', 'requestedSchema', 'resourceTemplates', 'serverInfo', 'speedPriority', 'statusMessage', 'stopReason',
    'stopSequences', 'structuredContent', 'systemPrompt', 'toolsListChanged', 'uriTemplate', 'websiteUrl',
  ].map((c) => [c, c.replace(/[A-Z]/g, (m) => '_' + m.toLowerCase())]),
);

/** Return annotations whose values FastMCP 1.0 and FastMCP 4 turn into the same content blocks. */
function isPlainResult(annotation: SyntaxNode | null | undefined, kind: 'tool' | 'resource'): boolean {
  if (!annotation) return true;
  const text = annotation.text.replace(/\s+/g, '');
  const parts = text.replace(/^Optional\[(.*)\]$/, '$1|None').split('|');
  const scalar = kind === 'tool' ? /^(str|int|float|bool|None|bytes)$/ : /^(str|bytes|None)$/;
  return parts.every((p) => scalar.test(p) || /(Image|Audio|File|Content|ContentBlock|EmbeddedResource|ResourceLink)\b/.test(p));
}

// ---------------------------------------------------------------------------------------------
// The engine

export function rewriteSdkServers(files: ProjectFile[], rules: SdkRules): TransformResult {
  const project = loadPythonProject(files);
  const review: ReviewItem[] = [];
  const changes: ChangeRecord[] = [];
  const sourceRe = new RegExp(`\\b${rules.source.replace(/\./g, '\\.')}\\b`);

  for (const b of project.broken) {
    const text = files.find((f) => f.path === b.path)?.text ?? '';
    if (!sourceRe.test(text)) continue;
    review.push(unparsableInputItem(b, text));
  }

  const record = (file: string, node: SyntaxNode, rule: string, automatic: boolean, message: string) => {
    const change: ChangeRecord = { transform: rules.transform, rule: `${rules.rule}.${rule}`, file, line: api.lineOfNode(node), automatic, message };
    if (node.endPosition.row > node.startPosition.row) change.endLine = node.endPosition.row + 1;
    changes.push(change);
  };
  const flag = (file: string, node: SyntaxNode, rule: string, code: string, severity: Severity, message: string, suggestion: string) => {
    review.push(reviewAt(code, severity, file, node, message, suggestion));
    record(file, node, rule, false, message);
  };

  const isSource = (m: string) => m === rules.source || m.startsWith(rules.source + '.');
  const states = new Map<string, ModuleState>();
  const stateOf = (mod: PyModule): ModuleState => {
    let s = states.get(mod.path);
    if (!s) {
      s = { mod, edits: new api.EditSet(), imports: [], roles: new Map(), renamed: new Map(), touched: false };
      states.set(mod.path, s);
    }
    return s;
  };

  // 1. Imports of the source package, and the roles of the names they bind.
  for (const mod of project.modules.values()) {
    const sites = api.findImports(mod.tree.rootNode, isSource);
    if (!sites.length) continue;
    const st = stateOf(mod);
    st.touched = true;
    for (const site of sites) {
      if (site.kind === 'import' || site.wildcard) {
        flag(mod.path, site.stmt, 'import', REVIEW_CODES.sdkImport, 'warning', `\`${site.stmt.text}\` imports the ${rules.label} package as a whole; it does not exist in FastMCP 4`, 'Import the names you use from `fastmcp` (FastMCP, Context), `fastmcp.utilities.types` (Image, Audio) and `fastmcp.prompts` (Message) instead.');
        continue;
      }
      const table = rules.names[site.module] ?? {};
      const moved: string[] = [];
      const edits = api.rewriteFromImport(mod.text, site, (n) => {
        const rule = table[n.name];
        if (!rule || 'review' in rule) return undefined;
        return { module: rule.to, name: rule.name, keepLocal: rule.keepLocal };
      });
      for (const n of site.names) {
        const rule = table[n.name];
        if (!rule) {
          flag(mod.path, n.node, 'import', REVIEW_CODES.sdkImport, 'warning', `\`${n.name}\` from \`${site.module}\` has no FastMCP 4 counterpart the migration knows`, `Find the FastMCP 4 equivalent of \`${n.name}\` (https://gofastmcp.com) and import it from there.`);
          continue;
        }
        if ('review' in rule) {
          flag(mod.path, n.node, 'import', rule.code ?? REVIEW_CODES.sdkImport, rule.severity ?? 'warning', rule.review, rule.suggestion);
          continue;
        }
        moved.push(`${n.name} → ${rule.to}.${rule.name ?? n.name}`);
        const newName = rule.name ?? n.name;
        // Roles are keyed by the name as the source spells it: the analysis reads the original tree.
        if (rule.role) st.roles.set(n.local, rule.role);
        if (!n.alias && !rule.keepLocal && newName !== n.name) st.renamed.set(n.name, newName);
        if (rule.to === 'fastmcp.prompts' && newName === 'Message') st.messageLocal = n.alias ?? newName;
      }
      if (edits.length) {
        st.edits.add(edits);
        record(mod.path, site.stmt, 'import', true, `import moved to FastMCP 4: ${moved.join(', ')}`);
      }
    }
  }

  // A name the import rewrite renamed (MCPServer → FastMCP, UserMessage → Message) follows everywhere.
  for (const st of states.values()) {
    for (const [oldName, newName] of st.renamed) {
      for (const use of api.identifierUses(st.mod.tree.rootNode, oldName)) {
        st.edits.add({ start: use.startIndex, end: use.endIndex, text: newName });
        record(st.mod.path, use, 'rename', true, `\`${oldName}\` is \`${newName}\` in FastMCP 4`);
      }
    }
  }

  // 2. Servers: constructor calls of the imported server class.
  const servers: ServerInfo[] = [];
  const serverByModuleVar = new Map<string, ServerInfo>();
  for (const st of states.values()) {
    const classLocals = new Set([...st.roles].filter(([, r]) => r === 'server').map(([l]) => l));
    if (!classLocals.size) continue;
    for (const call of api.callsOfName(st.mod.tree.rootNode, classLocals)) {
      const server: ServerInfo = { mod: st.mod, call, variable: api.assignedName(call), scope: api.enclosingFunction(call), settings: [], targets: 0, outcome: new Map() };
      for (const a of api.callArgs(call)) {
        const name = a.kind === 'keyword' ? a.name! : a.kind === 'positional' && a.position! >= rules.ctorPositionalKept ? rules.ctorPositional[a.position!] : undefined;
        if (name && SETTING_SET.has(name) && rules.ctorArgs[name]?.kind === 'setting') {
          server.settings.push({ name: name as Setting, arg: a, text: a.value.text, literal: isLiteral(a.value) });
        }
      }
      servers.push(server);
      if (server.variable && !serverByModuleVar.has(`${st.mod.path}\u0000${server.variable}`)) serverByModuleVar.set(`${st.mod.path}\u0000${server.variable}`, server);
    }
  }

  // Server variables visible in each module: its own, and ones imported from project modules.
  const serverVars = new Map<string, Map<string, ServerInfo>>();
  for (const mod of project.modules.values()) {
    const vars = new Map<string, ServerInfo>();
    for (const s of servers) if (s.mod === mod && s.variable && !vars.has(s.variable)) vars.set(s.variable, s);
    for (const [local, nodes] of mod.bindings) {
      for (const node of nodes) {
        if (node.type !== 'import_from_statement') continue;
        const moduleNode = node.childForFieldName('module_name');
        const level = moduleNode?.type === 'relative_import' ? (/^\.+/.exec(moduleNode.text)?.[0].length ?? 0) : 0;
        const moduleName = (moduleNode?.text ?? '').replace(/^\.+/, '');
        for (const child of node.childrenForFieldName('name')) {
          const imported = child.type === 'aliased_import' ? child.childForFieldName('name')!.text : child.text;
          const alias = child.type === 'aliased_import' ? child.childForFieldName('alias')!.text : child.text;
          if (alias !== local) continue;
          const target = resolveImport(project, mod, { local, imported, module: moduleName, level });
          const server = target && serverByModuleVar.get(`${target.path}\u0000${imported}`);
          if (server) vars.set(local, server);
        }
      }
    }
    // `def register(mcp: FastMCP): @mcp.tool() ...`: a parameter typed with the server class is a server too.
    const classLocals = new Set([...(states.get(mod.path)?.roles ?? [])].filter(([, r]) => r === 'server').map(([l]) => l));
    if (classLocals.size) {
      for (const fn of walk(mod.tree.rootNode)) {
        if (fn.type !== 'function_definition') continue;
        for (const p of api.parametersOf(fn)) {
          if (vars.has(p.name) || !api.annotationNames(p.annotation, classLocals)) continue;
          vars.set(p.name, { mod, call: fn, settings: [], targets: 0, outcome: new Map() });
        }
      }
    }
    if (vars.size) {
      serverVars.set(mod.path, vars);
      stateOf(mod).touched = true;
    }
  }

  // 3. Start-up calls on server variables: run(), run_*_async(), sse_app(), streamable_http_app().
  for (const [path, vars] of serverVars) {
    const st = states.get(path)!;
    const file = st.mod.path;
    const root = st.mod.tree.rootNode;
    const receivers = new Set(vars.keys());
    const startMethods = new Set(['run', 'run_sse_async', 'run_streamable_http_async', 'run_stdio_async', 'sse_app', 'streamable_http_app']);
    for (const attr of api.attributeAccesses(root, receivers)) {
      const method = attr.childForFieldName('attribute')!.text;
      const server = vars.get(attr.childForFieldName('object')!.text)!;
      const call = api.callOfCallee(attr);
      if (startMethods.has(method)) {
        if (!call) {
          if (method !== 'run' && method !== 'run_stdio_async') {
            flag(file, attr, 'http-app', REVIEW_CODES.sdkTransportSetting, 'warning', `\`${attr.text}\` is passed around uncalled; FastMCP 4 has no \`${method}\``, method.endsWith('_app') ? 'Use `mcp.http_app(...)` (with `transport="sse"` for SSE).' : 'Use `functools.partial(mcp.run_http_async, transport=...)`.');
          }
          continue;
        }
        server.targets++;
        rewriteStartCall(st, server, call, method);
        continue;
      }
      serverObjectRule(st, attr, method, call);
    }
  }

  function rewriteStartCall(st: ModuleState, server: ServerInfo, call: SyntaxNode, method: string): void {
    const file = st.mod.path;
    const text = st.mod.text;
    const args = api.callArgs(call);
    const plan: api.ArgPlan & { remove: SyntaxNode[]; add: string[]; renameKeyword: Map<SyntaxNode, string> } = { remove: [], add: [], renameKeyword: new Map(), replaceValue: new Map() };
    const notes: string[] = [];
    let kind: TargetKind;
    const attrNode = call.childForFieldName('function')!.childForFieldName('attribute')!;
    const own = new Map<string, api.ArgInfo>();
    let positionalNames: string[] = [];
    if (method === 'run') positionalNames = ['transport', ...rules.runPositional];
    else if (method === 'sse_app') positionalNames = rules.sseAppPositional;
    for (const a of args) {
      if (a.kind === 'keyword') own.set(a.name!, a);
      else if (a.kind === 'positional' && positionalNames[a.position!]) own.set(positionalNames[a.position!]!, a);
    }
    if (method === 'run') {
      const t = own.get('transport');
      const value = t ? api.stringLiteralValue(t.value) : 'stdio';
      if (value === 'stdio') kind = 'stdio';
      else if (value === 'sse') kind = 'sse-run';
      else if (value === 'streamable-http' || value === 'http') kind = 'http-run';
      else kind = 'dynamic-run';
      if (value === 'streamable-http' && t) {
        st.edits.add(api.replaceStringContent(t.value, 'http'));
        notes.push('transport "streamable-http" is named "http"');
      }
    } else if (method === 'run_stdio_async') kind = 'stdio';
    else if (method === 'run_sse_async' || method === 'run_streamable_http_async') {
      kind = method === 'run_sse_async' ? 'sse-run' : 'http-run';
      st.edits.add({ start: attrNode.startIndex, end: attrNode.endIndex, text: 'run_http_async' });
      if (kind === 'sse-run') plan.add.push('transport="sse"');
      notes.push(`\`${method}()\` is \`run_http_async(${kind === 'sse-run' ? 'transport="sse"' : ''})\``);
    } else {
      kind = method === 'sse_app' ? 'sse-app' : 'http-app';
      st.edits.add({ start: attrNode.startIndex, end: attrNode.endIndex, text: 'http_app' });
      if (kind === 'sse-app') plan.add.push('transport="sse"');
      notes.push(`\`${method}()\` is \`http_app(${kind === 'sse-app' ? 'transport="sse"' : ''})\``);
    }
    // The call's own settings (SDK v2 passes them here; FastMCP 1.0 only mount_path).
    const given = new Set<string>();
    for (const [name, a] of own) {
      if (name === 'transport' || !SETTING_SET.has(name) || !(rules.callSettings.has(name as Setting) || name === 'mount_path')) continue;
      const dest = destination(kind, name as Setting);
      if (dest === 'drop') {
        plan.remove.push(a.node);
        notes.push(`\`${name}\` has no effect there and was removed`);
      } else if ('review' in dest) {
        plan.remove.push(a.node);
        flag(st.mod.path, a.node, 'transport-setting', REVIEW_CODES.sdkTransportSetting, 'warning', `\`${a.node.text}\` was removed from \`${method}()\`: ${dest.review}`, `Re-create the setting the FastMCP 4 way, or confirm you do not need it (value was \`${a.value.text}\`).`);
      } else {
        given.add(dest.to);
        if (a.kind === 'positional') plan.toKeyword = new Map([...(plan.toKeyword ?? []), [a.node, dest.to]]);
        else if (dest.to !== name) {
          plan.renameKeyword!.set(a.node, dest.to);
          notes.push(`\`${name}=\` is \`${dest.to}=\``);
        }
      }
    }
    // Settings the constructor held (FastMCP 1.0, and SDK v2's log_level).
    const sameScope = server.mod === st.mod && (!server.scope || server.scope.id === api.enclosingFunction(call)?.id);
    const note = (s: SettingValue, what: 'moved' | 'dropped' | 'reported') => {
      const set = server.outcome.get(s.name) ?? new Set();
      set.add(what);
      server.outcome.set(s.name, set);
    };
    for (const s of server.settings) {
      const dest = destination(kind, s.name);
      if (dest === 'drop') {
        note(s, 'dropped');
        continue;
      }
      if ('review' in dest) {
        note(s, 'reported');
        flag(file, call, 'transport-setting', REVIEW_CODES.sdkTransportSetting, 'warning', `\`${s.name}=${s.text}\` (from the constructor) was not passed to \`${method}()\`: ${dest.review}`, `Pass the setting where FastMCP 4 takes it, or confirm you do not need it.`);
        continue;
      }
      if (given.has(dest.to)) {
        note(s, 'dropped');
        continue;
      }
      if (!s.literal && !sameScope) {
        note(s, 'reported');
        flag(file, call, 'transport-setting', REVIEW_CODES.sdkTransportSetting, 'warning', `\`${s.name}=${s.text}\` (from the constructor) could not be moved to \`${method}()\`: its value is not a literal and may not be visible here`, `Pass \`${dest.to}=...\` to \`${method === 'run' ? 'run' : 'the call'}()\` yourself.`);
        continue;
      }
      given.add(dest.to);
      note(s, 'moved');
      plan.add.push(`${dest.to}=${s.text}`);
      notes.push(`\`${s.name}\` moved from the constructor${dest.to !== s.name ? ` as \`${dest.to}=\`` : ''}`);
    }
    const edits = api.rewriteArgs(text, call, plan);
    st.edits.add(edits);
    if (notes.length) record(file, call, method.endsWith('_app') ? 'http-app' : 'run', true, `${method}(): ${notes.join('; ')}`);
  }

  function serverObjectRule(st: ModuleState, attr: SyntaxNode, method: string, call: SyntaxNode | undefined): void {
    const file = st.mod.path;
    const text = st.mod.text;
    if (method === 'session_manager') {
      flag(file, attr, 'http-app', REVIEW_CODES.sdkHttpApp, 'error', `\`${attr.text}\` does not exist in FastMCP 4`, 'Create the app once with `app = mcp.http_app()` and give the outer Starlette/FastAPI app `lifespan=app.lifespan`; FastMCP runs its session manager inside that lifespan.');
    } else if (method === 'settings' || method === 'dependencies') {
      flag(file, attr, 'server-object', REVIEW_CODES.sdkServerObject, 'warning', `\`${attr.text}\`: FastMCP 4 servers have no \`.${method}\``, method === 'settings' ? 'Pass host/port/path to `mcp.run(...)` / `mcp.http_app(...)`, or use the FASTMCP_* environment variables (global settings live in `fastmcp.settings`).' : 'Declare dependencies in your project (pyproject.toml) or a `fastmcp.json`.');
    } else if (/^_(mcp_server|tool_manager|resource_manager|prompt_manager)$/.test(method)) {
      flag(file, attr, 'server-object', REVIEW_CODES.sdkServerObject, 'warning', `\`${attr.text}\` reaches into ${rules.label} internals that FastMCP 4 does not have`, 'Use the public FastMCP 4 API (`mcp.add_tool`, `mcp.list_tools`, middleware, ...) instead.');
    } else if (call && (method === 'add_resource' || method === 'add_prompt')) {
      flag(file, call, 'server-object', REVIEW_CODES.sdkServerObject, 'warning', `\`${method}()\` takes FastMCP 4 component objects (or plain functions), not ${rules.label} ones`, `Register the function with \`@mcp.${method === 'add_resource' ? 'resource(uri)' : 'prompt'}\` or build the object with \`fastmcp.${method === 'add_resource' ? 'resources' : 'prompts'}\` classes.`);
    } else if (call && ['call_tool', 'list_tools', 'read_resource', 'get_prompt', 'list_resources', 'list_prompts', 'list_resource_templates', 'get_context'].includes(method)) {
      flag(file, call, 'server-object', REVIEW_CODES.sdkServerObject, 'info', `\`${method}()\` returns FastMCP 4 objects (components, ToolResult, ResourceResult), not the protocol values ${rules.label} returned`, method === 'get_context' ? 'Use `from fastmcp.server.dependencies import get_context` or take a `ctx: Context` parameter.' : 'Check how the result is used; in tests prefer `fastmcp.Client(mcp)`.');
    } else if (call && method === 'add_tool') {
      const args = api.callArgs(call);
      if (args.length > 1) {
        const plan = decoratorArgPlan(st, call, 'tool', 1, 1);
        st.edits.add({ start: attr.childForFieldName('attribute')!.startIndex, end: attr.childForFieldName('attribute')!.endIndex, text: 'tool' });
        st.edits.add(api.rewriteArgs(text, call, plan));
        record(file, call, 'add-tool', true, '`add_tool(fn, ...)` with options is `tool(fn, ...)` in FastMCP 4 (add_tool takes only the function)');
      }
    }
  }

  /**
   * Positional options → keywords, structured_output → output_schema. Positions below `keep` stay
   * positional; position p names the source parameter `names[p - offset]`.
   */
  function decoratorArgPlan(st: ModuleState, call: SyntaxNode, kind: 'tool' | 'prompt', keep: number, offset: number): api.ArgPlan {
    const plan: api.ArgPlan = { toKeyword: new Map(), remove: [], renameKeyword: new Map(), replaceValue: new Map() };
    const names = rules.decoratorPositional[kind];
    const file = st.mod.path;
    for (const a of api.callArgs(call)) {
      if (a.kind === 'positional' && a.position! >= keep) {
        const name = names[a.position! - offset];
        if (name) {
          (plan.toKeyword as Map<SyntaxNode, string>).set(a.node, name);
          record(file, a.node, 'decorator-arg', true, `positional \`${name}\` is keyword-only in FastMCP 4`);
        }
      }
      const name = a.kind === 'keyword' ? a.name : a.kind === 'positional' && a.position! >= keep ? names[a.position! - offset] : undefined;
      if (kind === 'tool' && name === 'structured_output') {
        const v = a.value.type;
        if (v === 'false') {
          if (a.kind === 'keyword') {
            plan.renameKeyword!.set(a.node, 'output_schema');
            plan.replaceValue!.set(a.node, 'None');
          } else {
            (plan.toKeyword as Map<SyntaxNode, string>).delete(a.node);
            (plan.remove as SyntaxNode[]).push(a.node);
            plan.add = [...(plan.add ?? []), 'output_schema=None'];
          }
          record(file, a.node, 'decorator-arg', true, '`structured_output=False` is `output_schema=None` in FastMCP 4');
        } else if (v === 'true' || v === 'none') {
          (plan.toKeyword as Map<SyntaxNode, string>).delete(a.node);
          (plan.remove as SyntaxNode[]).push(a.node);
          record(file, a.node, 'decorator-arg', true, `\`structured_output=${a.value.text}\` removed: FastMCP 4 derives the output schema from the return annotation`);
        } else {
          flag(file, a.node, 'decorator-arg', REVIEW_CODES.sdkDecoratorArg, 'warning', '`structured_output=` is not a FastMCP 4 option', 'Use `output_schema=None` to turn structured output off; FastMCP 4 derives it from the return annotation otherwise.');
        }
      }
    }
    return plan;
  }

  // 4. Decorated tools, resources and prompts.
  for (const [path, vars] of serverVars) {
    const st = states.get(path)!;
    const file = st.mod.path;
    const text = st.mod.text;
    for (const d of api.decoratedFunctions(st.mod.tree.rootNode, new Set(vars.keys()), new Set(['tool', 'prompt', 'resource']))) {
      const fnName = d.fn.childForFieldName('name')!.text;
      const base = d.call && d.method !== 'resource' ? decoratorArgPlan(st, d.call, d.method as 'tool' | 'prompt', 1, 0) : {};
      // Keep the description and output schema clients saw (FastMCP 4 parses docstrings, derives other schemas).
      const surface = componentSurface({ kind: d.method as 'tool' | 'prompt' | 'resource', decorator: d.decorator, call: d.call, fn: d.fn, name: fnName }, 'sdk', surfaceSink(st), {
        positional: d.method === 'resource' ? ['uri'] : rules.decoratorPositional[d.method as 'tool' | 'prompt'],
        ctxTypes: new Set([...st.roles].filter(([, r]) => r === 'context').map(([l]) => l)),
        typingDict: typingImports(st.mod.tree.rootNode).has('Dict'),
        target: 'FastMCP 4',
      });
      st.edits.add(decoratorEdits(text, d, surface, base));
      const returns = d.fn.childForFieldName('return_type');
      if ((d.method === 'tool' || d.method === 'resource') && !isPlainResult(returns, d.method)) {
        flag(
          file,
          returns!,
          'result-text',
          REVIEW_CODES.sdkResultText,
          'info',
          d.method === 'tool'
            ? `tool \`${fnName}\` returns \`${returns!.text}\`: FastMCP 4 sends it as one compact JSON text block (FastMCP 1.0 lineage servers indented it, and split lists into one block per item); structured content is unchanged`
            : `resource \`${fnName}\` returns \`${returns!.text}\`: FastMCP 4 serialises it as compact JSON where ${rules.label} indented it`,
          'Nothing to do unless a client parses the text block; return a `str` you format yourself to keep the old text exactly.',
        );
      }
      if (d.method === 'prompt') {
        rewritePromptMessages(st, d.fn, fnName);
        const ctxTypes = new Set([...st.roles].filter(([, r]) => r === 'context').map(([l]) => l));
        for (const p of api.parametersOf(d.fn)) {
          if (!p.annotation || p.annotation.text === 'str' || api.annotationNames(p.annotation, ctxTypes)) continue;
          flag(file, p.node, 'prompt-argument', REVIEW_CODES.sdkPromptArgument, 'info', `prompt \`${fnName}\` argument \`${p.name}: ${p.annotation.text}\`: FastMCP 4 appends "Provide a value matching the following JSON schema: ... Encode non-string values as JSON." to the description of every non-string prompt argument`, 'Nothing to change unless clients rely on the argument description; annotate it `str` and convert inside the prompt to keep the old description.');
        }
      }
    }
  }

  function surfaceSink(st: ModuleState): SurfaceSink {
    return {
      record: (node, rule, automatic, message) => record(st.mod.path, node, rule, automatic, message),
      flag: (node, rule, code, severity, message, suggestion) => flag(st.mod.path, node, rule, code, severity, message, suggestion),
      inspectLocal: () => {
        const local = inspectImported(st.mod.tree.rootNode);
        if (local) return local;
        if (!st.imports.includes('import inspect')) st.imports.push('import inspect');
        return 'inspect';
      },
    };
  }

  function messageLocal(st: ModuleState): string {
    if (st.messageLocal) return st.messageLocal;
    const bound = st.mod.bindings.has('Message');
    const local = bound ? 'FastMCPMessage' : 'Message';
    st.imports.push(bound ? 'from fastmcp.prompts import Message as FastMCPMessage' : 'from fastmcp.prompts import Message');
    st.messageLocal = local;
    return local;
  }

  function rewritePromptMessages(st: ModuleState, fn: SyntaxNode, fnName: string): void {
    const file = st.mod.path;
    const body = fn.childForFieldName('body')!;
    let rewrote = false;
    let leftover = false;
    const mcpTypes = mcpTypesLocals(st.mod.tree.rootNode);
    for (const node of api.walkScope(body)) {
      if (node.type === 'dictionary') {
        const pairs = node.namedChildren.filter((c) => c.type === 'pair');
        const keys = pairs.map((p) => api.stringLiteralValue(p.childForFieldName('key')));
        if (!keys.includes('role')) continue;
        const role = pairs[keys.indexOf('role')]?.childForFieldName('value');
        const content = pairs[keys.indexOf('content')]?.childForFieldName('value');
        const onlyRoleContent = keys.length === 2 && keys.includes('content') && pairs.length === node.namedChildren.filter((c) => c.type !== 'comment').length;
        let contentText = content?.text;
        if (content?.type === 'dictionary') {
          const cp = content.namedChildren.filter((c) => c.type === 'pair');
          const ck = cp.map((p) => api.stringLiteralValue(p.childForFieldName('key')));
          const typeValue = api.stringLiteralValue(cp[ck.indexOf('type')]?.childForFieldName('value'));
          contentText = ck.length === 2 && typeValue === 'text' && ck.includes('text') ? cp[ck.indexOf('text')]!.childForFieldName('value')!.text : undefined;
        }
        if (!onlyRoleContent || !role || contentText === undefined) {
          leftover = true;
          flag(file, node, 'prompt-message', REVIEW_CODES.sdkPromptMessages, 'warning', `prompt \`${fnName}\` builds a message as a dict in a shape the migration does not convert (FastMCP 4 rejects dict messages; only {"role", "content": <text>} dicts are rewritten)`, 'Return `Message(content, role=...)` objects from `fastmcp.prompts` (or plain strings).');
          continue;
        }
        const roleValue = api.stringLiteralValue(role);
        const args = [contentText, ...(roleValue === 'user' ? [] : [`role=${role.text}`])];
        st.edits.add({ start: node.startIndex, end: node.endIndex, text: `${messageLocal(st)}(${args.join(', ')})` });
        record(file, node, 'prompt-message', true, 'dict prompt message is a `Message` in FastMCP 4 (FastMCP 1.0 coerced dicts; FastMCP 4 requires Message objects or strings)');
        rewrote = true;
      } else if (node.type === 'call') {
        const callee = node.childForFieldName('function')!;
        const isPromptMessage =
          (callee.type === 'identifier' && mcpTypes.names.get(callee.text) === 'PromptMessage') ||
          (callee.type === 'attribute' && callee.childForFieldName('attribute')!.text === 'PromptMessage' && mcpTypes.modules.has(callee.childForFieldName('object')!.text));
        if (!isPromptMessage) continue;
        st.edits.add({ start: callee.startIndex, end: callee.endIndex, text: messageLocal(st) });
        if (rules.promptMessageNote) {
          flag(file, node, 'prompt-message', REVIEW_CODES.sdkPromptMessages, 'info', `prompt \`${fnName}\`: \`PromptMessage(...)\` is now \`Message(...)\` from \`fastmcp.prompts\`. ${rules.promptMessageNote}`, 'Check that clients expected the message itself (they almost certainly did).');
        } else record(file, node, 'prompt-message', true, '`PromptMessage(role=..., content=...)` is `Message(...)` from `fastmcp.prompts` in FastMCP 4');
        rewrote = true;
      }
    }
    const returns = fn.childForFieldName('return_type');
    if (!rewrote && !leftover && returns && /\bdict\b|\bDict\b|PromptMessage/.test(returns.text)) {
      flag(file, returns, 'prompt-message', REVIEW_CODES.sdkPromptMessages, 'warning', `prompt \`${fnName}\` is annotated \`${returns.text}\`: FastMCP 4 accepts only strings and \`Message\` objects`, 'Build the messages with `Message(content, role=...)` from `fastmcp.prompts`.');
    }
  }

  // 5. Message helpers (UserMessage / AssistantMessage) and the prompts `base` module.
  for (const st of states.values()) {
    const root = st.mod.tree.rootNode;
    const file = st.mod.path;
    const assistantCallees = new Set([...st.roles].filter(([, r]) => r === 'assistant-message').map(([l]) => l));
    for (const call of api.callsOfName(root, assistantCallees)) addAssistantRole(st, call);
    const modules = new Set([...st.roles].filter(([, r]) => r === 'prompts-module').map(([l]) => l));
    if (modules.size) {
      for (const attr of api.attributeAccesses(root, modules, new Set(['UserMessage', 'AssistantMessage']))) {
        const name = attr.childForFieldName('attribute')!;
        st.edits.add({ start: name.startIndex, end: name.endIndex, text: 'Message' });
        record(file, attr, 'prompt-message', true, `\`${attr.text}\` is \`Message\` in FastMCP 4`);
        const call = api.callOfCallee(attr);
        if (call && name.text === 'AssistantMessage') addAssistantRole(st, call);
      }
    }
  }

  function addAssistantRole(st: ModuleState, call: SyntaxNode): void {
    if (api.keywordArg(call, 'role')) return;
    st.edits.add(api.rewriteArgs(st.mod.text, call, { add: ['role="assistant"'] }));
    record(st.mod.path, call, 'prompt-message', true, 'AssistantMessage(...) is Message(..., role="assistant") in FastMCP 4');
  }

  // 6. Context: methods and properties that changed.
  for (const st of states.values()) {
    const ctxTypes = new Set([...st.roles].filter(([, r]) => r === 'context').map(([l]) => l));
    if (!ctxTypes.size) continue;
    for (const fn of walk(st.mod.tree.rootNode)) {
      if (fn.type !== 'function_definition') continue;
      const ctxNames = api.parametersOf(fn).filter((p) => api.annotationNames(p.annotation, ctxTypes)).map((p) => p.name);
      if (!ctxNames.length) continue;
      const body = fn.childForFieldName('body')!;
      for (const attr of api.attributeAccesses(body, new Set(ctxNames), new Set(Object.keys(rules.context)))) contextRule(st, attr);
    }
  }

  function contextRule(st: ModuleState, attr: SyntaxNode): void {
    const file = st.mod.path;
    const text = st.mod.text;
    const name = attr.childForFieldName('attribute')!;
    const receiver = attr.childForFieldName('object')!.text;
    const rule = rules.context[name.text]!;
    const call = api.callOfCallee(attr);
    const nonString = (n: SyntaxNode | undefined) => !!n && ['dictionary', 'list', 'tuple', 'set', 'integer', 'float', 'true', 'false', 'none', 'dictionary_comprehension', 'list_comprehension'].includes(n.type);
    switch (rule.kind) {
      case 'log': {
        if (!call) return;
        const args = api.callArgs(call);
        const pos = args.filter((a) => a.kind === 'positional');
        const hasMessageKw = args.some((a) => a.kind === 'keyword' && (a.name === 'message' || a.name === 'data'));
        const dataKw = args.find((a) => a.kind === 'keyword' && a.name === 'data');
        if (pos.length >= 2 || (pos.length === 1 && hasMessageKw)) {
          const plan: api.ArgPlan = { remove: [pos[0]!.node], add: [`level=${pos[0]!.value.text}`] };
          if (dataKw) plan.renameKeyword = new Map([[dataKw.node, 'message']]);
          st.edits.add(api.rewriteArgs(text, call, plan));
          record(file, call, 'context', true, `\`${receiver}.log(level, message)\` is \`${receiver}.log(message, level=...)\` in FastMCP 4`);
        } else if (dataKw) {
          st.edits.add(api.rewriteArgs(text, call, { renameKeyword: new Map([[dataKw.node, 'message']]) }));
          record(file, call, 'context', true, `\`${receiver}.log(data=...)\` is \`${receiver}.log(message=...)\` in FastMCP 4`);
        }
        const data = pos.length >= 2 ? pos[1]!.value : dataKw?.value;
        if (rule.dataIsAny && nonString(data)) {
          flag(file, data!, 'context', REVIEW_CODES.sdkLogData, 'warning', `\`${receiver}.log\` sends \`${data!.text}\`, which is not a string: FastMCP 4 log messages are strings`, 'Pass a string (e.g. `json.dumps(value)`) as the message, or structured data as `extra=`.');
        }
        return;
      }
      case 'log-data': {
        if (!call) return;
        const first = api.callArgs(call).find((a) => a.kind === 'positional' || a.name === 'data');
        if (first?.kind === 'keyword') {
          st.edits.add(api.rewriteArgs(text, call, { renameKeyword: new Map([[first.node, 'message']]) }));
          record(file, call, 'context', true, `\`${receiver}.${name.text}(data=...)\` is \`${receiver}.${name.text}(message=...)\` in FastMCP 4`);
        }
        if (nonString(first?.value)) {
          flag(file, first!.value, 'context', REVIEW_CODES.sdkLogData, 'warning', `\`${attr.text}\` sends \`${first!.value.text}\`, which is not a string: FastMCP 4 log messages are strings`, 'Pass a string (e.g. `json.dumps(value)`) as the message, or structured data as `extra=`.');
        }
        return;
      }
      case 'rename-kwarg': {
        if (!call) return;
        const kw = api.keywordArg(call, rule.from);
        if (!kw) return;
        st.edits.add(api.rewriteArgs(text, call, { renameKeyword: new Map([[kw.node, rule.to]]) }));
        record(file, call, 'context', true, rule.message);
        return;
      }
      case 'attr':
        st.edits.add({ start: name.startIndex, end: name.endIndex, text: rule.replacement });
        record(file, attr, 'context', true, rule.message);
        return;
      case 'headers': {
        st.edits.add({ start: attr.startIndex, end: attr.endIndex, text: 'get_http_headers(include_all=True)' });
        if (!api.importsName(st.mod.tree.rootNode, 'fastmcp.server.dependencies', 'get_http_headers') && !st.imports.includes('from fastmcp.server.dependencies import get_http_headers')) {
          st.imports.push('from fastmcp.server.dependencies import get_http_headers');
        }
        record(file, attr, 'context', true, `\`${attr.text}\` is \`get_http_headers(include_all=True)\` from \`fastmcp.server.dependencies\` in FastMCP 4 (an empty dict outside HTTP, where the SDK gave None)`);
        return;
      }
      case 'review':
        flag(file, call ?? attr, 'context', REVIEW_CODES.sdkContext, rule.severity, rule.message.replace(/\{ctx\}/g, receiver), rule.suggestion.replace(/\{ctx\}/g, receiver));
        return;
    }
  }

  // 7. Constructors: settings out, options renamed, the rest reported.
  for (const server of servers) {
    const st = states.get(server.mod.path)!;
    const file = server.mod.path;
    const text = server.mod.text;
    const plan: api.ArgPlan & { remove: SyntaxNode[]; add: string[]; toKeyword: Map<SyntaxNode, string> } = { remove: [], add: [], toKeyword: new Map() };
    const duplicates: api.ArgInfo[] = [];
    for (const a of api.callArgs(server.call)) {
      if (a.kind === 'star' || a.kind === 'dstar') {
        flag(file, a.node, 'constructor-arg', REVIEW_CODES.sdkConstructorArg, 'warning', `\`${a.node.text}\` passes options the migration cannot see; FastMCP 4 rejects many ${rules.label} options`, 'Check each option against the FastMCP 4 constructor (settings go to run()/http_app()).');
        continue;
      }
      const name = a.kind === 'keyword' ? a.name! : rules.ctorPositional[a.position!];
      if (!name) continue;
      const rule = rules.ctorArgs[name] ?? { kind: 'review', severity: 'warning', message: `\`${name}=\` is not a FastMCP 4 constructor option`, suggestion: 'Check the FastMCP 4 constructor (https://gofastmcp.com/servers/server) for where it went.' };
      if (a.kind === 'positional' && a.position! >= rules.ctorPositionalKept && (rule.kind === 'keep' || rule.kind === 'review')) {
        plan.toKeyword.set(a.node, name);
        record(file, a.node, 'constructor-arg', true, `positional \`${name}\` is keyword-only in FastMCP 4`);
      }
      switch (rule.kind) {
        case 'keep':
          break;
        case 'setting': {
          plan.remove.push(a.node);
          const outcome = server.outcome.get(name) ?? new Set();
          if (server.targets) {
            const where =
              outcome.has('moved') && outcome.has('reported')
                ? 'moved where the server starts, except where a review item says otherwise'
                : outcome.has('moved')
                  ? 'moved to where the server starts'
                  : outcome.has('reported')
                    ? 'see the review item where the server starts'
                    : 'it has no effect on the transport this server runs on';
            record(file, a.node, 'constructor-arg', !outcome.has('reported'), `\`${name}\` left the constructor (FastMCP 4 takes it in run()/http_app()): ${where}`);
          } else {
            flag(file, a.node, 'transport-setting', REVIEW_CODES.sdkTransportSetting, 'warning', `\`${a.node.text}\` was removed from the constructor and no run()/http_app() call for this server was found to take it`, `Pass \`${name === 'streamable_http_path' || name === 'sse_path' ? 'path' : name}=${a.value.text}\` to \`mcp.run(...)\` or \`mcp.http_app(...)\` where the server starts (or use the FASTMCP_* environment variables).`);
          }
          break;
        }
        case 'debug':
          plan.remove.push(a.node);
          if (a.value.type === 'false') record(file, a.node, 'constructor-arg', true, '`debug=False` removed: FastMCP 4 has no constructor debug flag (False is its default)');
          else flag(file, a.node, 'constructor-arg', REVIEW_CODES.sdkConstructorArg, 'info', `\`${a.node.text}\` was removed: FastMCP 4 has no constructor debug flag`, 'Set the FASTMCP_DEBUG environment variable where you want debug mode.');
          break;
        case 'duplicates':
          duplicates.push(a);
          break;
        case 'dependencies':
          plan.remove.push(a.node);
          flag(file, a.node, 'constructor-arg', REVIEW_CODES.sdkDependencies, 'warning', `\`${a.node.text}\` was removed: FastMCP 4 does not take dependencies in the constructor`, 'Declare them in your project (pyproject.toml / requirements) or in a `fastmcp.json` server configuration.');
          break;
        case 'drop':
          plan.remove.push(a.node);
          flag(file, a.node, 'constructor-arg', REVIEW_CODES.sdkConstructorArg, rule.severity, `\`${a.kind === 'positional' ? `${name}=${a.node.text}` : a.node.text}\` was removed: ${rule.message}`, rule.suggestion);
          break;
        case 'review':
          flag(file, a.node, 'constructor-arg', REVIEW_CODES.sdkConstructorArg, rule.severity, `\`${name}=\`: ${rule.message}`, rule.suggestion);
          break;
      }
    }
    if (duplicates.length) {
      const values = new Set(duplicates.map((d) => d.value.type));
      plan.remove.push(...duplicates.map((d) => d.node));
      if (values.size === 1 && values.has('false')) {
        plan.add.push('on_duplicate="ignore"');
        for (const d of duplicates) record(file, d.node, 'constructor-arg', true, `\`${d.name}=False\` is \`on_duplicate="ignore"\` in FastMCP 4`);
      } else if (values.size === 1 && values.has('true')) {
        for (const d of duplicates) record(file, d.node, 'constructor-arg', true, `\`${d.name}=True\` removed: FastMCP 4 warns on duplicates by default (on_duplicate="warn")`);
      } else {
        for (const d of duplicates) flag(file, d.node, 'constructor-arg', REVIEW_CODES.sdkConstructorArg, 'warning', `\`${d.node.text}\` was removed: FastMCP 4 has one \`on_duplicate=\` for all components`, 'Pass `on_duplicate="warn" | "error" | "replace" | "ignore"` to FastMCP(...).');
      }
    }
    if (rules.maskErrors && !api.keywordArg(server.call, 'mask_error_details')) {
      plan.add.push('mask_error_details=True');
      record(file, server.call, 'mask-errors', true, `\`mask_error_details=True\` added: ${rules.label} hid the text of unexpected tool errors from clients, FastMCP 4 sends it unless told not to`);
    }
    st.edits.add(api.rewriteArgs(text, server.call, plan));
    flag(file, server.call, 'behaviour', REVIEW_CODES.sdkBehaviour, 'info', rules.behaviour.message, rules.behaviour.suggestion);
  }

  // 8. Whole-module clean-ups in modules the migration touched.
  for (const st of states.values()) {
    if (!st.touched) continue;
    const root = st.mod.tree.rootNode;
    const file = st.mod.path;
    if (rules.camelCaseReads) {
      for (const node of walk(root)) {
        if (node.type !== 'attribute') continue;
        const attr = node.childForFieldName('attribute')!;
        const snake = CAMEL_TO_SNAKE[attr.text];
        const obj = node.childForFieldName('object')!;
        if (!snake || obj.text === 'self' || obj.text === 'cls') continue;
        st.edits.add({ start: attr.startIndex, end: attr.endIndex, text: snake });
        record(file, node, 'snake-case', true, `\`.${attr.text}\` is \`.${snake}\` on SDK v2 protocol types (FastMCP 4 builds on SDK v2)`);
      }
    }
    // McpError: SDK v2 has no mcp.shared.exceptions.McpError, and it takes code/message, not an ErrorData.
    const errorSink = {
      edit: (e: api.Edit | api.Edit[]) => st.edits.add(e),
      record: (node: SyntaxNode, message: string) => record(file, node, 'mcp-error', true, message),
      flag: (node: SyntaxNode, message: string, suggestion: string) => flag(file, node, 'mcp-error', REVIEW_CODES.fmMcpError, 'error', message, suggestion),
    };
    mcpErrorImports(st.mod.text, root, errorSink);
    mcpErrorCalls(st.mod.text, root, errorSink);
    // FastMCP 4's Context is not generic: `Context[ServerSession, None]` would raise at import.
    const ctxLocals = new Set([...st.roles].filter(([, r]) => r === 'context').map(([l]) => l));
    for (const g of contextSubscripts(root, ctxLocals)) {
      st.edits.add(g.edit);
      record(file, g.node, 'context-generic', true, CONTEXT_GENERIC_MESSAGE(g.node.text, 'FastMCP 4'));
    }
    // pydantic (under FastMCP 4) refuses typing.TypedDict in schemas before Python 3.12.
    for (const site of api.findImports(root, (m) => m === 'typing')) {
      const td = site.names.find((n) => n.name === 'TypedDict');
      if (!td || site.kind !== 'from') continue;
      st.edits.add(api.rewriteFromImport(st.mod.text, site, (n) => (n.name === 'TypedDict' ? { module: 'typing_extensions' } : undefined)));
      record(file, site.stmt, 'typeddict', true, '`TypedDict` comes from `typing_extensions`: FastMCP 4 (pydantic) rejects `typing.TypedDict` in schemas on Python < 3.12');
    }
    if (st.imports.length) {
      const point = api.importInsertionPoint(root);
      st.edits.add({ start: point.index, end: point.index, text: api.renderImports(point, st.imports, api.eolOf(st.mod.text)) });
      const anchor = root.descendantForIndex(Math.max(0, point.index - 1));
      record(file, anchor, 'import', true, `added ${st.imports.join('; ')}`);
    }
  }

  // Output files: only changed ones, and never one that would not parse.
  const outputs: OutputFile[] = [];
  for (const st of states.values()) {
    if (!st.edits.size) continue;
    const after = st.edits.apply(st.mod.text);
    if (after === st.mod.text) continue;
    const problems = checkPythonSyntax(after);
    if (problems.length) {
      review.push(unparsableOutputItem(st.mod.path, after, problems[0]!, 'migrated'));
      continue;
    }
    outputs.push({ path: st.mod.path, text: after, before: st.mod.text });
  }
  // The dependency pin: FastMCP 4 replaces the SDK requirement (it depends on SDK v2 itself).
  if ([...states.values()].some((st) => st.touched)) {
    const pins = swapPins(files, { from: 'mcp', to: 'fastmcp', version: FASTMCP4_VERSION }, rules.transform, `${rules.rule}.pin`);
    outputs.push(...pins.files);
    changes.push(...pins.changes);
  }
  outputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: outputs, changes, review, servers: [] };
}

/** Locals naming `mcp.types` (or `mcp_types`) modules, and names imported from them (local → imported). */
function mcpTypesLocals(root: SyntaxNode): { modules: Set<string>; names: Map<string, string> } {
  const modules = new Set<string>();
  const names = new Map<string, string>();
  for (const site of api.findImports(root, (m) => m === 'mcp.types' || m === 'mcp_types' || m === 'mcp')) {
    for (const n of site.names) {
      if (site.kind === 'import') {
        if (n.alias && (n.name === 'mcp.types' || n.name === 'mcp_types')) modules.add(n.alias);
        else if (n.name === 'mcp_types') modules.add('mcp_types');
      } else if (site.module === 'mcp') {
        if (n.name === 'types') modules.add(n.local);
      } else names.set(n.local, n.name);
    }
  }
  return { modules, names };
}

/** Names imported from `typing` (local names). */
function typingImports(root: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const site of api.findImports(root, (m) => m === 'typing')) for (const n of site.names) if (site.kind === 'from' && n.name === n.local) out.add(n.local);
  return out;
}

/** A cheap check for `applies`: does any Python file import the source package? */
export function importsPackage(files: ProjectFile[], pkg: string): boolean {
  const re = new RegExp(`^[ \\t]*(from[ \\t]+${pkg.replace(/\./g, '\\.')}(\\.[\\w.]+)?[ \\t]+import\\b|import[ \\t]+${pkg.replace(/\./g, '\\.')}\\b)`, 'm');
  return files.some((f) => f.path.endsWith('.py') && re.test(f.text));
}
