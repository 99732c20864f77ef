// FastMCP 3 → FastMCP 4, in place. FastMCP 4 runs on the MCP Python SDK v2 (PrefectHQ/fastmcp
// docs/getting-started/upgrading/from-fastmcp-3.mdx): protocol types live in `mcp_types`, fields
// are snake_case, McpError takes code/message keywords, client HTTP factories use httpx2. It also
// drops what FastMCP 3 deprecated (shared.ts) and, in 4.2.3, server-side sampling, list_roots,
// `exclude_args=` and `task=` on prompts/resources. Each fact checked against fastmcp 3.4.11 on
// mcp 1.30.0 (.venv/fastmcp3) and fastmcp 4.2.3 on mcp 2.3.0 (.venv/fastmcp4).
import type { ChangeRecord, ProjectFile, TransformResult } from '../../core/types.js';
import { dependenciesOf, isDependencyManifest } from '../../discover/versions.js';
import type { PyModule } from '../../extract/python/project.js';
import { walk } from '../../extract/python/project.js';
import { REVIEW_CODES } from '../../extract/python/review.js';
import type { SyntaxNode } from '../../parse/python.js';
import { FASTMCP4_VERSION } from '../pins.js';
import * as api from '../python-api.js';
import { Upgrade, type Hop } from './context.js';
import { removeImportedNames, sharedRules } from './shared.js';
import { componentSurfaces } from './surface.js';
import { mcpErrorCalls } from '../surface/mcp-error.js';

export const HOP_3_TO_4: Hop = { transform: 'fastmcp-3-to-4', rule: 'fastmcp4', from: 'FastMCP 3', to: 'FastMCP 4', version: FASTMCP4_VERSION };

/** camelCase protocol fields (SDK v1 attribute names) → SDK v2 snake_case; every alias of an mcp_types 2.3.0 model. */
export const CAMEL_TO_SNAKE: Record<string, string> = Object.fromEntries(
  [
    'cacheScope', 'clientInfo', 'costPriority', 'createMessage', 'createdAt', 'destructiveHint', 'elicitationId', 'hasMore', 'idempotentHint',
    'includeContext', 'inputRequests', 'inputResponses', 'inputSchema', 'intelligencePriority', 'isError', 'lastModified', 'lastUpdatedAt',
    'listChanged', 'maxTokens', 'mimeType', 'modelPreferences', 'nextCursor', 'openWorldHint', 'outputSchema', 'pollInterval',
    'progressToken', 'promptsListChanged', 'protocolVersion', 'readOnlyHint', 'requestId', 'requestState', 'requestedSchema',
    'requiredCapabilities', 'resourceSubscriptions', 'resourceTemplates', 'resourcesListChanged', 'resultType', 'serverInfo',
    'speedPriority', 'statusMessage', 'stopReason', 'stopSequences', 'structuredContent', 'supportedVersions', 'systemPrompt', 'taskId',
    'taskSupport', 'toolChoice', 'toolUseId', 'toolsListChanged', 'ttlMs', 'uriTemplate', 'websiteUrl',
  ].map((c) => [c, c.replace(/[A-Z]/g, (m) => '_' + m.toLowerCase())]),
);

/** mcp.types names of SDK v1 that SDK v2 renamed (the v2 name is bound under the old local name). */
export const TYPE_RENAMES: Record<string, string> = {
  Content: 'ContentBlock',
  ResourceReference: 'ResourceTemplateReference',
  ClientRequestType: 'ClientRequest',
  ClientNotificationType: 'ClientNotification',
  ClientResultType: 'ClientResult',
  ServerRequestType: 'ServerRequest',
  ServerNotificationType: 'ServerNotification',
  ServerResultType: 'ServerResult',
};
/** mcp.types names of SDK v1 with no SDK v2 counterpart. */
const TYPE_GONE = new Set(['Cursor', 'TaskExecutionMode', 'TASK_FORBIDDEN', 'TASK_OPTIONAL', 'TASK_REQUIRED', 'TASK_STATUS_CANCELLED', 'TASK_STATUS_COMPLETED', 'TASK_STATUS_FAILED', 'TASK_STATUS_INPUT_REQUIRED', 'TASK_STATUS_WORKING']);

