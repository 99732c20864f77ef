// Rules both hops apply: APIs FastMCP 3 deprecated and FastMCP 4 removed. A FastMCP 2 project
// gets them on the 2 → 3 hop (they work there and are already the FastMCP 3 spelling); a project
// written for FastMCP 3 gets them on the 3 → 4 hop. Checked against fastmcp 2.14.7, 3.4.11 and
// 4.2.3 (.venv/fastmcp{2,3,4}) and PrefectHQ/fastmcp docs/getting-started/upgrading/from-fastmcp-2.mdx.
import type { PyModule } from '../../extract/python/project.js';
import { REVIEW_CODES, reviewAt } from '../../extract/python/review.js';
import { lineStartOf } from '../../extract/python/text.js';
import type { SyntaxNode } from '../../parse/python.js';
import * as api from '../python-api.js';
import { CONTEXT_GENERIC_MESSAGE, contextSubscripts } from '../surface/context-generic.js';
import type { Upgrade } from './context.js';

/** Old module → its FastMCP 3/4 home, with the names the new home exports. */
const MODULE_MOVES: Record<string, { to: string; names: Set<string> }> = {
  'fastmcp.prompts.prompt': { to: 'fastmcp.prompts', names: new Set(['FunctionPrompt', 'Message', 'Prompt', 'PromptArgument', 'PromptMessage', 'PromptResult', 'prompt']) },
  'fastmcp.tools.tool': { to: 'fastmcp.tools', names: new Set(['FunctionTool', 'Tool', 'ToolResult', 'tool']) },
  'fastmcp.resources.resource': { to: 'fastmcp.resources', names: new Set(['Resource', 'FunctionResource', 'ResourceContent', 'ResourceResult', 'ResourceTemplate', 'TextResource', 'BinaryResource', 'FileResource', 'HttpResource', 'DirectoryResource', 'resource']) },
  'fastmcp.server.proxy': {
    to: 'fastmcp.server.providers.proxy',
    names: new Set(['ClientFactoryT', 'FastMCPProxy', 'ProxyClient', 'ProxyPrompt', 'ProxyProvider', 'ProxyResource', 'ProxyTemplate', 'ProxyTool', 'StatefulProxyClient']),
  },
  'fastmcp.server.openapi': {
    to: 'fastmcp.server.providers.openapi',
    names: new Set(['ComponentFn', 'MCPType', 'OpenAPIProvider', 'OpenAPIResource', 'OpenAPIResourceTemplate', 'OpenAPITool', 'RouteMap', 'RouteMapFn']),
  },
  'fastmcp.server.tasks': { to: 'fastmcp.utilities.tasks', names: new Set(['TaskConfig']) },
  'fastmcp.server.tasks.config': { to: 'fastmcp.utilities.tasks', names: new Set(['TaskConfig']) },
};

/** Edits that remove some names of a from-import (the whole statement when none is left). */
export function removeImportedNames(text: string, site: api.ImportSite, remove: Set<number>): api.Edit[] {
  if (!remove.size) return [];
  if (remove.size === site.names.length) {
    const start = lineStartOf(text, site.stmt.startIndex);
    const alone = text.slice(start, site.stmt.startIndex).trim() === '';
    let end = site.stmt.endIndex;
    if (alone) {
      while (text[end] === ' ' || text[end] === '\t') end++;
      if (text[end] === '\r') end++;
      if (text[end] === '\n') end++;
      return [{ start, end, text: '' }];
    }
    return [{ start: site.stmt.startIndex, end: site.stmt.endIndex, text: 'pass' }];
  }
  return api.listItemEdits(text, site.stmt, site.names.map((n) => n.node), remove);
}

