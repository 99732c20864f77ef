// Where decorator-style servers are created (`FastMCP(...)`, `MCPServer(...)`) and which server an
// expression such as `mcp`, `self.mcp`, `server` (a parameter) or `create_server()` refers to.
// Follows assignments, imports between project modules, factory functions, attributes set in
// methods and helper functions that receive the server as an argument. Read only.
import type { SyntaxNode } from '../../../parse/python.js';
import { importedNames, resolveImport, walk, type PyModule, type PyProject } from '../project.js';

/** Which library a constructor comes from. */
export type ServerKind = 'sdk-fastmcp' | 'mcpserver' | 'fastmcp';

export interface ServerSite {
  module: PyModule;
  /** The constructor call. */
  call: SyntaxNode;
  kind: ServerKind;
  /** The name the server is bound to (`mcp`, `self.mcp` → `mcp`; a returned server → the factory's name). */
  variable: string;
  /** The statement that binds it (assignment or return). */
  statement: SyntaxNode;
  /** The enclosing function, when the server is built inside one. */
  factory?: SyntaxNode;
}

/** Modules and class names whose call creates a server of each kind. */
const CONSTRUCTORS: { module: RegExp; name: string; kind: ServerKind }[] = [
  { module: /^fastmcp(\.server(\.server)?)?$/, name: 'FastMCP', kind: 'fastmcp' },
  { module: /^mcp\.server\.fastmcp(\.server)?$/, name: 'FastMCP', kind: 'sdk-fastmcp' },
  { module: /^mcp\.server$/, name: 'FastMCP', kind: 'sdk-fastmcp' },
  { module: /^mcp\.server\.mcpserver(\.server)?$/, name: 'MCPServer', kind: 'mcpserver' },
  { module: /^mcp\.server$/, name: 'MCPServer', kind: 'mcpserver' },
  { module: /^fastmcp\.server\.openapi(\.server)?$/, name: 'FastMCPOpenAPI', kind: 'fastmcp' },
];

/** Servers whose components are generated at run time (from an OpenAPI description, a FastAPI app). */
export function isGeneratedServer(site: ServerSite): boolean {
  const fn = site.call.childForFieldName('function')?.text ?? '';
  return /(^|\.)(FastMCPOpenAPI|from_openapi|from_fastapi)$/.test(fn);
}

/** `FastMCP.from_openapi(...)`-style alternative constructors. */
const ALT_CONSTRUCTORS = new Set(['from_openapi', 'from_fastapi']);

const SCOPE_TYPES = new Set(['function_definition', 'lambda']);

export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

function enclosingClass(fn: SyntaxNode): SyntaxNode | undefined {
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  const block = holder.parent;
  return block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent : undefined;
}

/** Nodes of a scope (module or function body), not descending into nested functions or classes. */
function* scopeNodes(scope: SyntaxNode): Generator<SyntaxNode> {
  const body = scope.type === 'function_definition' ? scope.childForFieldName('body') : scope;
  if (!body) return;
  const stack: SyntaxNode[] = [body];
  while (stack.length) {
    const node = stack.pop()!;
    yield node;
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i)!;
      if (SCOPE_TYPES.has(child.type) || child.type === 'class_definition') {
        yield child;
        continue;
      }
      stack.push(child);
    }
  }
}

function parameterNames(fn: SyntaxNode): string[] {
  return (fn.childForFieldName('parameters')?.namedChildren ?? []).flatMap((p) => {
    if (p.type === 'identifier') return [p.text];
    if (p.type === 'typed_parameter') return p.namedChildren.filter((c) => c.type === 'identifier').slice(0, 1).map((c) => c.text);
    const name = p.childForFieldName('name');
    return name ? [name.text] : [];
  });
}

/** One walk per module: the nodes the readers look for, in source order. */
export interface ModuleIndex {
  calls: SyntaxNode[];
  decorators: SyntaxNode[];
  imports: SyntaxNode[];
}

const INDEXED = new Set(['call', 'decorator', 'import_statement', 'import_from_statement']);

export class ServerResolver {
  private readonly indexes = new Map<string, ModuleIndex>();
  private readonly memo = new Map<string, ServerSite[]>();
  private readonly scopeBindings = new Map<string, Map<string, SyntaxNode[]>>();
  private readonly classAttrs = new Map<string, Map<string, SyntaxNode[]>>();