/** SDK v1 modules SDK v2 does not have. */
const SDK_MODULES_GONE = ['mcp.shared.session', 'mcp.shared.progress', 'mcp.shared.version', 'mcp.shared.response_router', 'mcp.server.websocket', 'mcp.client.websocket', 'mcp.shared.experimental', 'mcp.server.experimental', 'mcp.client.experimental', 'mcp.server.lowlevel.experimental'];

// ---------------------------------------------------------------------------------------------
// Imports: mcp.types → mcp_types, McpError → fastmcp.exceptions, removed SDK modules

function typesImports(up: Upgrade, mod: PyModule): void {
  const text = mod.text;
  const root = mod.tree.rootNode;
  for (const site of api.findImports(root, (m) => m === 'mcp.types' || m === 'mcp' || m === 'mcp.shared.exceptions' || SDK_MODULES_GONE.some((g) => m === g || m.startsWith(`${g}.`)))) {
    if (SDK_MODULES_GONE.some((g) => site.module === g || site.module.startsWith(`${g}.`))) {
      up.flag(mod, site.stmt, 'sdk-module', REVIEW_CODES.fmRemovedApi, 'error', `\`${site.module}\` does not exist in the MCP SDK v2 that FastMCP 4 runs on`, 'Drop the dependency on it, or find the SDK v2 replacement (https://github.com/modelcontextprotocol/python-sdk).');
      continue;
    }
    if (site.kind === 'import') {
      for (const n of site.names) {
        if (n.name !== 'mcp.types') continue;
        if (n.alias) {
          up.edit(mod, { start: n.nameNode.startIndex, end: n.nameNode.endIndex, text: 'mcp_types' });
          up.record(mod, n.node, 'types-import', true, `\`import mcp.types as ${n.alias}\` is \`import mcp_types as ${n.alias}\` (SDK v2 moved the protocol types to the mcp_types package)`);
        } else {
          // `import mcp.types` binds `mcp`: every `mcp.types.X` becomes `mcp_types.X`.
          if ((mod.bindings.get('mcp') ?? []).some((b) => b.type !== 'import_statement' && b.type !== 'import_from_statement')) {
            up.flag(mod, n.node, 'types-import', REVIEW_CODES.fmTypesImport, 'warning', '`import mcp.types` binds `mcp`, which this module also uses for something else', 'Import the protocol types as `import mcp_types` and write `mcp_types.X`.');
            continue;
          }
          up.edit(mod, { start: n.nameNode.startIndex, end: n.nameNode.endIndex, text: 'mcp_types' });
          for (const node of walk(root)) {
            if (node.type !== 'attribute') continue;
            const obj = node.childForFieldName('object')!;
            if (obj.type !== 'identifier' || obj.text !== 'mcp' || node.childForFieldName('attribute')!.text !== 'types') continue;
            up.edit(mod, { start: node.startIndex, end: node.endIndex, text: 'mcp_types' });
            up.record(mod, node, 'types-import', true, '`mcp.types.X` is `mcp_types.X` (SDK v2)');
          }
          up.record(mod, n.node, 'types-import', true, '`import mcp.types` is `import mcp_types` (SDK v2 moved the protocol types to the mcp_types package); `mcp.types.X` reads follow');
        }
      }
      continue;
    }
    if (site.wildcard) {
      if (site.module === 'mcp.types' && site.moduleNode) {
        up.edit(mod, { start: site.moduleNode.startIndex, end: site.moduleNode.endIndex, text: 'mcp_types' });
        up.record(mod, site.stmt, 'types-import', true, '`from mcp.types import *` is `from mcp_types import *`');
      }
      continue;
    }
    if (site.module === 'mcp') {
      // `from mcp import types [as t]` → `import mcp_types as t`; `from mcp import McpError` → fastmcp.exceptions.
      const typesIdx = site.names.findIndex((n) => n.name === 'types');
      const errIdx = site.names.findIndex((n) => n.name === 'McpError');
      const remove = new Set<number>();
      const lines: string[] = [];
      if (typesIdx >= 0) {
        remove.add(typesIdx);
        lines.push(`import mcp_types as ${site.names[typesIdx]!.local}`);
        up.record(mod, site.names[typesIdx]!.node, 'types-import', true, `\`from mcp import types\` is \`import mcp_types as ${site.names[typesIdx]!.local}\` (SDK v2)`);
      }
      if (errIdx >= 0) {
        remove.add(errIdx);
        const n = site.names[errIdx]!;
        lines.push(`from fastmcp.exceptions import McpError${n.alias ? ` as ${n.alias}` : ''}`);
        up.record(mod, n.node, 'mcp-error', true, '`McpError` comes from `fastmcp.exceptions` in FastMCP 4 (SDK v2 renamed it MCPError)');
      }
      if (!remove.size) continue;
      const nl = api.eolOf(text);
      const indent = ' '.repeat(site.stmt.startPosition.column);
      if (remove.size === site.names.length) up.edit(mod, { start: site.stmt.startIndex, end: site.stmt.endIndex, text: lines.join(`${nl}${indent}`) });
      else {
        up.edit(mod, removeImportedNames(text, site, remove));
        up.edit(mod, { start: site.stmt.endIndex, end: site.stmt.endIndex, text: lines.map((l) => `${nl}${indent}${l}`).join('') });
      }
      continue;
    }
    if (site.module === 'mcp.shared.exceptions') {
      const edits = api.rewriteFromImport(text, site, (n) => (n.name === 'McpError' ? { module: 'fastmcp.exceptions' } : undefined));
      if (!edits.length) continue;
      up.edit(mod, edits);
      up.record(mod, site.stmt, 'mcp-error', true, '`McpError` comes from `fastmcp.exceptions` in FastMCP 4 (SDK v2 renamed it MCPError)');
      continue;
    }
    // from mcp.types import ...
    const gone = site.names.filter((n) => TYPE_GONE.has(n.name));
    for (const n of gone) {
      up.flag(mod, n.node, 'types-import', REVIEW_CODES.fmTypesImport, 'error', `\`${n.name}\` is not in the SDK v2 protocol types (mcp_types)`, n.name === 'Cursor' ? 'Use `str` (a cursor is an opaque string).' : 'Remove the dependency on it; SDK v2 tasks use different types.');
    }
    const edits = api.rewriteFromImport(text, site, (n) => (TYPE_GONE.has(n.name) ? undefined : { module: 'mcp_types', name: TYPE_RENAMES[n.name], keepLocal: true }));
    up.edit(mod, edits);
    const renamed = site.names.filter((n) => TYPE_RENAMES[n.name]).map((n) => `${n.name} → ${TYPE_RENAMES[n.name]}`);
    up.record(mod, site.stmt, 'types-import', true, `\`from mcp.types import ...\` is \`from mcp_types import ...\` (SDK v2 moved the protocol types to the mcp_types package)${renamed.length ? `; renamed: ${renamed.join(', ')}` : ''}`);
  }
}