/** Import moves: modules FastMCP 3 re-homed (and FastMCP 4 removed). */
function importMoves(up: Upgrade, mod: PyModule): void {
  const text = mod.text;
  const fastmcpBound = api.importsName(mod.tree.rootNode, 'fastmcp', 'FastMCP');
  for (const site of api.findImports(mod.tree.rootNode, (m) => m in MODULE_MOVES)) {
    const move = MODULE_MOVES[site.module]!;
    if (site.kind === 'import' || site.wildcard) {
      up.flag(mod, site.stmt, 'import-move', REVIEW_CODES.fmRemovedApi, 'error', `\`${site.stmt.text}\` imports a module that moved to \`${move.to}\` (${up.hop.to} has no \`${site.module}\`)`, `Import the names you use from \`${move.to}\` instead.`);
      continue;
    }
    const moved: string[] = [];
    const remove = new Set<number>();
    const edits = api.rewriteFromImport(text, site, (n) => {
      if (n.name === 'FastMCPOpenAPI' && site.module === 'fastmcp.server.openapi') return undefined;
      return move.names.has(n.name) ? { module: move.to } : undefined;
    });
    site.names.forEach((n, i) => {
      if (n.name === 'FastMCPOpenAPI' && site.module === 'fastmcp.server.openapi') {
        fastmcpOpenapi(up, mod, n, fastmcpBound);
        remove.add(i);
      } else if (move.names.has(n.name)) moved.push(n.name);
      else up.flag(mod, n.node, 'import-move', REVIEW_CODES.fmRemovedApi, 'error', `\`${n.name}\` from \`${site.module}\`: that module is gone in ${up.hop.to} and \`${move.to}\` does not export \`${n.name}\``, `Find \`${n.name}\`'s new home in the FastMCP docs (https://gofastmcp.com) or stop depending on it.`);
    });
    if (remove.size) {
      // FastMCPOpenAPI leaves the list; whatever else the statement imports moves with it.
      const left = site.names.filter((_, i) => !remove.has(i));
      if (!left.length) {
        up.edit(mod, removeImportedNames(text, site, remove));
      } else {
        up.edit(mod, removeImportedNames(text, site, remove));
        if (left.every((n) => move.names.has(n.name)) && site.moduleNode) up.edit(mod, { start: site.moduleNode.startIndex, end: site.moduleNode.endIndex, text: move.to });
      }
    } else up.edit(mod, edits);
    if (moved.length) up.record(mod, site.stmt, 'import-move', true, `\`${site.module}\` is \`${move.to}\` in ${up.hop.to}: ${moved.join(', ')}`);
  }
}

/** `FastMCPOpenAPI(spec, client, ...)` → `FastMCP.from_openapi(spec, client, ...)`. */
function fastmcpOpenapi(up: Upgrade, mod: PyModule, site: api.ImportedNameSite, fastmcpBound: boolean): void {
  const local = site.local;
  if (!fastmcpBound) up.addImport(mod, 'fastmcp', 'FastMCP');
  for (const use of api.identifierUses(mod.tree.rootNode, local)) {
    const parent = use.parent!;
    const isCallee = parent.type === 'call' && parent.childForFieldName('function')?.id === use.id;
    up.edit(mod, { start: use.startIndex, end: use.endIndex, text: isCallee ? 'FastMCP.from_openapi' : 'FastMCP' });
    if (isCallee) {
      up.record(mod, parent, 'openapi', true, `\`${local}(...)\` is \`FastMCP.from_openapi(...)\` in ${up.hop.to} (FastMCPOpenAPI was deprecated in FastMCP 3 and removed in FastMCP 4)`);
      const timeout = api.keywordArg(parent, 'timeout');
      if (timeout) openapiTimeout(up, mod, parent, timeout);
    } else up.record(mod, use, 'openapi', true, `\`${local}\` is \`FastMCP\` in ${up.hop.to}`);
  }
  up.record(mod, site.node, 'import-move', true, `\`FastMCPOpenAPI\` import replaced by \`FastMCP\` (servers come from \`FastMCP.from_openapi\`)`);
}

export function openapiTimeout(up: Upgrade, mod: PyModule, call: SyntaxNode, timeout: api.ArgInfo): void {
  up.edit(mod, api.rewriteArgs(mod.text, call, { remove: [timeout.node] }));
  up.flag(mod, timeout.node, 'openapi-timeout', REVIEW_CODES.fmRemovedApi, 'warning', `\`${timeout.node.text}\` was removed: FastMCP 3 takes no OpenAPI timeout of its own`, `Set the timeout on the httpx client you pass in: \`httpx.AsyncClient(base_url=..., timeout=${timeout.value.text})\`.`);
}

