// FastMCP 2 → FastMCP 3, in place. The breaking changes of PrefectHQ/fastmcp
// docs/getting-started/upgrading/from-fastmcp-2.mdx, each checked against fastmcp 2.14.7
// (.venv/fastmcp2) and 3.4.11 (.venv/fastmcp3): constructor settings moved to run()/http_app(),
// on_duplicate_*, include/exclude_tags, tool_transformations, get_* listings renamed, async Context
// state, Message instead of PromptMessage (and no single-message or dict prompt results),
// decorators returning the function, `enabled=`, list-changed notifications, renamed settings.
import type { ProjectFile, TransformResult } from '../../core/types.js';
import type { PyModule } from '../../extract/python/project.js';
import { walk } from '../../extract/python/project.js';
import { REVIEW_CODES, reviewAt } from '../../extract/python/review.js';
import { pyString } from '../../emit/python/literal.js';
import type { SyntaxNode } from '../../parse/python.js';
import { FASTMCP3_VERSION } from '../pins.js';
import * as api from '../python-api.js';
import { awaitEdit, stringLiteralAt, insertAfterStatement, isAsyncFunction, isAwaited, Upgrade, type Component, type Hop } from './context.js';
import { backgroundTasks, openapiTimeout, removeImportedNames, sharedRules } from './shared.js';
import { componentSurfaces } from './surface.js';
import { constructors } from './v2-to-v3-constructor.js';
import { privateInternals } from './internals.js';

export const HOP_2_TO_3: Hop = { transform: 'fastmcp-2-to-3', rule: 'fastmcp3', from: 'FastMCP 2', to: 'FastMCP 3', version: FASTMCP3_VERSION };

// ---------------------------------------------------------------------------------------------
// Listings, Context, prompts, components

const LISTINGS: Record<string, string> = { get_tools: 'list_tools', get_resources: 'list_resources', get_prompts: 'list_prompts', get_resource_templates: 'list_resource_templates' };

function unparen(node: SyntaxNode): SyntaxNode {
  let cur = node;
  while (cur.parent?.type === 'parenthesized_expression') cur = cur.parent;
  return cur;
}

/** Edits that make a FastMCP 2 listing result (a dict) read as FastMCP 3's list, or undefined when it is used as a dict. */
function listingUses(awaited: SyntaxNode): api.Edit[] | undefined {
  const outer = unparen(awaited);
  const parent = outer.parent;
  const valuesCall = (obj: SyntaxNode): api.Edit[] | undefined => {
    const attr = obj.parent;
    if (attr?.type !== 'attribute' || attr.childForFieldName('object')?.id !== obj.id || attr.childForFieldName('attribute')?.text !== 'values') return undefined;
    const call = attr.parent;
    if (call?.type !== 'call' || call.childForFieldName('function')?.id !== attr.id || api.callArgs(call).length) return undefined;
    return [{ start: obj.endIndex, end: call.endIndex, text: '' }];
  };
  const isLen = (n: SyntaxNode) => n.parent?.type === 'argument_list' && n.parent.namedChildren.length === 1 && n.parent.parent?.childForFieldName('function')?.text === 'len';
  if (!parent) return undefined;
  if (isLen(outer)) return [];
  const values = valuesCall(outer);
  if (values) return values;
  if (parent.type === 'assignment' && parent.childForFieldName('right')?.id === outer.id) {
    const left = parent.childForFieldName('left');
    if (left?.type !== 'identifier') return undefined;
    const scope = api.enclosingFunction(parent)?.childForFieldName('body') ?? parent.tree.rootNode;
    const edits: api.Edit[] = [];
    for (const node of api.walkScope(scope)) {
      if (node.type !== 'identifier' || node.text !== left.text || node.id === left.id) continue;
      const p = node.parent!;
      if (p.type === 'attribute' && p.childForFieldName('attribute')?.id === node.id) continue;
      if (p.type === 'keyword_argument' && p.childForFieldName('name')?.id === node.id) continue;
      if (isLen(node)) continue;
      const v = valuesCall(node);
      if (!v) return undefined;
      edits.push(...v);
    }
    return edits;
  }
  return undefined;
}