/** `McpError(ErrorData(code=..., message=...))` → `McpError(code=..., message=...)` (the rule every in-place transform shares). */
function mcpErrors(up: Upgrade, mod: PyModule): void {
  mcpErrorCalls(mod.text, mod.tree.rootNode, {
    edit: (e) => up.edit(mod, e),
    record: (node, message) => up.record(mod, node, 'mcp-error', true, message),
    flag: (node, message, suggestion) => up.flag(mod, node, 'mcp-error', REVIEW_CODES.fmMcpError, 'error', message, suggestion),
  });
}

// ---------------------------------------------------------------------------------------------
// Protocol fields, Context, decorators, constructor, httpx2

/** Attribute names the module's own classes define (those are not protocol fields). */
function ownAttributes(root: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const node of walk(root)) {
    if (node.type === 'class_definition') {
      const body = node.childForFieldName('body');
      for (const stmt of body?.namedChildren ?? []) {
        const expr = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
        const left = expr?.type === 'assignment' ? expr.childForFieldName('left') : undefined;
        if (left?.type === 'identifier') out.add(left.text);
      }
    }
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      if (left?.type === 'attribute' && left.childForFieldName('object')?.text === 'self') out.add(left.childForFieldName('attribute')!.text);
    }
  }
  return out;
}

function snakeCase(up: Upgrade, mod: PyModule): void {
  const root = mod.tree.rootNode;
  const own = ownAttributes(root);
  for (const node of walk(root)) {
    if (node.type !== 'attribute') continue;
    const attr = node.childForFieldName('attribute')!;
    const snake = CAMEL_TO_SNAKE[attr.text];
    const obj = node.childForFieldName('object')!;
    if (!snake || own.has(attr.text) || obj.text === 'self' || obj.text === 'cls') continue;
    up.edit(mod, { start: attr.startIndex, end: attr.endIndex, text: snake });
    up.record(mod, node, 'snake-case', true, `\`.${attr.text}\` is \`.${snake}\` on SDK v2 protocol types (FastMCP 4 bridges the camelCase name with a deprecation warning for now)`);
  }
}