/** Server methods FastMCP 3 deprecated and FastMCP 4 removed. */
function serverMethods(up: Upgrade, mod: PyModule): void {
  const text = mod.text;
  const methods = new Set(['mount', 'import_server', 'add_tool_transformation', 'remove_tool_transformation', 'remove_tool']);
  for (const { call, receiver, method, attr } of up.serverMethodCalls(mod, methods)) {
    const args = api.callArgs(call);
    if (method === 'remove_tool') {
      // FastMCP 3 deprecated it, FastMCP 4 removed it: an AttributeError a `try` may swallow, leaving the tool exposed.
      up.edit(mod, { start: attr.startIndex, end: attr.startIndex, text: 'local_provider.' });
      up.record(mod, call, 'remove-tool', true, `\`${receiver}.remove_tool(...)\` is \`${receiver}.local_provider.remove_tool(...)\` (removed from the server in FastMCP 4; a missing tool raises KeyError)`);
      continue;
    }
    if (args.some((a) => a.kind === 'star' || a.kind === 'dstar')) {
      up.flag(mod, call, method, REVIEW_CODES.fmDeprecatedApi, 'warning', `\`${receiver}.${method}(...)\` passes arguments the migration cannot see`, 'Check them against the FastMCP 4 signature: mount(server, namespace=None, tool_names=None).');
      continue;
    }
    if (method === 'mount') {
      const plan: api.ArgPlan = { remove: [], renameKeyword: new Map(), replaceValue: new Map() };
      const notes: string[] = [];
      const prefix = args.find((a) => a.kind === 'keyword' && a.name === 'prefix');
      if (prefix) {
        plan.renameKeyword!.set(prefix.node, 'namespace');
        notes.push('`prefix=` is `namespace=`');
      }
      const asProxy = args.find((a) => a.kind === 'keyword' && a.name === 'as_proxy');
      const positional = args.filter((a) => a.kind === 'positional');
      if (positional.length > 2) {
        up.flag(mod, positional[2]!.node, 'mount', REVIEW_CODES.fmDeprecatedApi, 'warning', `the third positional argument of \`${receiver}.mount\` was \`as_proxy\`; FastMCP 4 takes \`tool_names\` there`, 'Pass it by keyword: mount(server, namespace, tool_names=...); wrap the server with create_proxy(...) instead of as_proxy=True.');
      }
      if (asProxy) {
        if (asProxy.value.type === 'false' || asProxy.value.type === 'none') {
          (plan.remove as SyntaxNode[]).push(asProxy.node);
          notes.push(`\`${asProxy.node.text}\` removed (the default)`);
        } else if (asProxy.value.type === 'true' && positional[0]) {
          (plan.remove as SyntaxNode[]).push(asProxy.node);
          plan.replaceValue!.set(positional[0].node, `create_proxy(${positional[0].node.text})`);
          up.addImport(mod, 'fastmcp.server', 'create_proxy');
          notes.push('`as_proxy=True` is `create_proxy(server)`');
        } else {
          up.flag(mod, asProxy.node, 'mount', REVIEW_CODES.fmDeprecatedApi, 'warning', `\`${asProxy.node.text}\`: FastMCP 4's mount() has no as_proxy`, 'Mount `create_proxy(server)` (from fastmcp.server) where a proxy is wanted, the server itself otherwise.');
        }
      }
      if (prefix && up.hop.rule === 'fastmcp3') namespaceNote(up, mod, call, receiver);
      if (!notes.length) continue;
      up.edit(mod, api.rewriteArgs(text, call, plan));
      up.record(mod, call, 'mount', true, `\`${receiver}.mount(...)\`: ${notes.join('; ')}`);
      continue;
    }
    if (method === 'import_server') {
      const awaited = call.parent?.type === 'await' ? call.parent : undefined;
      if (!awaited) {
        up.flag(mod, call, 'import-server', REVIEW_CODES.fmDeprecatedApi, 'warning', `\`${receiver}.import_server(...)\` is not awaited in place; FastMCP 4 removed it`, `Replace it with \`${receiver}.mount(server, namespace=...)\` (a plain call, not awaited).`);
        continue;
      }
      const prefix = args.find((a) => a.kind === 'keyword' && a.name === 'prefix');
      const plan: api.ArgPlan = prefix ? { renameKeyword: new Map([[prefix.node, 'namespace']]) } : {};
      const m = api.methodOf(call)!;
      up.edit(mod, { start: awaited.startIndex, end: call.startIndex, text: '' });
      up.edit(mod, { start: m.attr.startIndex, end: m.attr.endIndex, text: 'mount' });
      up.edit(mod, api.rewriteArgs(text, call, plan));
      up.record(mod, awaited, 'import-server', true, `\`await ${receiver}.import_server(...)\` is \`${receiver}.mount(...)\` (a live link instead of a one-time copy; the mounted server's lifespan now runs)`);
      continue;
    }
    if (method === 'add_tool_transformation') {
      const name = args.find((a) => (a.kind === 'positional' && a.position === 0) || a.name === 'tool_name');
      const config = args.find((a) => (a.kind === 'positional' && a.position === 1) || a.name === 'transformation');
      if (!name || !config || args.length !== 2) {
        up.flag(mod, call, 'tool-transformation', REVIEW_CODES.fmDeprecatedApi, 'warning', `\`${receiver}.add_tool_transformation(...)\` was removed in FastMCP 4`, `Use \`${receiver}.add_transform(ToolTransform({name: config}))\` (ToolTransform from fastmcp.server.transforms).`);
        continue;
      }
      const list = api.callArgList(call)!;
      const comma = list.children.find((c) => c.type === ',' && c.startIndex >= name.node.endIndex && c.endIndex <= config.node.startIndex);
      if (!comma || name.kind !== 'positional' || config.kind !== 'positional') {
        up.flag(mod, call, 'tool-transformation', REVIEW_CODES.fmDeprecatedApi, 'warning', `\`${receiver}.add_tool_transformation(...)\` was removed in FastMCP 4`, `Use \`${receiver}.add_transform(ToolTransform({name: config}))\` (ToolTransform from fastmcp.server.transforms).`);
        continue;
      }
      // Edits around the arguments, so comments between them stay where they are.
      up.edit(mod, { start: api.methodOf(call)!.attr.startIndex, end: api.methodOf(call)!.attr.endIndex, text: 'add_transform' });
      up.edit(mod, { start: name.node.startIndex, end: name.node.startIndex, text: 'ToolTransform({' });
      up.edit(mod, { start: comma.startIndex, end: comma.endIndex, text: ':' });
      up.edit(mod, { start: config.node.endIndex, end: config.node.endIndex, text: '})' });
      up.addImport(mod, 'fastmcp.server.transforms', 'ToolTransform');
      up.record(mod, call, 'tool-transformation', true, `\`${receiver}.add_tool_transformation(name, config)\` is \`${receiver}.add_transform(ToolTransform({name: config}))\``);
      continue;
    }
    if (method === 'remove_tool_transformation') {
      up.flag(mod, call, 'tool-transformation', REVIEW_CODES.fmDeprecatedApi, 'warning', `\`${receiver}.remove_tool_transformation(...)\` does nothing in FastMCP 3 and is gone in FastMCP 4`, 'Do not add the ToolTransform in the first place, or hide the tool with `server.disable(names={...})`.');
    }
  }
  // FastMCP.as_proxy(backend, ...) → create_proxy(backend, ...)
  const classes = up.serverClass.get(mod.path) ?? new Set();
  for (const call of allCalls(mod)) {
    const m = api.methodOf(call);
    if (!m || m.method !== 'as_proxy' || m.receiver.type !== 'identifier' || !classes.has(m.receiver.text)) continue;
    up.edit(mod, { start: m.receiver.startIndex, end: m.attr.endIndex, text: 'create_proxy' });
    up.addImport(mod, 'fastmcp.server', 'create_proxy');
    up.record(mod, call, 'as-proxy', true, `\`${m.receiver.text}.as_proxy(...)\` is \`create_proxy(...)\` (from fastmcp.server)`);
  }
}