function listings(up: Upgrade, mod: PyModule): void {
  for (const { call, receiver, method, attr } of up.serverMethodCalls(mod, new Set(Object.keys(LISTINGS)))) {
    const next = LISTINGS[method]!;
    up.edit(mod, { start: attr.startIndex, end: attr.endIndex, text: next });
    const awaited = call.parent?.type === 'await' ? call.parent : undefined;
    const edits = awaited ? listingUses(awaited) : undefined;
    if (edits) {
      up.edit(mod, edits);
      for (const e of edits) up.record(mod, mod.tree.rootNode.descendantForIndex(e.start), 'listing', true, '`.values()` dropped: FastMCP 3 listings are lists');
      up.record(mod, call, 'listing', true, `\`${receiver}.${method}()\` is \`${receiver}.${next}()\` in FastMCP 3 (a list of components; ${edits.length ? '`.values()` dropped' : 'the result was only counted'})`);
    } else {
      up.flag(mod, call, 'listing', REVIEW_CODES.fmListing, 'warning', `\`${receiver}.${method}()\` was renamed \`${next}()\` and returns a list in FastMCP 3, not a dict keyed by name; the result is used as a dict here`, `Index by name with \`next((c for c in await ${receiver}.${next}() if c.name == "..."), None)\`, or build \`{c.name: c for c in ...}\` where a dict is needed.`);
    }
  }
}

const LIST_CHANGED: Record<string, string> = {
  send_tool_list_changed: 'ToolListChangedNotification',
  send_resource_list_changed: 'ResourceListChangedNotification',
  send_prompt_list_changed: 'PromptListChangedNotification',
};

function contextRules(up: Upgrade, mod: PyModule): void {
  const componentFns = new Set(up.components.filter((c) => c.mod === mod).map((c) => c.fn.id));
  const members = new Set(['set_state', 'get_state', 'read_resource', ...Object.keys(LIST_CHANGED)]);
  for (const { attr, receiver, member, fn } of up.contextAccesses(mod, members)) {
    const call = api.callOfCallee(attr);
    if (!call) continue;
    if (member === 'set_state' || member === 'get_state') {
      if (isAwaited(call)) continue;
      if (isAsyncFunction(fn)) {
        up.edit(mod, awaitEdit(call));
        up.record(mod, call, 'state', true, `\`${receiver}.${member}(...)\` is a coroutine in FastMCP 3: awaited`);
      } else if (componentFns.has(fn.id)) {
        up.edit(mod, { start: fn.startIndex, end: fn.startIndex, text: 'async ' });
        up.edit(mod, awaitEdit(call));
        up.record(mod, call, 'state', true, `\`${receiver}.${member}(...)\` is a coroutine in FastMCP 3: awaited, and \`${fn.childForFieldName('name')!.text}\` became \`async def\``);
      } else {
        up.flag(mod, call, 'state', REVIEW_CODES.fmState, 'error', `\`${receiver}.${member}(...)\` is a coroutine in FastMCP 3, and \`${fn.childForFieldName('name')!.text}\` is a plain function`, `Make \`${fn.childForFieldName('name')!.text}\` async (and await it where it is called), then \`await ${receiver}.${member}(...)\`. State values must be JSON-serializable unless you pass \`serializable=False\`.`);
      }
      continue;
    }
    if (member === 'read_resource') {
      up.flag(mod, call, 'read-resource', REVIEW_CODES.fmRemovedApi, 'warning', `\`${receiver}.read_resource(uri)\` returns a \`ResourceResult\` in FastMCP 3 (FastMCP 2 returned the list of contents)`, `Read \`(await ${receiver}.read_resource(uri)).contents\`; each item has \`.content\` and \`.mime_type\`.`);
      continue;
    }
    const notification = LIST_CHANGED[member]!;
    const list = api.callArgList(call);
    if (!list || api.callArgs(call).length) continue;
    up.edit(mod, { start: attr.childForFieldName('attribute')!.startIndex, end: attr.childForFieldName('attribute')!.endIndex, text: 'send_notification' });
    up.edit(mod, { start: list.startIndex, end: list.endIndex, text: `(${notification}())` });
    up.addImport(mod, 'mcp.types', notification);
    up.record(mod, call, 'list-changed', true, `\`${receiver}.${member}()\` is \`${receiver}.send_notification(${notification}())\` in FastMCP 3`);
  }
}

