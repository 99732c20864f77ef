// The rewrite core shared by the two "SDK high-level server → FastMCP 4" transforms: FastMCP 1.0
// bundled in SDK v1 (`mcp.server.fastmcp`) and SDK v2's `MCPServer` (`mcp.server.mcpserver`).
// Both are the same lineage, so one engine walks the project and a rule table per source says
// what moved where. Every edit is by byte range (python-api.ts); every breaking change found is a
// ChangeRecord, and every one a human must finish is also a review item. Parts: sdk-server/rules.ts
// (rule-table types, where transport settings go), sdk-server/state.ts, sdk-server/prompts.ts,
// sdk-server/context.ts; the surface clients see (descriptions, output schemas, parameter types,
// URIs, McpError, Context generics) is kept by ./surface/, shared with the FastMCP upgrades.
import type { ChangeRecord, OutputFile, ProjectFile, TransformResult } from '../core/types.js';
import { loadPythonProject, resolveImport, walk, type PyModule } from '../extract/python/project.js';
import { REVIEW_CODES, reviewAt, unparsableInputItem, unparsableOutputItem } from '../extract/python/review.js';
import type { ReviewItem, Severity } from '../model/index.js';
import { checkPythonSyntax, type SyntaxNode } from '../parse/python.js';
import { FASTMCP4_VERSION, swapPins } from './pins.js';
import * as api from './python-api.js';
import { CONTEXT_GENERIC_MESSAGE, contextSubscripts } from './surface/context-generic.js';
import { mcpErrorCalls, mcpErrorImports } from './surface/mcp-error.js';
import { internalRemoval } from './fastmcp-upgrade/internals.js';
import { managerRead } from './fastmcp-upgrade/internals-reads.js';
import { settingsRebuildOnly } from './sdk-server/settings-rebuild.js';
import { componentSurface, decoratorEdits, inspectImported, sdkWrapMarked, wrapMarkerNote, type SurfaceSink } from './surface/component.js';
import { contextRules } from './sdk-server/context.js';
import { messageHelpers, rewritePromptMessages } from './sdk-server/prompts.js';
import { destination, SETTING_SET, type SdkRules, type Setting, type TargetKind } from './sdk-server/rules.js';
import { CAMEL_TO_SNAKE, isLiteral, isPlainResult, typingImports, type ModuleState, type Run, type ServerInfo, type SettingValue } from './sdk-server/state.js';

