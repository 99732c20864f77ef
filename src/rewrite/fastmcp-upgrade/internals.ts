// FastMCP 2's private component managers (`mcp._tool_manager._tools`, `._resource_manager`,
// `._prompt_manager`) are gone in FastMCP 3 and 4: every use raises AttributeError at run time —
// inside a `try` that swallows it, tools meant to be hidden stay exposed. The removals have a
// public equivalent on the server's local provider (fastmcp 3.4.11 and 4.2.3:
// `local_provider.remove_tool/remove_resource/remove_template/remove_prompt`); the rest is an
// error review item naming the public API to use.
import type { PyModule } from '../../extract/python/project.js';
import { walk } from '../../extract/python/project.js';
import { REVIEW_CODES } from '../../extract/python/review.js';
import type { SyntaxNode } from '../../parse/python.js';
import * as api from '../python-api.js';
import type { Upgrade } from './context.js';

/** manager → { dict attribute → local_provider method } and the manager's own remove method. */
const MANAGERS: Record<string, { dicts: Record<string, string>; methods: Record<string, string> }> = {
  _tool_manager: { dicts: { _tools: 'remove_tool' }, methods: { remove_tool: 'remove_tool' } },
  _resource_manager: { dicts: { _resources: 'remove_resource', _templates: 'remove_template' }, methods: { remove_resource: 'remove_resource', remove_template: 'remove_template' } },
  _prompt_manager: { dicts: { _prompts: 'remove_prompt' }, methods: { remove_prompt: 'remove_prompt' } },
};

const SUGGESTION =
  'Use the public API: `await {s}.list_tools()` / `list_resources()` / `list_prompts()` to read, `await {s}.get_tool(name)` for one, `{s}.local_provider.remove_tool(name)` (remove_resource / remove_template / remove_prompt) to remove, `{s}.disable(names={...})` to hide.';

export function privateInternals(up: Upgrade, mod: PyModule): void {
  const vars = up.serverVars(mod);
  const done = new Set<number>();
  for (const node of walk(mod.tree.rootNode)) {
    if (node.type !== 'attribute' || done.has(node.id)) continue;
    const obj = node.childForFieldName('object')!;
    const manager = node.childForFieldName('attribute')!.text;
    const rule = MANAGERS[manager];
    if (!rule || obj.type !== 'identifier' || !vars.has(obj.text)) continue;
    done.add(node.id);
    const server = obj.text;
    const replacement = internalRemoval(node, server);
    if (replacement) {
      up.edit(mod, { start: replacement.stmt.startIndex, end: replacement.stmt.endIndex, text: replacement.text });
      up.record(mod, replacement.stmt, 'private-internals', true, `\`${replacement.stmt.text.split('\n')[0]}\` reaches into FastMCP 2's ${manager}, which FastMCP 3 and 4 do not have: \`${replacement.text}\` is the public equivalent`);
      continue;
    }
    const use = node.parent?.type === 'attribute' ? node.parent : node;
    up.flag(mod, use, 'private-internals', REVIEW_CODES.surfaceInternals, 'error', `\`${use.text.split('\n')[0]}\`: FastMCP 2's private \`${manager}\` does not exist in ${up.hop.to} (AttributeError at run time; a \`try\` around it hides the failure)`, SUGGESTION.replace(/\{s\}/g, server));
  }
}

/**
 * `del s._tool_manager._tools[k]`, `s._tool_manager._tools.pop(k)` and `s._tool_manager.remove_tool(k)`
 * as whole statements → `s.local_provider.remove_tool(k)` (the SDK's FastMCP and MCPServer have the
 * same private managers and dicts). `managerAttr` is the `s._tool_manager` attribute node.
 */
export function internalRemoval(managerAttr: SyntaxNode, server: string): { stmt: SyntaxNode; text: string } | undefined {
  const rule = MANAGERS[managerAttr.childForFieldName('attribute')?.text ?? ''];
  if (!rule) return undefined;
  const outer = managerAttr.parent;
  if (outer?.type !== 'attribute' || outer.childForFieldName('object')?.id !== managerAttr.id) return undefined;
  const member = outer.childForFieldName('attribute')!.text;
  const call = (method: string, key: SyntaxNode) => `${server}.local_provider.${method}(${key.text})`;
  // s._tool_manager.remove_tool(k)
  if (rule.methods[member]) {
    const c = api.callOfCallee(outer);
    const args = c ? api.callArgs(c) : [];
    if (c && args.length === 1 && args[0]!.kind === 'positional' && c.parent?.type === 'expression_statement') return { stmt: c.parent, text: call(rule.methods[member]!, args[0]!.value) };
    return undefined;
  }
  const method = rule.dicts[member];
  if (!method) return undefined;
  const p = outer.parent;
  // del s._tool_manager._tools[k]
  if (p?.type === 'subscript' && p.childForFieldName('value')?.id === outer.id && p.parent?.type === 'delete_statement' && p.parent.namedChildren.length === 1) {
    const key = p.childForFieldName('subscript');
    if (key) return { stmt: p.parent, text: call(method, key) };
  }
  // s._tool_manager._tools.pop(k)
  if (p?.type === 'attribute' && p.childForFieldName('attribute')?.text === 'pop') {
    const c = api.callOfCallee(p);
    const args = c ? api.callArgs(c) : [];
    if (c && args.length === 1 && args[0]!.kind === 'positional' && c.parent?.type === 'expression_statement') return { stmt: c.parent, text: call(method, args[0]!.value) };
  }
  return undefined;
}