/** Locals naming `mcp.types` PromptMessage / TextContent, and modules naming mcp.types. */
function promptNames(mod: PyModule): { promptMessage: Map<string, api.ImportSite>; textContent: Set<string>; typesModules: Set<string>; message?: string } {
  const promptMessage = new Map<string, api.ImportSite>();
  const textContent = new Set<string>();
  const typesModules = new Set<string>();
  let message: string | undefined;
  for (const site of api.findImports(mod.tree.rootNode, (m) => m === 'mcp.types' || m === 'mcp' || m === 'fastmcp.prompts' || m === 'fastmcp.prompts.prompt')) {
    for (const n of site.names) {
      if (site.kind === 'import') {
        if (n.name === 'mcp.types' && n.alias) typesModules.add(n.alias);
        continue;
      }
      if (site.module === 'mcp' && n.name === 'types') typesModules.add(n.local);
      if (n.name === 'PromptMessage') promptMessage.set(n.local, site);
      if (n.name === 'TextContent' && site.module === 'mcp.types') textContent.add(n.local);
      if (n.name === 'Message' && site.module.startsWith('fastmcp.prompts')) message = n.local;
    }
  }
  return { promptMessage, textContent, typesModules, message };
}

function calleeIs(call: SyntaxNode, locals: Set<string> | Map<string, unknown>, modules: Set<string>, name: string): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return locals.has(fn.text);
  if (fn?.type === 'attribute') return modules.has(fn.childForFieldName('object')!.text) && fn.childForFieldName('attribute')!.text === name;
  return false;
}