function contextRules(up: Upgrade, mod: PyModule): void {
  const members = new Set(['sample', 'sample_step', 'list_roots', 'elicit', 'session', 'request_context']);
  for (const { attr, receiver, member } of up.contextAccesses(mod, members)) {
    const call = api.callOfCallee(attr);
    switch (member) {
      case 'sample':
      case 'sample_step':
        up.flag(mod, call ?? attr, 'sampling', REVIEW_CODES.fmSampling, 'error', `\`${receiver}.${member}(...)\` does not exist in FastMCP 4: server-initiated sampling left the protocol (SEP-2577)`, 'Call an LLM directly from the tool (your provider\'s SDK) instead of borrowing the client\'s model.');
        break;
      case 'list_roots':
        up.flag(mod, call ?? attr, 'roots', REVIEW_CODES.fmSampling, 'error', `\`${receiver}.list_roots()\` does not exist on the FastMCP 4 Context`, 'Take the paths the tool needs as arguments, or read them from configuration.');
        break;
      case 'elicit': {
        if (!call) break;
        const args = api.callArgs(call);
        const hasType = args.some((a) => a.name === 'response_type' || (a.kind === 'positional' && a.position === 1) || a.kind === 'dstar' || a.kind === 'star');
        if (!hasType) {
          up.flag(mod, call, 'elicit', REVIEW_CODES.fmRemovedApi, 'error', `\`${receiver}.elicit(message)\` needs a \`response_type\` in FastMCP 4 (FastMCP 3 deprecated the empty form)`, 'Pass the type of the answer you want: `response_type=bool`, a dataclass / pydantic model, or a list of choices.');
        }
        break;
      }
      case 'session':
      case 'request_context':
        up.flag(mod, attr, 'raw-session', REVIEW_CODES.fmRawSession, 'info', `\`${attr.text}\` reaches the raw MCP SDK objects, which are SDK v2 objects (snake_case fields, v2 method signatures) under FastMCP 4`, 'Check each field and method used on it against the MCP Python SDK v2; prefer the FastMCP Context methods where one exists.');
        break;
    }
  }
}

function decoratorsAndConstructor(up: Upgrade, mod: PyModule): void {
  const text = mod.text;
  for (const c of up.components.filter((x) => x.mod === mod && x.call)) {
    const exclude = api.keywordArg(c.call!, 'exclude_args');
    if (exclude && c.kind === 'tool') {
      up.edit(mod, api.rewriteArgs(text, c.call!, { remove: [exclude.node] }));
      up.flag(mod, exclude.node, 'exclude-args', REVIEW_CODES.fmRemovedApi, 'error', `\`${exclude.node.text}\` was removed (FastMCP 4 rejects it); those parameters now show in the tool's input schema`, 'Give each hidden parameter a `Depends(...)` default (from fastmcp.dependencies) so FastMCP injects it and keeps it out of the schema: https://gofastmcp.com/servers/dependency-injection.');
    }
    const task = api.keywordArg(c.call!, 'task');
    if (task && c.kind !== 'tool') {
      up.edit(mod, api.rewriteArgs(text, c.call!, { remove: [task.node] }));
      up.flag(mod, task.node, 'tasks', REVIEW_CODES.fmBackgroundTasks, 'warning', `\`${task.node.text}\` was removed from \`@${c.server}.${c.kind}\`: FastMCP 4 runs only tools as background tasks`, `Make the long-running work a tool (\`@${c.server}.tool(task=True)\`), or run the ${c.kind} normally.`);
    }
  }
  for (const { call } of up.constructorCalls(mod)) {
    const remove: SyntaxNode[] = [];
    for (const a of api.callArgs(call)) {
      if (a.kind !== 'keyword' || (a.name !== 'sampling_handler' && a.name !== 'sampling_handler_behavior')) continue;
      remove.push(a.node);
      up.flag(mod, a.node, 'sampling', REVIEW_CODES.fmSampling, 'error', `\`${a.name}=\` was removed (FastMCP 4 rejects it): server-side sampling is gone from the protocol (SEP-2577)`, 'Call your LLM provider directly from the tools that sampled.');
    }
    if (remove.length) up.edit(mod, api.rewriteArgs(text, call, { remove }));
  }
}