  /** Calls, decorators and imports of a module (computed once). */
  index(module: PyModule): ModuleIndex {
    let idx = this.indexes.get(module.path);
    if (idx) return idx;
    idx = { calls: [], decorators: [], imports: [] };
    for (const node of walk(module.tree.rootNode)) {
      if (!INDEXED.has(node.type)) continue;
      if (node.type === 'call') idx.calls.push(node);
      else if (node.type === 'decorator') idx.decorators.push(node);
      else idx.imports.push(node);
    }
    this.indexes.set(module.path, idx);
    return idx;
  }

  readonly sites: ServerSite[] = [];
  private readonly byCall = new Map<string, ServerSite>();
  private readonly resolving = new Set<string>();
  private readonly constructorNames = new Map<string, Map<string, ServerKind>>();

  constructor(readonly project: PyProject) {
    for (const module of project.modules.values()) this.findSites(module);
  }

  private key(module: PyModule, node: SyntaxNode): string {
    return `${module.path}:${node.startIndex}:${node.endIndex}:${node.type}`;
  }

  /** Local names of the server classes in a module (`FastMCP`, `MCP` for `import ... as MCP`, `fastmcp.FastMCP`). */
  private constructorsOf(module: PyModule): Map<string, ServerKind> {
    let names = this.constructorNames.get(module.path);
    if (names) return names;
    names = new Map();
    for (const node of this.index(module).imports) {
      for (const imp of importedNames(node)) {
        if (node.type === 'import_statement') {
          // `import fastmcp` → `fastmcp.FastMCP`; `import mcp.server.fastmcp` → `mcp.server.fastmcp.FastMCP`.
          for (const c of CONSTRUCTORS) {
            if (c.module.test(imp.module)) names.set(`${imp.local === imp.module.split('.')[0] ? imp.module : imp.local}.${c.name}`, c.kind);
          }
          continue;
        }
        if (imp.level > 0) continue;
        const c = CONSTRUCTORS.find((x) => x.module.test(imp.module) && x.name === imp.imported);
        if (c) names.set(imp.local, c.kind);
        // `from mcp.server import fastmcp` → `fastmcp.FastMCP`
        for (const x of CONSTRUCTORS) if (x.module.test(`${imp.module}.${imp.imported}`)) names.set(`${imp.local}.${x.name}`, x.kind);
      }
    }
    this.constructorNames.set(module.path, names);
    return names;
  }

  /** The kind of server a call creates, if it is a server constructor. */
  constructorKind(module: PyModule, call: SyntaxNode): ServerKind | undefined {
    if (call.type !== 'call') return undefined;
    const fn = call.childForFieldName('function');
    if (!fn) return undefined;
    const names = this.constructorsOf(module);
    const text = fn.text.replace(/\s+/g, '');
    if (names.has(text)) return names.get(text);
    if (fn.type === 'attribute' && ALT_CONSTRUCTORS.has(fn.childForFieldName('attribute')?.text ?? '')) {
      return names.get(fn.childForFieldName('object')!.text.replace(/\s+/g, ''));
    }
    return undefined;
  }