function prompts(up: Upgrade, mod: PyModule): void {
  const promptFns = up.components.filter((c) => c.mod === mod && c.kind === 'prompt');
  if (!promptFns.length) return;
  const text = mod.text;
  const names = promptNames(mod);
  const messageLocal = names.message ?? 'Message';
  let needMessage = false;
  const rewritten = new Set<number>();
  // `Message(...)` text for a PromptMessage call, or undefined when it cannot be read.
  const messageFor = (call: SyntaxNode): string | undefined => {
    const args = api.callArgs(call);
    const role = args.find((a) => a.name === 'role');
    const content = args.find((a) => a.name === 'content');
    if (!content || args.length !== (role ? 2 : 1) || args.some((a) => a.kind !== 'keyword')) return undefined;
    let body = content.value.text;
    if (content.value.type === 'call' && calleeIs(content.value, names.textContent, names.typesModules, 'TextContent')) {
      const targs = api.callArgs(content.value);
      const t = targs.find((a) => a.name === 'text');
      const type = targs.find((a) => a.name === 'type');
      if (t && targs.every((a) => a.kind === 'keyword' && (a.name === 'text' || a.name === 'type')) && (!type || api.stringLiteralValue(type.value) === 'text')) body = t.value.text;
    }
    const roleText = role && api.stringLiteralValue(role.value) !== 'user' ? `, role=${role.value.text}` : '';
    return `${messageLocal}(${body}${roleText})`;
  };
  const dictMessage = (dict: SyntaxNode): string | undefined => {
    const pairs = dict.namedChildren.filter((c) => c.type !== 'comment');
    if (!pairs.every((p) => p.type === 'pair')) return undefined;
    const entries = new Map(pairs.map((p) => [api.stringLiteralValue(p.childForFieldName('key')), p.childForFieldName('value')!]));
    const content = entries.get('content');
    const role = entries.get('role');
    if (!content || entries.size !== (role ? 2 : 1) || !['string', 'concatenated_string', 'binary_operator'].includes(content.type)) return undefined;
    if (content.type === 'binary_operator' && !content.namedChildren.every((c) => c.type === 'string' || c.type === 'identifier')) return undefined;
    const roleText = role && api.stringLiteralValue(role) !== 'user' ? `, role=${role.text}` : '';
    return `${messageLocal}(${content.text}${roleText})`;
  };
  const isMessageCall = (n: SyntaxNode) => n.type === 'call' && (calleeIs(n, names.promptMessage, names.typesModules, 'PromptMessage') || calleeIs(n, new Set([messageLocal]), new Set(), 'Message'));

  for (const c of promptFns) {
    const body = c.fn.childForFieldName('body')!;
    let dictsConverted = false;
    let wrapped = false;
    // PromptMessage(...) calls anywhere in the prompt.
    for (const node of api.walkScope(body)) {
      if (node.type !== 'call' || !calleeIs(node, names.promptMessage, names.typesModules, 'PromptMessage')) continue;
      const replacement = messageFor(node);
      if (!replacement) {
        up.flag(mod, node, 'prompt-message', REVIEW_CODES.fmPromptResult, 'warning', '`PromptMessage(...)` results are refused by FastMCP 3 prompts, and this one is not in a form the migration rewrites', `Build \`Message(content, role=...)\` (from fastmcp.prompts) instead.`);
        continue;
      }
      up.edit(mod, { start: node.startIndex, end: node.endIndex, text: replacement });
      rewritten.add(node.id);
      needMessage = true;
      up.record(mod, node, 'prompt-message', true, '`PromptMessage(role=..., content=TextContent(...))` is `Message(text, role=...)` (fastmcp.prompts) in FastMCP 3');
    }
    // Return values: dicts become Messages, a single message is wrapped in a list.
    for (const node of api.walkScope(body)) {
      if (node.type !== 'return_statement') continue;
      const value = node.namedChildren[0];
      if (!value) continue;
      const single = value.type === 'dictionary' || isMessageCall(value);
      const items = value.type === 'list' || value.type === 'tuple' ? value.namedChildren.filter((n) => n.type === 'dictionary') : value.type === 'dictionary' ? [value] : [];
      for (const d of items) {
        const m = dictMessage(d);
        if (!m) {
          up.flag(mod, d, 'prompt-dict', REVIEW_CODES.fmPromptResult, 'warning', 'FastMCP 3 prompts refuse dict messages, and this one is not a `{"role": ..., "content": "<text>"}` the migration rewrites', 'Return `Message(text, role=...)` objects (from fastmcp.prompts) or plain strings.');
          continue;
        }
        up.edit(mod, { start: d.startIndex, end: d.endIndex, text: m });
        needMessage = true;
        dictsConverted = true;
        up.record(mod, d, 'prompt-dict', true, '`{"role": ..., "content": ...}` is `Message(content, role=...)` in FastMCP 3 (dict messages are refused)');
      }
      if (single && (value.type !== 'dictionary' || dictMessage(value))) {
        up.edit(mod, [{ start: value.startIndex, end: value.startIndex, text: '[' }, { start: value.endIndex, end: value.endIndex, text: ']' }]);
        wrapped = true;
        up.record(mod, value, 'prompt-result', true, 'a single message is wrapped in a list: FastMCP 3 prompts return a string, a list of messages or a PromptResult');
      }
    }
    if (dictsConverted) {
      up.review.push(
        reviewAt(REVIEW_CODES.fmPromptResult, 'info', mod.path, c.fn.childForFieldName('name')!, `prompt \`${c.name}\` returned dict messages: FastMCP 2.14 sent each as JSON text in a user message, FastMCP 3 sends the message as written (text and role), so clients see different prompt text`, 'Nothing to change in the code; check clients that depended on the JSON text.'),
      );
    }
    // The return annotation follows the values.
    const ret = c.fn.childForFieldName('return_type');
    if (ret) {
      for (const id of walk(ret)) {
        if (id.type !== 'identifier' || !(names.promptMessage.has(id.text) || id.text === messageLocal)) continue;
        const inList = ret.text !== id.text;
        if (names.promptMessage.has(id.text)) {
          up.edit(mod, { start: id.startIndex, end: id.endIndex, text: wrapped && !inList ? `list[${messageLocal}]` : messageLocal });
          rewritten.add(id.id);
          needMessage = true;
          up.record(mod, id, 'prompt-message', true, `return annotation \`${id.text}\` → \`${wrapped && !inList ? `list[${messageLocal}]` : messageLocal}\``);
        } else if (wrapped && !inList) {
          up.edit(mod, { start: id.startIndex, end: id.endIndex, text: `list[${messageLocal}]` });
          up.record(mod, id, 'prompt-result', true, `return annotation \`${id.text}\` → \`list[${id.text}]\``);
        }
      }
    }
  }
  if (needMessage && !names.message) up.addImport(mod, 'fastmcp.prompts', 'Message');
  // A PromptMessage import nothing uses any more goes.
  for (const [local, site] of names.promptMessage) {
    const uses = api.identifierUses(mod.tree.rootNode, local).filter((u) => !rewritten.has(u.id) && !(u.parent?.type === 'call' && rewritten.has(u.parent.id)));
    if (uses.length) continue;
    const idx = site.names.findIndex((n) => n.local === local);
    up.edit(mod, removeImportedNames(text, site, new Set([idx])));
    up.record(mod, site.stmt, 'prompt-message', true, `\`${local}\` is no longer used: import removed`);
  }
}

