// What a server's own calls do to its listing after registration: FastMCP 3/4 visibility
// (`mcp.enable(tags=..., only=True)`, `mcp.disable(names=..., tags=...)`), FastMCP 2's
// constructor `include_tags=` / `exclude_tags=`, tool transformations (`tool_transformations=`,
// `add_tool_transformation`, `add_transform(ToolTransform({...}))`) and composition
// (`mount(child, prefix=/namespace=)`, `import_server(child, prefix=)`).
import type { SyntaxNode } from '../../../parse/python.js';
import type { PyModule, PyProject } from '../project.js';
import type { Scope, StaticEvaluator } from '../static-eval.js';
import { callOptions, type CallOptions } from './registrations.js';
import type { ServerResolver, ServerSite } from './servers.js';

export type ServerOperation =
  | { op: 'disable'; names?: string[]; components?: string[]; tags?: string[] }
  | { op: 'only'; names?: string[]; components?: string[]; tags?: string[] }
  | { op: 'transform'; tool: string; config: SyntaxNode; module: PyModule }
  | { op: 'mount'; children: ServerSite[]; prefix?: string; node: SyntaxNode; module: PyModule };

export interface OperationSite {
  server: ServerSite;
  operation: ServerOperation;
  /** The API that performs it (`disable`, `mount`, `include_tags`, ...), to check the idiom has it. */
  api: string;
  /** Position, for ordering. */
  key: string;
}

const METHODS = new Set(['enable', 'disable', 'add_tool_transformation', 'add_transform', 'mount', 'import_server']);

/** A set / list / tuple of string literals (or a name bound to one). */
export function stringList(node: SyntaxNode | undefined, evaluator: StaticEvaluator, scope: Scope): string[] | undefined {
  if (!node) return undefined;
  const items = node.type === 'set' ? node.namedChildren.filter((c) => c.type !== 'comment').map((c) => evaluator.evaluate(c, scope)) : evaluator.evaluate(node, scope);
  if (typeof items === 'string') return [items];
  if (!Array.isArray(items) || !items.every((x) => typeof x === 'string')) return undefined;
  return items as string[];
}

export function findServerOperations(project: PyProject, resolver: ServerResolver, evaluator: StaticEvaluator, scopeAt: (node: SyntaxNode, module: PyModule) => Scope): OperationSite[] {
  const out: OperationSite[] = [];
  const push = (servers: ServerSite[], operation: ServerOperation, module: PyModule, node: SyntaxNode, api: string) => {
    for (const server of servers) out.push({ server, operation, api, key: `${module.path}\u0000${String(node.startIndex).padStart(10, '0')}` });
  };
  // Constructor options (FastMCP 2).
  for (const site of resolver.sites) {
    const opts = callOptions(site.call);
    const scope = scopeAt(site.call, site.module);
    const include = stringList(opts.keywords.get('include_tags'), evaluator, scope);
    if (include) push([site], { op: 'only', tags: include }, site.module, site.call, 'include_tags');
    const exclude = stringList(opts.keywords.get('exclude_tags'), evaluator, scope);
    if (exclude) push([site], { op: 'disable', tags: exclude }, site.module, site.call, 'exclude_tags');
    const transforms = opts.keywords.get('tool_transformations');
    if (transforms) for (const t of transformEntries(transforms, evaluator, scope, site.module)) push([site], t, site.module, site.call, 'tool_transformations');
  }
  for (const module of project.modules.values()) {
    if (!/\b(enable|disable|transform\w*|mount|import_server)\s*\(/.test(module.text)) continue;
    for (const call of resolver.index(module).calls) {
      const callee = call.childForFieldName('function');
      const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
      if (!method || !METHODS.has(method)) continue;
      const servers = resolver.resolve(callee!.childForFieldName('object')!, module);
      if (!servers.length) continue;
      const opts = callOptions(call);
      const scope = scopeAt(call, module);
      const op = operation(method, opts, evaluator, scope, resolver, module, call);
      for (const o of op) push(servers, o, module, call, method);
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function operation(method: string, opts: CallOptions, evaluator: StaticEvaluator, scope: Scope, resolver: ServerResolver, module: PyModule, call: SyntaxNode): ServerOperation[] {
  const list = (k: string) => stringList(opts.keywords.get(k), evaluator, scope);
  switch (method) {
    case 'enable':
    case 'disable': {
      const names = list('names') ?? list('keys');
      const components = list('components');
      const tags = list('tags');
      if (!names && !tags) return [];
      if (method === 'disable') return [{ op: 'disable', names, components, tags }];
      const only = opts.keywords.get('only');
      return only && evaluator.evaluate(only, scope) === true ? [{ op: 'only', names, components, tags }] : [];
    }
    case 'add_tool_transformation': {
      const name = opts.positional[0] ? evaluator.evaluate(opts.positional[0], scope) : undefined;
      const config = opts.positional[1] ?? opts.keywords.get('transformation');
      return typeof name === 'string' && config ? [{ op: 'transform', tool: name, config, module }] : [];
    }
    case 'add_transform': {
      const t = opts.positional[0];
      if (t?.type !== 'call' || !/(^|\.)ToolTransform$/.test(t.childForFieldName('function')?.text ?? '')) return [];
      const arg = callOptions(t).positional[0] ?? callOptions(t).keywords.get('transforms');
      return arg ? transformEntries(arg, evaluator, scope, module) : [];
    }
    case 'mount':
    case 'import_server': {
      // FastMCP 2.0–2.8: mount(prefix, server); later: mount(server, prefix=/namespace=).
      let childNode = opts.keywords.get('server');
      let prefixNode = opts.keywords.get('prefix') ?? opts.keywords.get('namespace');
      for (const p of opts.positional) {
        const v = evaluator.evaluate(p, scope);
        if (typeof v === 'string' && !prefixNode) prefixNode = p;
        else if (!childNode) childNode = p;
      }
      if (!childNode) return [];
      const children = resolver.resolve(unwrapProxy(childNode), module);
      if (!children.length) return [];
      const prefix = prefixNode ? evaluator.evaluate(prefixNode, scope) : undefined;
      return [{ op: 'mount', children, prefix: typeof prefix === 'string' ? prefix : undefined, node: call, module }];
    }
  }
  return [];
}

/** `create_proxy(x)` / `FastMCP.as_proxy(x)`: the same components as `x`. */
function unwrapProxy(node: SyntaxNode): SyntaxNode {
  if (node.type === 'call' && /(^|\.)(create_proxy|as_proxy)$/.test(node.childForFieldName('function')?.text ?? '')) {
    const first = callOptions(node).positional[0];
    if (first) return first;
  }
  return node;
}

/** `{"tool": ToolTransformConfig(...)}` entries. */
function transformEntries(dict: SyntaxNode, evaluator: StaticEvaluator, scope: Scope, module: PyModule): ServerOperation[] {
  if (dict.type !== 'dictionary') return [];
  const out: ServerOperation[] = [];
  for (const pair of dict.namedChildren) {
    if (pair.type !== 'pair') continue;
    const key = evaluator.evaluate(pair.childForFieldName('key')!, scope);
    const value = pair.childForFieldName('value');
    if (typeof key === 'string' && value) out.push({ op: 'transform', tool: key, config: value, module });
  }
  return out;
}