  private findSites(module: PyModule): void {
    if (this.constructorsOf(module).size === 0) return;
    for (const node of this.index(module).calls) {
      const kind = this.constructorKind(module, node);
      if (!kind) continue;
      let stmt: SyntaxNode = node;
      while (stmt.parent && (stmt.parent.type === 'parenthesized_expression' || stmt.parent.type === 'await')) stmt = stmt.parent;
      const parent = stmt.parent;
      const factory = enclosingFunction(node);
      let variable: string | undefined;
      let statement: SyntaxNode | undefined;
      if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === stmt.id) {
        const left = parent.childForFieldName('left');
        if (left?.type === 'identifier') variable = left.text;
        else if (left?.type === 'attribute') variable = left.childForFieldName('attribute')?.text;
        statement = parent;
      } else if (parent?.type === 'return_statement' && factory) {
        variable = factory.childForFieldName('name')?.text;
        statement = parent;
      } else if (parent?.type === 'named_expression') {
        variable = parent.childForFieldName('name')?.text;
        statement = parent;
      }
      const site: ServerSite = { module, call: node, kind, variable: variable ?? 'mcp', statement: statement ?? node, factory };
      this.sites.push(site);
      this.byCall.set(this.key(module, node), site);
    }
  }

  /** The servers an expression may refer to (several when a helper is called with different servers). */
  resolve(node: SyntaxNode, module: PyModule): ServerSite[] {
    const key = this.key(module, node);
    const known = this.memo.get(key);
    if (known) return known;
    if (this.resolving.has(key)) return [];
    this.resolving.add(key);
    try {
      const out = dedupe(this.resolveNode(node, module));
      // A result computed inside a cycle may be partial: only remember results of outermost calls.
      if (this.resolving.size === 1) this.memo.set(key, out);
      return out;
    } finally {
      this.resolving.delete(key);
    }
  }

  private resolveNode(node: SyntaxNode, module: PyModule): ServerSite[] {
    switch (node.type) {
      case 'parenthesized_expression':
      case 'await':
        return node.namedChild(0) ? this.resolve(node.namedChild(0)!, module) : [];
      case 'call': {
        const site = this.byCall.get(this.key(module, node));
        if (site) return [site];
        // `create_server()`: what the factory returns.
        const fn = node.childForFieldName('function');
        const target = fn ? this.resolveFunction(fn, module) : undefined;
        return target ? this.returnedServers(target.fn, target.module) : [];
      }
      case 'identifier':
        return this.resolveName(node.text, node, module);
      case 'attribute':
        return this.resolveAttribute(node, module);
      default:
        return [];
    }
  }

  /** A name as seen from `at`: parameters, local assignments, imports, then enclosing scopes. */
  /** Names being resolved: a package importing its own submodules (`from pkg.tools import x` in pkg/tools/__init__.py) is a cycle, not a server. */
  private readonly resolvingNames = new Set<string>();

  resolveName(name: string, at: SyntaxNode, module: PyModule): ServerSite[] {
    const key = `${module.path}\u0000${at.startIndex}\u0000${name}`;
    if (this.resolvingNames.has(key)) return [];
    this.resolvingNames.add(key);
    try {
      return this.resolveNameOnce(name, at, module);
    } finally {
      this.resolvingNames.delete(key);
    }
  }

  private resolveNameOnce(name: string, at: SyntaxNode, module: PyModule): ServerSite[] {
    for (let scope: SyntaxNode | undefined = enclosingFunction(at); ; scope = scope ? enclosingFunction(scope) : undefined) {
      const scopeNode = scope ?? module.tree.rootNode;
      if (scope && this.declaresGlobal(scope, name, module)) continue;
      if (scope && parameterNames(scope).includes(name)) return this.resolveParameter(scope, name, module);
      const found = this.bindingsIn(scopeNode, name, module);
      if (found) return found;
      if (!scope) return [];
    }
  }

  private declaresGlobal(fn: SyntaxNode, name: string, module: PyModule): boolean {
    return (this.bindingStatements(fn, module).get('\u0000global') ?? []).some((n) => n.namedChildren.some((c) => c.text === name));
  }

  /** Servers bound to `name` in one scope; undefined when the scope does not bind it. */
  /** Statements binding each name in a scope (assignments, imports, defs), computed once per scope. */
  private bindingStatements(scope: SyntaxNode, module: PyModule): Map<string, SyntaxNode[]> {
    const key = this.key(module, scope);
    let map = this.scopeBindings.get(key);
    if (map) return map;
    map = new Map();
    const add = (name: string, n: SyntaxNode) => map!.set(name, [...(map!.get(name) ?? []), n]);
    for (const n of scopeNodes(scope)) {
      if (n.type === 'assignment' || n.type === 'named_expression') {
        const left = n.childForFieldName(n.type === 'assignment' ? 'left' : 'name');
        if (left?.type === 'identifier') add(left.text, n);
      } else if (n.type === 'import_from_statement') {
        for (const imp of importedNames(n)) add(imp.local, n);
      } else if (n.type === 'function_definition' || n.type === 'class_definition') {
        const name = n.childForFieldName('name')?.text;
        if (name) add(name, n);
      } else if (n.type === 'global_statement') {
        add('\u0000global', n);
      }
    }
    this.scopeBindings.set(key, map);
    return map;
  }

  private bindingsIn(scope: SyntaxNode, name: string, module: PyModule): ServerSite[] | undefined {
    let bound = false;
    const out: ServerSite[] = [];
    for (const n of this.bindingStatements(scope, module).get(name) ?? []) {
      if (n.type === 'assignment' || n.type === 'named_expression') {
        const left = n.childForFieldName(n.type === 'assignment' ? 'left' : 'name');
        const right = n.childForFieldName(n.type === 'assignment' ? 'right' : 'value');
        if (left?.type !== 'identifier' || left.text !== name) continue;
        bound = true;
        if (right) out.push(...this.resolve(right, module));
      } else if (n.type === 'import_from_statement') {
        for (const imp of importedNames(n)) {
          if (imp.local !== name || !imp.imported) continue;
          bound = true;
          const target = resolveImport(this.project, module, imp);
          if (target) out.push(...this.resolveName(imp.imported, target.tree.rootNode, target));
          else {
            // `from pkg import server_module` → a module, not a server.
          }
        }
      } else if ((n.type === 'function_definition' || n.type === 'class_definition') && n.childForFieldName('name')?.text === name) {
        bound = true;
      } else if (n.type === 'with_statement' || n.type === 'for_statement') {
        // `with FastMCP(...) as mcp` is rare; not followed.
      }
    }
    return bound ? out : undefined;
  }

  private resolveAttribute(node: SyntaxNode, module: PyModule): ServerSite[] {
    const obj = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text ?? '';
    if (!obj) return [];
    // `module.mcp` for an imported project module.
    if (obj.type === 'identifier' || obj.type === 'attribute') {
      const target = this.importedModule(obj, module);
      if (target) return this.resolveName(attr, target.tree.rootNode, target);
    }
    // `self.mcp` / `cls.mcp` inside a method: attributes set anywhere in the class.
    if (obj.type === 'identifier') {
      const fn = enclosingFunction(node);
      const method = fn && this.methodOf(fn);
      if (method && parameterNames(method.fn)[0] === obj.text) return this.classAttribute(method.cls, attr, module);
      // `Holder.mcp` where Holder is a class of this module.
      const cls = this.classNamed(obj.text, module);
      if (cls) return this.classAttribute(cls, attr, module);
    }
    return [];
  }

  /** The method holding `fn` (itself or an enclosing function defined in a class body). */
  private methodOf(fn: SyntaxNode): { fn: SyntaxNode; cls: SyntaxNode } | undefined {
    for (let f: SyntaxNode | undefined = fn; f; f = enclosingFunction(f)) {
      const cls = enclosingClass(f);
      if (cls) return { fn: f, cls };
    }
    return undefined;
  }

  private classNamed(name: string, module: PyModule): SyntaxNode | undefined {
    const stmt = module.bindings.get(name)?.[0];
    const def = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    return def?.type === 'class_definition' ? def : undefined;
  }

  private classAttribute(cls: SyntaxNode, attr: string, module: PyModule): ServerSite[] {
    const out: ServerSite[] = [];
    for (const right of this.classAssignments(cls, module).get(attr) ?? []) out.push(...this.resolve(right, module));
    return out;
  }

  /** `self.X = value` in any method and `X = value` in the class body: X → values (once per class). */
  private classAssignments(cls: SyntaxNode, module: PyModule): Map<string, SyntaxNode[]> {
    const key = this.key(module, cls);
    let map = this.classAttrs.get(key);
    if (map) return map;
    map = new Map();
    for (const n of walk(cls)) {
      if (n.type !== 'assignment') continue;
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (!right) continue;
      let name: string | undefined;
      if (left?.type === 'attribute' && left.childForFieldName('object')?.type === 'identifier') name = left.childForFieldName('attribute')?.text;
      else if (left?.type === 'identifier' && n.parent?.parent?.parent?.id === cls.id) name = left.text;
      if (name) map.set(name, [...(map.get(name) ?? []), right]);
    }
    this.classAttrs.set(key, map);
    return map;
  }

  /** A name or dotted name that refers to a project module (`import pkg.server as srv`). */
  importedModule(node: SyntaxNode, module: PyModule): PyModule | undefined {
    const text = node.text.replace(/\s+/g, '');
    for (const n of this.index(module).imports) {
      for (const imp of importedNames(n)) {
        if (n.type === 'import_statement') {
          if (imp.local === text || (imp.module === text && imp.local === text.split('.')[0])) return this.project.byModuleName.get(imp.module);
        } else if (imp.local === text && imp.imported) {
          const sub = resolveImport(this.project, module, { ...imp, module: imp.module ? `${imp.module}.${imp.imported}` : imp.imported });
          if (sub) return sub;
        }
      }
    }
    return undefined;
  }

  /** The function definition a callee refers to. */
  resolveFunction(node: SyntaxNode, module: PyModule, depth = 0): { fn: SyntaxNode; module: PyModule } | undefined {
    if (depth > 8) return undefined;
    if (node.type === 'identifier') {
      for (let scope: SyntaxNode | undefined = enclosingFunction(node); ; scope = scope ? enclosingFunction(scope) : undefined) {
        const scopeNode = scope ?? module.tree.rootNode;
        for (const n of this.bindingStatements(scopeNode, module).get(node.text) ?? []) {
          if (n.type === 'function_definition' && n.id !== scope?.id) return { fn: n, module };
          if (n.type === 'import_from_statement') {
            const imp = importedNames(n).find((i) => i.local === node.text && i.imported);
            const target = imp ? resolveImport(this.project, module, imp) : undefined;
            if (imp && target) return this.functionNamed(imp.imported!, target, depth + 1);
          }
        }
        if (!scope) return undefined;
      }
    }
    if (node.type === 'attribute') {
      const obj = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute')?.text ?? '';
      if (!obj) return undefined;
      const target = this.importedModule(obj, module);
      if (target) return this.functionNamed(attr, target, depth + 1);
      // `self.method`
      const fn = enclosingFunction(node);
      const method = fn && this.methodOf(fn);
      if (method && obj.type === 'identifier' && parameterNames(method.fn)[0] === obj.text) {
        for (const stmt of method.cls.childForFieldName('body')?.namedChildren ?? []) {
          const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
          if (def?.type === 'function_definition' && def.childForFieldName('name')?.text === attr) return { fn: def, module };
        }
      }
    }
    return undefined;
  }

  /** A top-level function of a module, following `from x import f` re-exports. */
  private functionNamed(name: string, module: PyModule, depth: number): { fn: SyntaxNode; module: PyModule } | undefined {
    if (depth > 8) return undefined;
    const stmt = module.bindings.get(name)?.[0];
    const def = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (def?.type === 'function_definition') return { fn: def, module };
    if (stmt?.type === 'import_from_statement') {
      const imp = importedNames(stmt).find((i) => i.local === name && i.imported);
      const target = imp ? resolveImport(this.project, module, imp) : undefined;
      if (imp && target) return this.functionNamed(imp.imported!, target, depth + 1);
    }
    return undefined;
  }

  /** Servers a factory returns (`return mcp` / `return FastMCP(...)`). */
  private returnedServers(fn: SyntaxNode, module: PyModule): ServerSite[] {
    const out: ServerSite[] = [];
    for (const n of scopeNodes(fn)) {
      if (n.type === 'return_statement' && n.namedChild(0)) out.push(...this.resolve(n.namedChild(0)!, module));
    }
    return out;
  }

  /** A parameter of a helper (`def register(server): @server.tool() ...`): the servers it is called with. */
  private resolveParameter(fn: SyntaxNode, name: string, module: PyModule): ServerSite[] {
    const params = parameterNames(fn);
    const index = params.indexOf(name);
    const cls = enclosingClass(fn);
    const isMethod = !!cls;
    // `Service(mcp)` calls `Service.__init__(self, mcp)`.
    const isInit = isMethod && fn.childForFieldName('name')?.text === '__init__';
    const fnName = isInit ? cls.childForFieldName('name')?.text : fn.childForFieldName('name')?.text;
    if (!fnName) return [];
    const out: ServerSite[] = [];
    for (const caller of this.project.modules.values()) {
      if (!caller.text.includes(fnName)) continue;
      for (const call of this.index(caller).calls) {
        const callee = call.childForFieldName('function');
        if (!callee) continue;
        const calleeName = callee.type === 'identifier' ? callee.text : callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
        if (calleeName !== fnName) continue;
        if (!isMethod) {
          const target = this.resolveFunction(callee, caller);
          if (!target || target.fn.id !== fn.id || target.module !== module) continue;
        }
        const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
        const positional = args.filter((a) => a.type !== 'keyword_argument');
        const keyword = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name);
        const offset = isInit || (isMethod && callee.type === 'attribute') ? 1 : 0;
        const arg = keyword?.childForFieldName('value') ?? positional[index - offset];
        if (arg) out.push(...this.resolve(arg, caller));
      }
    }
    return out;
  }
}

function dedupe(sites: ServerSite[]): ServerSite[] {
  return [...new Set(sites)];
}