/** Decorated components: `enabled=`, and the decorated name used as a component object. */
function components(up: Upgrade, mod: PyModule): void {
  const text = mod.text;
  for (const c of up.components.filter((x) => x.mod === mod)) {
    const kindSet = componentKind(c);
    const enabled = c.call ? api.keywordArg(c.call, 'enabled') : undefined;
    if (enabled) {
      if (enabled.value.type === 'true' || enabled.value.type === 'none') {
        up.edit(mod, api.rewriteArgs(text, c.call!, { remove: [enabled.node] }));
        up.record(mod, enabled.node, 'enabled', true, `\`${enabled.node.text}\` removed: FastMCP 3 decorators take no \`enabled=\` (components start enabled)`);
      } else if (enabled.value.type === 'false') {
        up.edit(mod, api.rewriteArgs(text, c.call!, { remove: [enabled.node] }));
        up.edit(mod, insertAfterStatement(text, c.definition, `${c.server}.disable(names={${pyString(c.name)}}, components={"${kindSet}"})`, true));
        up.record(mod, enabled.node, 'enabled', true, `\`enabled=False\` is \`${c.server}.disable(names={...}, components={"${kindSet}"})\` after the function in FastMCP 3`, c.definition);
      } else {
        up.flag(mod, enabled.node, 'enabled', REVIEW_CODES.fmComponentObject, 'warning', `\`${enabled.node.text}\`: FastMCP 3 decorators take no \`enabled=\``, `Remove it and call \`${c.server}.disable(names={${pyString(c.name)}}, components={"${kindSet}"})\` where the component must be off.`);
      }
    }
    // Module-level decorated functions were component objects in FastMCP 2; FastMCP 3 returns the function.
    if (c.definition.parent?.type !== 'module') continue;
    const fnName = c.fn.childForFieldName('name')!.text;
    for (const use of api.identifierUses(mod.tree.rootNode, fnName)) {
      const parent = use.parent!;
      if (parent.type === 'function_definition') continue;
      if (parent.type !== 'attribute' || parent.childForFieldName('object')?.id !== use.id) continue;
      const member = parent.childForFieldName('attribute')!.text;
      const call = api.callOfCallee(parent);
      if (member === 'fn') {
        up.edit(mod, { start: use.endIndex, end: parent.endIndex, text: '' });
        up.record(mod, parent, 'decorated-function', true, `\`${fnName}.fn\` is \`${fnName}\`: FastMCP 3 decorators return the function itself`);
      } else if (member === 'name' && !call && stringLiteralAt(parent, c.name) !== undefined) {
        up.edit(mod, { start: parent.startIndex, end: parent.endIndex, text: stringLiteralAt(parent, c.name)! });
        up.record(mod, parent, 'decorated-function', true, `\`${fnName}.name\` is the component name ${pyString(c.name)}: FastMCP 3 decorators return the function itself`);
      } else if ((member === 'enable' || member === 'disable') && call && !api.callArgs(call).length) {
        up.edit(mod, { start: call.startIndex, end: call.endIndex, text: `${c.server}.${member}(names={${pyString(c.name)}}, components={"${kindSet}"})` });
        up.record(mod, call, 'component-toggle', true, `\`${fnName}.${member}()\` is \`${c.server}.${member}(names=..., components=...)\` in FastMCP 3 (components no longer switch themselves)`);
      } else {
        up.flag(mod, parent, 'decorated-function', REVIEW_CODES.fmComponentObject, 'warning', `\`${parent.text}\` reads the decorated function as a FastMCP 2 component object; in FastMCP 3 \`@${c.server}.${c.kind}\` returns the plain function`, `Look the component up with \`await ${c.server}.get_${c.kind === 'resource' ? 'resource' : c.kind}(${pyString(c.kind === 'resource' ? '<uri>' : c.name)})\` (or set FASTMCP_DECORATOR_MODE=object for a while; it is deprecated).`);
      }
    }
  }
  // `.enable()` / `.disable()` on other component objects.
  for (const node of walk(mod.tree.rootNode)) {
    if (node.type !== 'call') continue;
    const m = api.methodOf(node);
    if (!m || (m.method !== 'enable' && m.method !== 'disable') || api.callArgs(node).length) continue;
    if (m.receiver.type === 'identifier' && (up.serverVars(mod).has(m.receiver.text) || up.components.some((c) => c.mod === mod && c.fn.childForFieldName('name')!.text === m.receiver.text))) continue;
    if (!/tool|resource|prompt|template|component/i.test(m.receiver.text)) continue;
    up.flag(mod, node, 'component-toggle', REVIEW_CODES.fmComponentObject, 'warning', `\`${node.text}\`: FastMCP 3 components cannot enable or disable themselves (it raises NotImplementedError)`, 'Call `server.enable(...)` / `server.disable(names={"<name>"}, components={"tool"})` on the server instead.');
  }
}