export * from './sdk-server/rules.js';


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

  const run: Run = { rules, record, flag };
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
        const rebuildOnly = 'review' in rule && n.name === 'Settings' ? settingsRebuildOnly(mod.text, mod.tree.rootNode, site, n.local) : undefined;
        if (rebuildOnly) {
          st.edits.add(rebuildOnly);
          record(mod.path, site.stmt, 'import', true, `\`${site.stmt.text}\` and its \`${n.local}.model_rebuild()\` calls were removed: they worked around an SDK 1.x forward reference that FastMCP 4 does not have`);
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
    } else if (call && (method === 'remove_tool' || method === 'remove_prompt')) {
      // FastMCP 4 servers have no remove_*: an AttributeError a `try` may swallow, leaving the component exposed.
      const name = attr.childForFieldName('attribute')!;
      st.edits.add({ start: name.startIndex, end: name.startIndex, text: 'local_provider.' });
      record(file, call, 'remove-component', true, `\`${attr.text}(...)\` is \`${attr.childForFieldName('object')!.text}.local_provider.${method}(...)\` in FastMCP 4 (a missing ${method === 'remove_tool' ? 'tool' : 'prompt'} raises KeyError)`);
    } else if (/^_(tool_manager|resource_manager|prompt_manager)$/.test(method) && internalRemoval(attr, attr.childForFieldName('object')!.text)) {
      const r = internalRemoval(attr, attr.childForFieldName('object')!.text)!;
      st.edits.add({ start: r.stmt.startIndex, end: r.stmt.endIndex, text: r.text });
      record(file, r.stmt, 'private-internals', true, `\`${r.stmt.text.split('\n')[0]}\` reaches into ${rules.label}'s private ${method}, which FastMCP 4 does not have: \`${r.text}\` is the public equivalent`);
    } else if (/^_(tool_manager|prompt_manager)$/.test(method) && managerRead(attr, attr.childForFieldName('object')!.text)) {
      const r = managerRead(attr, attr.childForFieldName('object')!.text)!;
      st.edits.add({ start: r.start, end: r.end, text: r.text });
      if (r.private) flag(file, attr, 'server-object', REVIEW_CODES.sdkServerObject, 'warning', `\`${attr.text}\` reached into ${rules.label} internals that FastMCP 4 does not have: ${r.message}, a private FastMCP 4 attribute, and its items are FastMCP 4 components`, 'Prefer the public API (`await mcp.list_tools()`, `await mcp.get_tool(name)`), and check how the items are used.');
      else record(file, attr, 'private-internals', true, r.message);
    } else if (/^_(mcp_server|tool_manager|resource_manager|prompt_manager)$/.test(method)) {
      flag(file, attr, 'server-object', REVIEW_CODES.sdkServerObject, 'warning', `\`${attr.text}\` reaches into ${rules.label} internals that FastMCP 4 does not have`, 'Use the public FastMCP 4 API (`mcp.add_tool`, `mcp.list_tools`, middleware, ...) instead.');
    } else if (call && (method === 'add_resource' || method === 'add_prompt')) {
      flag(file, call, 'server-object', REVIEW_CODES.sdkServerObject, 'warning', `\`${method}()\` takes FastMCP 4 component objects (or plain functions), not ${rules.label} ones`, `Register the function with \`@mcp.${method === 'add_resource' ? 'resource(uri)' : 'prompt'}\` or build the object with \`fastmcp.${method === 'add_resource' ? 'resources' : 'prompts'}\` classes.`);
    } else if (call && ['call_tool', 'list_tools', 'read_resource', 'get_prompt', 'list_resources', 'list_prompts', 'list_resource_templates', 'get_context'].includes(method)) {
      flag(file, call, 'server-object', REVIEW_CODES.sdkServerObject, 'info', `\`${method}()\` returns FastMCP 4 objects (components, ToolResult, ResourceResult), not the protocol values ${rules.label} returned`, method === 'get_context' ? 'Use `from fastmcp.server.dependencies import get_context` or take a `ctx: Context` parameter.' : 'Check how the result is used; in tests prefer `fastmcp.Client(mcp)`.');
    } else if (call && method === 'add_tool') {
      const args = api.callArgs(call);
      // The SDK advertised `description or fn.__doc__ or ""` as written; FastMCP 4 would parse the docstring.
      const fnArg = args.find((a) => a.kind === 'positional' && a.position === 0);
      const described = args.some((a) => (a.kind === 'keyword' && a.name === 'description') || (a.kind === 'positional' && a.position === 3) || a.kind === 'dstar');
      const docDescription = fnArg && !described && ['identifier', 'attribute'].includes(fnArg.value.type) ? `description=${fnArg.value.text}.__doc__ or ""` : undefined;
      if (args.length > 1 || docDescription) {
        const plan = decoratorArgPlan(st, call, 'tool', 1, 1);
        if (docDescription) plan.add = [...(plan.add ?? []), docDescription];
        st.edits.add({ start: attr.childForFieldName('attribute')!.startIndex, end: attr.childForFieldName('attribute')!.endIndex, text: 'tool' });
        st.edits.add(api.rewriteArgs(text, call, plan));
        record(
          file,
          call,
          'add-tool',
          true,
          `\`add_tool(fn${args.length > 1 ? ', ...' : ''})\` is \`tool(fn, ...)\` in FastMCP 4 (add_tool takes only the function)${docDescription ? '; `description=fn.__doc__ or ""` keeps the docstring as the SDK advertised it (FastMCP 4 would parse it)' : ''}`,
        );
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
    const marked: string[] = [];
    let firstMarked: SyntaxNode | undefined;
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
      if (sdkWrapMarked({ kind: d.method as 'tool', decorator: d.decorator, call: d.call, fn: d.fn, name: fnName }, surface)) {
        marked.push(fnName);
        firstMarked ??= d.decorator;
      }
      const returns = d.fn.childForFieldName('return_type');
      if ((d.method === 'tool' || d.method === 'resource') && !isPlainResult(returns, d.method)) {
        flag(
          file,
          returns!,
          'result-text',
          REVIEW_CODES.sdkResultText,
          'info',
          d.method === 'tool'
            ? `tool \`${fnName}\` returns \`${returns!.text}\`: FastMCP 4 sends it as one compact JSON text block (FastMCP 1.0 lineage servers indented it, and split lists into one block per item); ${returns!.text.replace(/\s+/g, '') === 'dict' ? 'FastMCP 4 also sends the dict as structuredContent, where the original sent the text only' : 'structured content is unchanged'}`
            : `resource \`${fnName}\` returns \`${returns!.text}\`: FastMCP 4 serialises it as compact JSON where ${rules.label} indented it`,
          'Nothing to do unless a client parses the text block; return a `str` you format yourself to keep the old text exactly.',
        );
      }
      if (d.method === 'prompt') {
        rewritePromptMessages(run, st, d.fn, fnName);
        const ctxTypes = new Set([...st.roles].filter(([, r]) => r === 'context').map(([l]) => l));
        for (const p of api.parametersOf(d.fn)) {
          if (!p.annotation || p.annotation.text === 'str' || api.annotationNames(p.annotation, ctxTypes)) continue;
          flag(file, p.node, 'prompt-argument', REVIEW_CODES.sdkPromptArgument, 'info', `prompt \`${fnName}\` argument \`${p.name}: ${p.annotation.text}\`: FastMCP 4 appends "Provide a value matching the following JSON schema: ... Encode non-string values as JSON." to the description of every non-string prompt argument`, 'Nothing to change unless clients rely on the argument description; annotate it `str` and convert inside the prompt to keep the old description.');
        }
      }
    }
    if (firstMarked) wrapMarkerNote(surfaceSink(st), firstMarked, marked, 'FastMCP 4');
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

  // 5. Message helpers (UserMessage / AssistantMessage) and the prompts `base` module.
  messageHelpers(run, states.values());

  // 6. Context: methods and properties that changed.
  contextRules(run, states.values());

  // 7. Constructors: settings out, options renamed, the rest reported.
  for (const server of servers) {
    const st = states.get(server.mod.path)!;
    const file = server.mod.path;
    const text = server.mod.text;
    const plan: api.ArgPlan & { remove: SyntaxNode[]; add: string[]; toKeyword: Map<SyntaxNode, string> } = { remove: [], add: [], toKeyword: new Map() };
    const duplicates: api.ArgInfo[] = [];
    for (const a of api.callArgs(server.call)) {
      const splatted = a.kind === 'dstar' ? (a.node.namedChildren[0]?.text ?? '') : '';
      if (a.kind === 'dstar' && /^[A-Za-z_][\w.]*$/.test(splatted)) {
        // Options known only at run time: the ones FastMCP 4 rejects are filtered out there, so the server starts.
        const rejected = Object.entries(rules.ctorArgs).filter(([, r]) => !['keep', 'review'].includes(r.kind)).map(([n]) => n);
        plan.replaceValue ??= new Map();
        plan.replaceValue.set(a.node, `**{k: v for k, v in ${splatted}.items() if k not in (${rejected.map((n) => JSON.stringify(n)).join(', ')})}`);
        flag(file, a.node, 'constructor-arg', REVIEW_CODES.sdkConstructorArg, 'warning', `\`${a.node.text}\` passes options the migration cannot see: the ones FastMCP 4 does not take in the constructor (${rejected.join(', ')}) are now left out at run time`, 'Pass transport settings (host, port, paths, ...) to `mcp.run(...)` / `mcp.http_app(...)` where the server starts, and check the other options against the FastMCP 4 constructor.');
        continue;
      }
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
    review.push(...pins.review);
  }
  outputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: outputs, changes, review, servers: [] };
}

/** A cheap check for `applies`: does any Python file import the source package? */
export function importsPackage(files: ProjectFile[], pkg: string): boolean {
  const re = new RegExp(`^[ \\t]*(from[ \\t]+${pkg.replace(/\./g, '\\.')}(\\.[\\w.]+)?[ \\t]+import\\b|import[ \\t]+${pkg.replace(/\./g, '\\.')}\\b)`, 'm');
  return files.some((f) => f.path.endsWith('.py') && re.test(f.text));
}
