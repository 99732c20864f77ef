// The ways a decorator-style server gets its tools, resources and prompts:
//   @mcp.tool / @mcp.tool() / @mcp.tool("name", ...) / @mcp.resource("uri") / @mcp.prompt(...)
//   mcp.add_tool(fn) / mcp.tool(fn) / mcp.tool(name=...)(fn) / mcp.add_prompt(fn)
//   mcp.add_tool(Tool.from_function(fn, name=...)) (also via a variable, and `.model_copy(...)`)
//   FastMCP(..., tools=[fn, Tool.from_function(...)])
// and the ways it loses them again: `mcp.remove_tool("name")`, `fn.disable()`, `enabled=False`.
import type { SyntaxNode } from '../../../parse/python.js';
import { walk, type PyModule, type PyProject } from '../project.js';
import { plainStringValue } from '../strings.js';
import { enclosingFunction, type ServerResolver, type ServerSite } from './servers.js';
import { privateDelRemovals, privatePopRemovals } from './private-removals.js';

export type ComponentKind = 'tool' | 'resource' | 'prompt';

/** Key under which a `model_copy(update=...)` dict travels with the options. */
export const UPDATE_KEY = '\u0000update';

export interface CallOptions {
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
}

export interface Registration {
  server: ServerSite;
  kind: ComponentKind;
  /** The function behind the component. */
  fn: SyntaxNode;
  fnModule: PyModule;
  /** Options of the decorator / add call / from_function call. */
  options: CallOptions;
  /** Where the registration is written. */
  module: PyModule;
  node: SyntaxNode;
}

export interface Removal {
  server: ServerSite;
  kind: ComponentKind;
  name: string;
  /** The listing API called: `remove_tool`, or `local_provider.remove_tool` (FastMCP 3+). */
  api: string;
}

const KINDS: Record<string, ComponentKind> = { tool: 'tool', resource: 'resource', prompt: 'prompt' };
const ADDERS: Record<string, ComponentKind> = { add_tool: 'tool', add_prompt: 'prompt', add_resource: 'resource', add_template: 'resource', add_resource_template: 'resource' };
const REMOVERS: Record<string, ComponentKind> = { remove_tool: 'tool', remove_prompt: 'prompt', remove_resource: 'resource' };

export function callOptions(call: SyntaxNode | undefined): CallOptions {
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  for (const a of call?.childForFieldName('arguments')?.namedChildren ?? []) {
    if (a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const v = a.childForFieldName('value');
      if (v) keywords.set(a.childForFieldName('name')?.text ?? '', v);
    } else positional.push(a);
  }
  return { positional, keywords };
}

const sortKey = (r: { module: PyModule; node: SyntaxNode }) => `${r.module.path}\u0000${String(r.node.startIndex).padStart(10, '0')}`;

export class RegistrationFinder {
  readonly registrations: Registration[] = [];
  readonly removals: Removal[] = [];
  /** Function definitions switched off with `fn.disable()` (FastMCP 2). */
  private readonly disabled = new Set<SyntaxNode>();
  private readonly seen = new Set<string>();

  constructor(
    project: PyProject,
    private readonly resolver: ServerResolver,
  ) {
    for (const module of project.modules.values()) {
      if (!/\b(tool|resource|prompt|add_tool|add_prompt|tools)\b/.test(module.text)) continue;
      const index = resolver.index(module);
      for (const node of index.decorators) this.decorator(node, module);
      for (const node of index.calls) this.call(node, module);
      this.removals.push(...privateDelRemovals(module, resolver));
    }
    for (const site of resolver.sites) this.constructorTools(site);
    this.registrations.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  }

  isDisabled(fn: SyntaxNode): boolean {
    for (const d of this.disabled) if (d.id === fn.id) return true;
    return false;
  }