/** `httpx_client_factory=lambda **kw: httpx.AsyncClient(...)` → httpx2 (FastMCP 4's client transports take httpx2 clients). */
function httpx2(up: Upgrade, mod: PyModule): void {
  const root = mod.tree.rootNode;
  const site = api.findImports(root, (m) => m === 'httpx').find((s) => s.kind === 'import' && s.names.some((n) => n.name === 'httpx'));
  const httpxName = site?.names.find((n) => n.name === 'httpx');
  const httpxLocal = httpxName?.local;
  const rewritten = new Set<number>();
  let factories = 0;
  for (const node of walk(root)) {
    if (node.type !== 'keyword_argument' || node.childForFieldName('name')?.text !== 'httpx_client_factory') continue;
    const value = node.childForFieldName('value')!;
    const uses = httpxLocal && value.type === 'lambda' ? [...walk(value)].filter((n) => n.type === 'identifier' && n.text === httpxLocal && n.parent?.type === 'attribute' && n.parent.childForFieldName('object')?.id === n.id) : [];
    if (uses.length) {
      for (const u of uses) {
        up.edit(mod, { start: u.startIndex, end: u.endIndex, text: httpxName!.alias ? httpxLocal! : 'httpx2' });
        rewritten.add(u.id);
      }
      factories++;
      up.record(mod, node, 'httpx2', true, '`httpx_client_factory` builds an httpx2 client: FastMCP 4 client transports run on httpx2 (same API)');
    } else {
      up.flag(mod, node, 'httpx2', REVIEW_CODES.fmHttpx, 'warning', '`httpx_client_factory=` must return an httpx2 client in FastMCP 4', 'Build the client with `httpx2.AsyncClient(...)` (httpx2 is a drop-in fork: same API) in the factory.');
    }
  }
  // The httpx client handed to an OpenAPI server: FastMCP 4.2.3 takes an httpx2 client there too.
  const classes = up.serverClass.get(mod.path) ?? new Set();
  for (const call of walk(root)) {
    if (call.type !== 'call' || !httpxLocal) continue;
    const fn = call.childForFieldName('function')!;
    const isOpenapi =
      (fn.type === 'identifier' && (fn.text === 'OpenAPIProvider' || fn.text === 'FastMCPOpenAPI')) ||
      (fn.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'from_openapi' && classes.has(fn.childForFieldName('object')!.text));
    if (!isOpenapi) continue;
    const client = api.callArgs(call).find((a) => a.name === 'client' || (a.kind === 'positional' && a.position === 1));
    if (!client) continue;
    let target: SyntaxNode | undefined = client.value;
    if (target.type === 'identifier') {
      const binding = mod.bindings.get(target.text)?.find((b) => b.type === 'assignment');
      target = binding?.childForFieldName('right') ?? undefined;
    }
    const callee = target?.type === 'call' ? target.childForFieldName('function') : undefined;
    const obj = callee?.type === 'attribute' ? callee.childForFieldName('object') : undefined;
    if (!obj || obj.type !== 'identifier' || obj.text !== httpxLocal) {
      up.flag(mod, client.node, 'httpx2', REVIEW_CODES.fmHttpx, 'warning', 'the OpenAPI server\'s `client` must be an httpx2 client in FastMCP 4.2.3', 'Build it with `httpx2.AsyncClient(base_url=...)`.');
      continue;
    }
    if (rewritten.has(obj.id)) continue;
    up.edit(mod, { start: obj.startIndex, end: obj.endIndex, text: httpxName!.alias ? httpxLocal : 'httpx2' });
    rewritten.add(obj.id);
    factories++;
    up.record(mod, target!, 'httpx2', true, 'the OpenAPI server\'s client is an httpx2 client in FastMCP 4.2.3 (same API)');
  }
  if (!factories || !httpxName) return;
  // httpx used only by those factories: the import itself becomes httpx2; otherwise httpx2 joins it.
  const others = api.identifierUses(root, httpxLocal!).filter((u) => !rewritten.has(u.id));
  if (!others.length) {
    up.edit(mod, { start: httpxName.nameNode.startIndex, end: httpxName.nameNode.endIndex, text: 'httpx2' });
    up.record(mod, site!.stmt, 'httpx2', true, '`import httpx` is `import httpx2`: only the client factories used it');
  } else if (httpxName.alias) {
    up.flag(mod, site!.stmt, 'httpx2', REVIEW_CODES.fmHttpx, 'warning', `\`${httpxLocal}\` names httpx, and the client factories now need httpx2 under the same name`, 'Import httpx2 under its own name for the factories and keep httpx for the rest.');
  } else up.addImportLine(mod, 'import httpx2');
}