/** FastMCP 2 prefixed the names of mounted resources too; FastMCP 3 namespaces their URIs only. */
function namespaceNote(up: Upgrade, mod: PyModule, call: SyntaxNode, receiver: string): void {
  up.review.push(
    reviewAt(REVIEW_CODES.fmDeprecatedApi, 'info', mod.path, call, `\`${receiver}.mount(..., namespace=...)\`: FastMCP 3 prefixes tool and prompt names and resource URIs as FastMCP 2 did, but no longer the names of resources and templates`, 'Nothing to change unless a client looks resources up by name; URIs are unchanged.'),
  );
}

function allCalls(mod: PyModule): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode) => {
    if (n.type === 'call') out.push(n);
    for (const c of n.namedChildren) visit(c);
  };
  visit(mod.tree.rootNode);
  return out;
}

/** `task=` background tasks need the `fastmcp[tasks]` extra from FastMCP 3 on. */
export function backgroundTasks(up: Upgrade, mod: PyModule): void {
  for (const c of up.components.filter((c) => c.mod === mod && c.call)) {
    const task = api.keywordArg(c.call!, 'task');
    if (!task || task.value.type === 'false' || task.value.type === 'none') continue;
    up.flag(mod, task.node, 'tasks', REVIEW_CODES.fmBackgroundTasks, 'info', `\`${task.node.text}\`: background tasks are an optional extra from FastMCP 3 on`, 'Depend on `fastmcp[tasks]` (add the extra to your fastmcp pin), or the server raises an import error when it starts the task.');
  }
}

/** The rules both hops run on one module. */
export function sharedRules(up: Upgrade, mod: PyModule): void {
  importMoves(up, mod);
  serverMethods(up, mod);
  contextGenerics(up, mod);
}

/** `Context[...]`: FastMCP 3 and 4's Context is not generic. */
function contextGenerics(up: Upgrade, mod: PyModule): void {
  for (const g of contextSubscripts(mod.tree.rootNode, up.contextClass.get(mod.path) ?? new Set(), up.fastmcpModule.get(mod.path))) {
    up.edit(mod, g.edit);
    up.record(mod, g.node, 'context-generic', true, CONTEXT_GENERIC_MESSAGE(g.node.text, up.hop.to));
  }
}

