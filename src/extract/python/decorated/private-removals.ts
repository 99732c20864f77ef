// Components taken off a server through its private managers (FastMCP 2, the SDK's FastMCP,
// MCPServer): `del mcp._tool_manager._tools["name"]`, `mcp._prompt_manager._prompts.pop("name")`.
// The migration rewrites these to `mcp.local_provider.remove_*` (FastMCP 3+), so scan must read
// both forms the same way for the listing to stay the same.
import type { SyntaxNode } from '../../../parse/python.js';
import type { PyModule } from '../project.js';
import { plainStringValue } from '../strings.js';
import type { ComponentKind, Removal } from './registrations.js';
import type { ServerResolver, ServerSite } from './servers.js';

const MANAGERS: Record<string, { store: string; kind: ComponentKind }> = {
  _tool_manager: { store: '_tools', kind: 'tool' },
  _prompt_manager: { store: '_prompts', kind: 'prompt' },
  _resource_manager: { store: '_resources', kind: 'resource' },
};

/** `mcp._tool_manager._tools` → the servers and kind, else undefined. */
function store(node: SyntaxNode | null, module: PyModule, resolver: ServerResolver): { servers: ServerSite[]; kind: ComponentKind } | undefined {
  if (node?.type !== 'attribute') return undefined;
  const manager = node.childForFieldName('object');
  if (manager?.type !== 'attribute') return undefined;
  const m = MANAGERS[manager.childForFieldName('attribute')?.text ?? ''];
  if (!m || !Object.prototype.hasOwnProperty.call(MANAGERS, manager.childForFieldName('attribute')!.text) || node.childForFieldName('attribute')?.text !== m.store) return undefined;
  const servers = resolver.resolve(manager.childForFieldName('object')!, module);
  return servers.length ? { servers, kind: m.kind } : undefined;
}

const removals = (t: { servers: ServerSite[]; kind: ComponentKind } | undefined, key: SyntaxNode | null | undefined): Removal[] => {
  const name = key ? plainStringValue(key) : undefined;
  return t && name !== undefined ? t.servers.map((server) => ({ server, kind: t.kind, name, api: `private.remove_${t.kind}` })) : [];
};

/** `mcp._tool_manager._tools.pop("name")` (a call the finder visits). */
export function privatePopRemovals(call: SyntaxNode, module: PyModule, resolver: ServerResolver): Removal[] {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'pop') return [];
  const first = call.childForFieldName('arguments')?.namedChildren.find((a) => a.type !== 'comment' && a.type !== 'keyword_argument');
  return removals(store(callee.childForFieldName('object'), module, resolver), first);
}

/** `del mcp._tool_manager._tools["name"]` anywhere in the module. */
export function privateDelRemovals(module: PyModule, resolver: ServerResolver): Removal[] {
  if (!/\bdel\b[^\n]*_manager\._/.test(module.text)) return [];
  const out: Removal[] = [];
  const walk = (n: SyntaxNode): void => {
    if (n.type === 'delete_statement') {
      for (const target of n.namedChildren.flatMap((c) => (c.type === 'expression_list' ? c.namedChildren : [c]))) {
        if (target.type === 'subscript') out.push(...removals(store(target.childForFieldName('value'), module, resolver), target.childForFieldName('subscript')));
      }
      return;
    }
    for (const c of n.namedChildren) walk(c);
  };
  walk(module.tree.rootNode);
  return out;
}