function misc(up: Upgrade, mod: PyModule): void {
  for (const node of walk(mod.tree.rootNode)) {
    if (node.type === 'string' && api.stringLiteralValue(node) === 'FASTMCP_DECORATOR_MODE') {
      up.flag(mod, node, 'decorator-mode', REVIEW_CODES.fmRemovedApi, 'warning', 'FASTMCP_DECORATOR_MODE is gone in FastMCP 4: decorators always return the function', 'Look components up on the server (`await mcp.get_tool(name)`) where you used the component object.');
    }
    if (node.type === 'attribute' && node.childForFieldName('attribute')!.text === 'decorator_mode' && /settings$/.test(node.childForFieldName('object')!.text)) {
      up.flag(mod, node, 'decorator-mode', REVIEW_CODES.fmRemovedApi, 'warning', '`settings.decorator_mode` is gone in FastMCP 4: decorators always return the function', 'Remove the setting; look components up on the server where you used the component object.');
    }
  }
}

/** An `mcp` requirement that keeps SDK v1 blocks FastMCP 4 (which needs SDK v2). */
function sdkPins(up: Upgrade, result: TransformResult): void {
  for (const input of up.files) {
    if (!isDependencyManifest(input.path)) continue;
    // As the hop leaves it: a pin already moved to mcp 2 (pin-conflicts.ts) needs nothing more.
    const file = { path: input.path, text: (result.files.find((f) => f.path === input.path)?.text as string | undefined) ?? input.text };
    for (const dep of dependenciesOf(file)) {
      if (dep.package !== 'mcp' || dep.url) continue;
      const spec = dep.specifier;
      const v1Only = /(^|,)\s*(<\s*2(\.0)*\b|<=\s*1\.|==\s*1\.|===\s*1\.|~=\s*1\.|\^\s*1\b|\^\s*1\.|~\s*1\.)/.test(spec) || /^1(\.\d+)*$/.test(spec);
      if (!v1Only) continue;
      const line = (file.text.split('\n')[dep.line - 1] ?? '').trim();
      const message = `\`${dep.text}\` keeps the MCP SDK on 1.x; FastMCP 4 needs the SDK v2 (mcp>=2)`;
      result.review.push({ code: REVIEW_CODES.fmMcpPin, severity: 'error', file: file.path, line: dep.line, column: 1, message, snippet: line, suggestion: 'Remove the `mcp` requirement (fastmcp brings the release it needs) or raise it to `mcp>=2`.' });
      const change: ChangeRecord = { transform: up.hop.transform, rule: `${up.hop.rule}.mcp-pin`, file: file.path, line: dep.line, automatic: false, message };
      result.changes!.push(change);
    }
  }
}

export function upgradeFastmcp3to4(files: ProjectFile[]): TransformResult {
  const up = new Upgrade(files, HOP_3_TO_4);
  for (const mod of up.modules) {
    // Modules that only use the SDK are helpers of the FastMCP server (types, errors) and get the
    // SDK v2 imports too; SDK servers themselves (mcp.server...) belong to the SDK transforms.
    const sdkOnly = !up.importsFastmcp(mod);
    if (sdkOnly && !api.findImports(mod.tree.rootNode, (m) => m === 'mcp' || m.startsWith('mcp.')).length) continue;
    if (sdkOnly && api.findImports(mod.tree.rootNode, (m) => m === 'mcp.server' || m.startsWith('mcp.server.')).length) continue;
    typesImports(up, mod);
    mcpErrors(up, mod);
    snakeCase(up, mod);
    if (sdkOnly) continue;
    sharedRules(up, mod);
    contextRules(up, mod);
    decoratorsAndConstructor(up, mod);
    componentSurfaces(up, mod, 'fastmcp3');
    httpx2(up, mod);
    misc(up, mod);
  }
  return up.finish((result) => sdkPins(up, result));
}