function componentKind(c: Component): string {
  if (c.kind !== 'resource') return c.kind;
  const uri = c.call ? api.stringLiteralValue(api.callArgs(c.call).find((a) => a.kind === 'positional' || a.name === 'uri')?.value) : undefined;
  return uri && uri.includes('{') ? 'template' : 'resource';
}

/** Renamed settings and metadata keys, WSTransport, auth providers, OpenAPI timeouts, `.settings`. */
function misc(up: Upgrade, mod: PyModule): void {
  const root = mod.tree.rootNode;
  const settingsLocals = new Set<string>();
  const fastmcpModules = up.fastmcpModule.get(mod.path) ?? new Set();
  const authLocals = new Set<string>();
  const wsLocals = new Set<string>();
  const openapiProviderLocals = new Set<string>();
  for (const site of api.findImports(root, (m) => m.startsWith('fastmcp'))) {
    for (const n of site.names) {
      if (site.kind !== 'from') continue;
      if (site.module === 'fastmcp' && n.name === 'settings') settingsLocals.add(n.local);
      if (site.module.startsWith('fastmcp.server.auth.providers')) authLocals.add(n.local);
      if (n.name === 'WSTransport') {
        wsLocals.add(n.local);
        up.flag(mod, n.node, 'ws-transport', REVIEW_CODES.fmRemovedApi, 'error', '`WSTransport` was removed in FastMCP 3', 'Use `StreamableHttpTransport("http://host:port/mcp")` (fastmcp.client.transports); the server must speak Streamable HTTP.');
      }
      if (n.name === 'OpenAPIProvider') openapiProviderLocals.add(n.local);
    }
  }
  const classes = up.serverClass.get(mod.path) ?? new Set();
  const vars = up.serverVars(mod);
  for (const node of walk(root)) {
    if (node.type === 'attribute') {
      const obj = node.childForFieldName('object')!;
      const attr = node.childForFieldName('attribute')!;
      const isSettings = (obj.type === 'identifier' && settingsLocals.has(obj.text)) || (obj.type === 'attribute' && fastmcpModules.has(obj.childForFieldName('object')!.text) && obj.childForFieldName('attribute')!.text === 'settings');
      if (isSettings && attr.text === 'show_cli_banner') {
        up.edit(mod, { start: attr.startIndex, end: attr.endIndex, text: 'show_server_banner' });
        up.record(mod, node, 'banner', true, '`settings.show_cli_banner` is `settings.show_server_banner` in FastMCP 3');
      } else if (obj.type === 'identifier' && vars.has(obj.text) && attr.text === 'settings' && node.parent?.type !== 'call') {
        up.flag(mod, node, 'server-settings', REVIEW_CODES.fmRemovedApi, 'warning', `\`${node.text}\`: FastMCP 3 servers have no \`.settings\``, 'Read the global `fastmcp.settings`, or keep the values you pass to run()/http_app() in your own variables.');
      }
      continue;
    }
    if (node.type === 'string') {
      const v = api.stringLiteralValue(node);
      const replacement = v === 'FASTMCP_SHOW_CLI_BANNER' ? 'FASTMCP_SHOW_SERVER_BANNER' : v === '_fastmcp' ? 'fastmcp' : undefined;
      if (!replacement) continue;
      up.edit(mod, api.replaceStringContent(node, replacement));
      up.record(mod, node, replacement === 'fastmcp' ? 'meta-namespace' : 'banner', true, replacement === 'fastmcp' ? 'the FastMCP metadata key is `fastmcp` (was `_fastmcp`) in FastMCP 3' : '`FASTMCP_SHOW_CLI_BANNER` is `FASTMCP_SHOW_SERVER_BANNER` in FastMCP 3');
      continue;
    }
    if (node.type !== 'call') continue;
    const fn = node.childForFieldName('function')!;
    if (fn.type === 'identifier' && wsLocals.has(fn.text)) {
      up.flag(mod, node, 'ws-transport', REVIEW_CODES.fmRemovedApi, 'error', `\`${fn.text}(...)\`: WebSocket client transports are gone in FastMCP 3`, 'Connect with `StreamableHttpTransport(url)` to the server\'s HTTP endpoint instead.');
    }
    if (fn.type === 'identifier' && authLocals.has(fn.text)) {
      const args = api.callArgs(node);
      const oauth = /Provider$/.test(fn.text);
      if (!args.length || (oauth && !args.some((a) => a.kind === 'dstar' || a.name === 'client_id'))) {
        up.flag(mod, node, 'auth-env', REVIEW_CODES.fmAuthEnv, 'error', `\`${node.text.split('\n')[0]}\`: FastMCP 3 auth providers no longer read their settings from FASTMCP_SERVER_AUTH_* environment variables`, 'Pass the values explicitly, e.g. `client_id=os.environ["GITHUB_CLIENT_ID"], client_secret=os.environ["GITHUB_CLIENT_SECRET"], base_url=...`.');
      }
    }
    const isOpenapi =
      (fn.type === 'identifier' && openapiProviderLocals.has(fn.text)) ||
      (fn.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'from_openapi' && classes.has(fn.childForFieldName('object')!.text));
    if (isOpenapi) {
      const timeout = api.keywordArg(node, 'timeout');
      if (timeout) openapiTimeout(up, mod, node, timeout);
    }
  }
}

// ---------------------------------------------------------------------------------------------

export function upgradeFastmcp2to3(files: ProjectFile[]): TransformResult {
  const up = new Upgrade(files, HOP_2_TO_3);
  for (const mod of up.fastmcpModules) {
    sharedRules(up, mod);
    constructors(up, mod);
    listings(up, mod);
    contextRules(up, mod);
    prompts(up, mod);
    components(up, mod);
    componentSurfaces(up, mod, 'fastmcp2');
    privateInternals(up, mod);
    backgroundTasks(up, mod);
    misc(up, mod);
  }
  return up.finish();
}