  private add(r: Registration): void {
    const key = `${r.server.module.path}:${r.server.call.startIndex}:${r.kind}:${r.fnModule.path}:${r.fn.startIndex}:${r.node.startIndex}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.registrations.push(r);
  }

  /** `obj.kind` → the servers `obj` refers to, when `kind` is one of `names`. */
  private target(callee: SyntaxNode | null, module: PyModule, names: Record<string, ComponentKind>): { servers: ServerSite[]; kind: ComponentKind } | undefined {
    if (callee?.type !== 'attribute') return undefined;
    const kind = names[callee.childForFieldName('attribute')?.text ?? ''];
    const obj = callee.childForFieldName('object');
    if (!kind || !obj || !Object.prototype.hasOwnProperty.call(names, callee.childForFieldName('attribute')!.text)) return undefined;
    const servers = this.resolver.resolve(obj, module);
    return servers.length ? { servers, kind } : undefined;
  }

  /** `mcp.local_provider.remove_tool`: the server is the object of `local_provider`. */
  private providerTarget(callee: SyntaxNode, owner: SyntaxNode, module: PyModule): { servers: ServerSite[]; kind: ComponentKind } | undefined {
    const kind = REMOVERS[callee.childForFieldName('attribute')?.text ?? ''];
    const obj = owner.childForFieldName('object');
    if (!kind || !obj || !Object.prototype.hasOwnProperty.call(REMOVERS, callee.childForFieldName('attribute')!.text)) return undefined;
    const servers = this.resolver.resolve(obj, module);
    return servers.length ? { servers, kind } : undefined;
  }

  private decorator(dec: SyntaxNode, module: PyModule): void {
    const expr = dec.namedChild(0);
    if (!expr) return;
    const isCall = expr.type === 'call';
    const t = this.target(isCall ? expr.childForFieldName('function') : expr, module, KINDS);
    if (!t) return;
    const def = dec.parent?.childForFieldName('definition');
    if (def?.type !== 'function_definition') return;
    for (const server of t.servers) this.add({ server, kind: t.kind, fn: def, fnModule: module, options: callOptions(isCall ? expr : undefined), module, node: dec });
  }

  private call(call: SyntaxNode, module: PyModule): void {
    const callee = call.childForFieldName('function');
    if (!callee) return;
    // fn.disable()
    if (callee.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'disable' && callee.childForFieldName('object')?.type === 'identifier') {
      const target = this.resolver.resolveFunction(callee.childForFieldName('object')!, module);
      if (target) {
        this.disabled.add(target.fn);
        return;
      }
    }
    const popped = privatePopRemovals(call, module, this.resolver);
    if (popped.length) {
      this.removals.push(...popped);
      return;
    }
    // mcp.remove_tool("name") / mcp.local_provider.remove_tool("name") (FastMCP 3+)
    const owner = callee.type === 'attribute' ? callee.childForFieldName('object') : null;
    const viaProvider = owner?.type === 'attribute' && owner.childForFieldName('attribute')?.text === 'local_provider';
    const removal = viaProvider ? this.providerTarget(callee, owner!, module) : this.target(callee, module, REMOVERS);
    if (removal) {
      const nameNode = callOptions(call).positional[0] ?? callOptions(call).keywords.get('name') ?? callOptions(call).keywords.get('uri') ?? callOptions(call).keywords.get('key');
      const name = nameNode ? plainStringValue(nameNode) : undefined;
      const api = `${viaProvider ? 'local_provider.' : ''}remove_${removal.kind}`;
      if (name !== undefined) for (const server of removal.servers) this.removals.push({ server, kind: removal.kind, name, api });
      return;
    }
    // mcp.tool(name=...)(fn) / mcp.resource("uri")(fn)
    if (callee.type === 'call') {
      const t = this.target(callee.childForFieldName('function'), module, KINDS);
      const fnNode = callOptions(call).positional[0];
      if (t && fnNode) this.fromReference(t.servers, t.kind, fnNode, callOptions(callee), module, call);
      return;
    }
    // mcp.add_tool(fn) / mcp.add_prompt(fn)
    const adder = this.target(callee, module, ADDERS);
    if (adder) {
      const opts = callOptions(call);
      const first = opts.positional[0] ?? opts.keywords.get('tool') ?? opts.keywords.get('fn') ?? opts.keywords.get('prompt') ?? opts.keywords.get('resource') ?? opts.keywords.get('template');
      if (!first) return;
      const rest: CallOptions = { positional: opts.positional.slice(1), keywords: new Map([...opts.keywords].filter(([k]) => !['tool', 'fn', 'prompt', 'resource', 'template'].includes(k))) };
      this.fromReference(adder.servers, adder.kind, first, rest, module, call, true);
      return;
    }
    // mcp.tool(fn) / mcp.tool(fn, name=...) (FastMCP 2+: the decorator called directly)
    const direct = this.target(callee, module, KINDS);
    if (direct && direct.kind !== 'resource') {
      const opts = callOptions(call);
      const first = opts.positional[0];
      if (!first || first.type === 'string' || first.type === 'concatenated_string') return;
      if (call.parent?.type === 'decorator') return;
      this.fromReference(direct.servers, direct.kind, first, { positional: [], keywords: opts.keywords }, module, call);
    }
  }

  /** `fn`, `self.fn`, `module.fn`, `Tool.from_function(fn, ...)`, a variable holding one, `t.model_copy(...)`. */
  private fromReference(servers: ServerSite[], kind: ComponentKind, ref: SyntaxNode, options: CallOptions, module: PyModule, node: SyntaxNode, adder = false, depth = 0): void {
    if (depth > 6) return;
    if (ref.type === 'call') {
      const fnNode = ref.childForFieldName('function');
      const method = fnNode?.type === 'attribute' ? fnNode.childForFieldName('attribute')?.text : undefined;
      if (method === 'from_function') {
        const inner = callOptions(ref);
        const first = inner.positional[0] ?? inner.keywords.get('fn');
        if (!first) return;
        const merged: CallOptions = { positional: inner.positional.slice(1), keywords: new Map([...inner.keywords].filter(([k]) => k !== 'fn')) };
        if (options.keywords.has(UPDATE_KEY)) merged.keywords.set(UPDATE_KEY, options.keywords.get(UPDATE_KEY)!);
        for (const [k, v] of options.keywords) merged.keywords.set(k, v);
        return this.fromFunctionRef(servers, kind, first, merged, module, node);
      }
      if (method === 'model_copy' || method === 'copy') {
        const obj = fnNode!.childForFieldName('object');
        // `t.model_copy(update={"parameters": schema})`: the advertised fields the copy replaces.
        const update = callOptions(ref).keywords.get('update');
        const next = update ? { positional: options.positional, keywords: new Map([...options.keywords, [UPDATE_KEY, update] as const]) } : options;
        if (obj) this.fromReference(servers, kind, obj, next, module, node, adder, depth + 1);
        return;
      }
      return;
    }
    if (ref.type === 'identifier') {
      // `for fn in (a, b, c): mcp.add_tool(fn)`: each element of a literal list.
      const items = this.loopItems(ref, module);
      if (items) {
        for (const item of items) this.fromReference(servers, kind, item, options, module, item, adder, depth + 1);
        return;
      }
      // A variable holding `Tool.from_function(...)`.
      const value = this.assignedValue(ref, module);
      if (value) return this.fromReference(servers, kind, value, options, module, node, adder, depth + 1);
    }
    this.fromFunctionRef(servers, kind, ref, options, module, node);
  }

  /** The elements a `for` loop binds to `ref`, when it iterates over a literal list (or a module-level name bound to one). */
  private loopItems(ref: SyntaxNode, module: PyModule): SyntaxNode[] | undefined {
    for (let p = ref.parent; p && p.type !== 'function_definition'; p = p.parent) {
      if (p.type !== 'for_statement') continue;
      const left = p.childForFieldName('left');
      if (left?.type !== 'identifier' || left.text !== ref.text) continue;
      let right = p.childForFieldName('right') ?? undefined;
      if (right?.type === 'identifier') {
        const stmt = module.bindings.get(right.text);
        right = stmt?.length === 1 && stmt[0].type === 'assignment' ? stmt[0].childForFieldName('right') ?? undefined : undefined;
      }
      if (right?.type !== 'list' && right?.type !== 'tuple') return undefined;
      return right.namedChildren.filter((c) => c.type !== 'comment');
    }
    return undefined;
  }

  private fromFunctionRef(servers: ServerSite[], kind: ComponentKind, ref: SyntaxNode, options: CallOptions, module: PyModule, node: SyntaxNode): void {
    const target = ref.type === 'lambda' ? { fn: ref, module } : this.resolver.resolveFunction(ref, module);
    if (!target) return;
    for (const server of servers) this.add({ server, kind, fn: target.fn, fnModule: target.module, options, module, node });
  }

  /** The right-hand side of the single assignment to a name in its scope, if it is a call. */
  private assignedValue(ref: SyntaxNode, module: PyModule): SyntaxNode | undefined {
    const scope = enclosingFunction(ref)?.childForFieldName('body') ?? module.tree.rootNode;
    let found: SyntaxNode | undefined;
    for (const n of walk(scope)) {
      if (n.type !== 'assignment') continue;
      if (n.childForFieldName('left')?.type === 'identifier' && n.childForFieldName('left')!.text === ref.text) {
        const right = n.childForFieldName('right');
        if (right?.type === 'call') found = right;
      }
    }
    return found;
  }

  /** `FastMCP(..., tools=[fn, Tool.from_function(...)])`. */
  private constructorTools(site: ServerSite): void {
    const list = callOptions(site.call).keywords.get('tools');
    if (list?.type !== 'list') return;
    for (const item of list.namedChildren) {
      if (item.type === 'comment') continue;
      this.fromReference([site], 'tool', item, { positional: [], keywords: new Map() }, site.module, item, true);
    }
  }
}
