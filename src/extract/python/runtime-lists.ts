// When a low-level server's tool / resource / prompt list cannot be read statically and exactly,
// the migrated server keeps the original handlers and serves the list at run time (the runtime
// bridge, src/emit/python/runtime-bridge.ts). This module holds the static checks that decide it:
// a list that may hold more than what was read, values that only make sense inside the original
// function, and handlers registered by helper functions in other modules.
import { parsePython, type SyntaxNode } from '../../parse/python.js';
import { importedNames, resolveImport, walk, type PyModule, type PyProject } from './project.js';
import { CallValue, Unknown, type StaticValue } from './static-eval.js';
import { plainStringValue } from './strings.js';

/** The list kinds the bridge serves, and the low-level handlers behind each. */
export const BRIDGE_KINDS = {
  tools: ['list_tools', 'call_tool'],
  resources: ['list_resources', 'read_resource'],
  resourceTemplates: ['list_resource_templates', 'read_resource'],
  prompts: ['list_prompts', 'get_prompt'],
} as const;
export type BridgeKind = keyof typeof BRIDGE_KINDS;

export function bridgeKindsOf(handler: string): BridgeKind[] {
  return (Object.keys(BRIDGE_KINDS) as BridgeKind[]).filter((kind) => (BRIDGE_KINDS[kind] as readonly string[]).includes(handler));
}

/** Thrown while reading a list statically when only the run time knows it exactly. */
export class RuntimeListNeeded extends Error {
  constructor(
    readonly reason: string,
    readonly node: SyntaxNode,
    /** Names read statically before the list turned out to be a run-time one (for the report). */
    readonly names: string[] = [],
  ) {
    super(reason);
  }
}

const MUTATORS = new Set(['append', 'extend', 'insert', 'update', 'add', 'pop', 'remove', 'clear', 'setdefault', 'sort', 'reverse']);

/**
 * Why the value the list handler returns may hold more (or other) items than its static reading:
 * the returned name is changed after its binding (append in a loop, `+=`, item assignment,
 * passed to a helper) in the function or, for a module constant, anywhere in the project.
 */
export function listMayChange(fn: SyntaxNode, returned: SyntaxNode, module: PyModule, project: PyProject): string | undefined {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  for (const id of walk(returned)) {
    if (id.type !== 'identifier' || isAttributeName(id) || isKeywordName(id)) continue;
    const name = id.text;
    const local = uses(body, name).filter((u) => !withinNode(u, returned));
    if (local.length) {
      // Bound in the function: its single binding is the only allowed mention.
      const changing = local.filter((u) => !isPlainBindingTarget(u));
      if (local.some(isPlainBindingTarget) && changing.length) return `\`${name}\` is built up at run time (line ${changing[0].startPosition.row + 1})`;
      if (changing.some(isMutation)) return `\`${name}\` is changed at run time (line ${changing.find(isMutation)!.startPosition.row + 1})`;
      continue;
    }
    // A module constant (here or imported): mutated anywhere in the project?
    for (const m of project.modules.values()) {
      const mutation = uses(m.tree.rootNode, name).find((u) => isMutation(u) && (m !== module || !withinNode(u, returned)));
      if (mutation) return `\`${name}\` is changed at run time (${m.path}:${mutation.startPosition.row + 1})`;
    }
  }
  return undefined;
}

/**
 * An Unknown value that names something only the original function or comprehension can see
 * (`t.name` in `[Tool(name=t.name) for t in REGISTRY]`, a local variable of list_tools) cannot be
 * carried as an expression into generated code.
 */
export function unknownIsPortable(node: SyntaxNode, keepScopes: SyntaxNode[]): boolean {
  const keep = new Set(keepScopes.map((s) => s.id));
  for (const id of walk(node)) {
    if (id.type !== 'identifier' || isAttributeName(id) || isKeywordName(id)) continue;
    for (let p = node.parent; p; p = p.parent) {
      if (keep.has(p.id)) break;
      if ((p.type === 'list_comprehension' || p.type === 'generator_expression' || p.type === 'set_comprehension' || p.type === 'dictionary_comprehension') && comprehensionBinds(p, id.text)) return false;
      if (p.type === 'function_definition' || p.type === 'lambda') {
        const params = p.childForFieldName('parameters');
        if (params && [...walk(params)].some((n) => n.type === 'identifier' && n.text === id.text)) return false;
        const body = p.childForFieldName('body');
        if (body && uses(body, id.text).some(isPlainBindingTarget)) return false;
      }
      if (p.type === 'for_statement' && [...walk(p.childForFieldName('left')!)].some((n) => n.text === id.text)) return false;
    }
  }
  return true;
}

export interface HelperRegistration {
  /** The argument node passing the server to the helper: replaced by the handler registry. */
  argument: SyntaxNode;
  /** Low-level handler kinds the helper registers (`list_tools`, `call_tool`, ...). */
  handlers: string[];
  /** The helper's parameter that receives the server (`@<param>.list_tools()` inside it). */
  param: string;
  /** Where the helper is defined, for the review item. */
  file: string;
  line: number;
  callee: string;
}

/**
 * `register_tools(server)` where `register_tools` (here or in another project module) decorates
 * handlers with `@<its parameter>.list_tools()` etc.
 */
export function helperRegistrations(project: PyProject, module: PyModule, serverVar: string, root: SyntaxNode): HelperRegistration[] {
  const out: HelperRegistration[] = [];
  for (const call of walk(root)) {
    if (call.type !== 'call') continue;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    const index = args.findIndex((a) => a.type === 'identifier' && a.text === serverVar);
    const kwIndex = args.findIndex((a) => a.type === 'keyword_argument' && a.childForFieldName('value')?.text === serverVar);
    if (index < 0 && kwIndex < 0) continue;
    const callee = call.childForFieldName('function');
    const found = callee ? resolveFunction(project, module, callee) : undefined;
    if (!found) continue;
    const params = (found.def.childForFieldName('parameters')?.namedChildren ?? []).map((p) => (p.type === 'identifier' ? p.text : (p.childForFieldName('name')?.text ?? p.namedChild(0)?.text ?? '')));
    const param = index >= 0 ? params[args.slice(0, index).filter((a) => a.type !== 'keyword_argument').length] : args[kwIndex].childForFieldName('name')?.text;
    if (!param) continue;
    const handlers = decoratedKinds(found.def, param);
    if (!handlers.length) continue;
    out.push({ argument: index >= 0 ? args[index] : args[kwIndex].childForFieldName('value')!, handlers, param, file: found.module.path, line: found.def.startPosition.row + 1, callee: callee!.text });
  }
  return out;
}

/** `@<param>.<handler>(...)` decorators anywhere in a function body. */
function decoratedKinds(def: SyntaxNode, param: string): string[] {
  const kinds: string[] = [];
  for (const n of walk(def.childForFieldName('body')!)) {
    if (n.type !== 'decorator') continue;
    const expr = n.namedChild(0);
    const callee = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
    if (callee?.type === 'attribute' && callee.childForFieldName('object')?.text === param) kinds.push(callee.childForFieldName('attribute')!.text);
  }
  return kinds;
}

function resolveFunction(project: PyProject, module: PyModule, callee: SyntaxNode, depth = 0): { def: SyntaxNode; module: PyModule } | undefined {
  if (depth > 4) return undefined;
  let name = callee.text;
  let target: PyModule | undefined = module;
  if (callee.type === 'attribute') {
    // `tools.register(server)` with `import tools` / `from pkg import tools`
    const obj = callee.childForFieldName('object');
    const stmt = obj?.type === 'identifier' ? module.bindings.get(obj.text)?.[0] : undefined;
    const imp = stmt && (stmt.type === 'import_statement' || stmt.type === 'import_from_statement') ? importedNames(stmt).find((i) => i.local === obj!.text) : undefined;
    if (!imp) return undefined;
    target = stmt!.type === 'import_statement' ? project.byModuleName.get(imp.module) : resolveImport(project, module, { ...imp, module: imp.module ? `${imp.module}.${imp.imported}` : (imp.imported ?? '') });
    name = callee.childForFieldName('attribute')!.text;
  } else if (callee.type !== 'identifier') return undefined;
  if (!target) return undefined;
  const stmt = target.bindings.get(name)?.[0];
  if (!stmt) return undefined;
  const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
  if (def?.type === 'function_definition') return { def, module: target };
  if (stmt.type === 'import_from_statement') {
    const imp = importedNames(stmt).find((i) => i.local === name);
    const from = imp ? resolveImport(project, target, imp) : undefined;
    const fnStmt = from && imp?.imported ? from.bindings.get(imp.imported)?.[0] : undefined;
    const fnDef = fnStmt?.type === 'decorated_definition' ? fnStmt.childForFieldName('definition') : fnStmt;
    if (from && fnDef?.type === 'function_definition') return { def: fnDef, module: from };
  }
  return undefined;
}

function isAttributeName(id: SyntaxNode): boolean {
  return id.parent?.type === 'attribute' && id.parent.childForFieldName('attribute')?.id === id.id;
}

function isKeywordName(id: SyntaxNode): boolean {
  return id.parent?.type === 'keyword_argument' && id.parent.childForFieldName('name')?.id === id.id;
}

function uses(root: SyntaxNode, name: string): SyntaxNode[] {
  return [...walk(root)].filter((n) => n.type === 'identifier' && n.text === name && !isAttributeName(n));
}

function withinNode(n: SyntaxNode, outer: SyntaxNode): boolean {
  return n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;
}

/** `name = ...` (the one binding a function-local list may have). */
function isPlainBindingTarget(id: SyntaxNode): boolean {
  const p = id.parent;
  return p?.type === 'assignment' && p.childForFieldName('left')?.id === id.id;
}

/** `name.append(...)`, `name += ...`, `name[i] = ...`, `del name[i]`. */
function isMutation(id: SyntaxNode): boolean {
  const p = id.parent;
  if (!p) return false;
  if (p.type === 'attribute' && p.childForFieldName('object')?.id === id.id) {
    const method = p.childForFieldName('attribute')?.text ?? '';
    return MUTATORS.has(method) && p.parent?.type === 'call';
  }
  if (p.type === 'augmented_assignment' && p.childForFieldName('left')?.id === id.id) return true;
  if (p.type === 'subscript' && p.childForFieldName('value')?.id === id.id) {
    const a = p.parent;
    return (a?.type === 'assignment' || a?.type === 'augmented_assignment') && a.childForFieldName('left')?.id === p.id;
  }
  return p.type === 'delete_statement';
}

function comprehensionBinds(comp: SyntaxNode, name: string): boolean {
  return comp.namedChildren.some((c) => c.type === 'for_in_clause' && [...walk(c.childForFieldName('left')!)].some((n) => n.type === 'identifier' && n.text === name));
}

/** What a client sees of each listed item, for the runtime-bridge review item. */
export const SURFACE: Record<BridgeKind, string> = {
  tools: 'its name, title, description, input and output schemas and annotations',
  resources: 'its URI, name, title, description and MIME type',
  resourceTemplates: 'its URI template, name, title, description and MIME type',
  prompts: 'its name, title, description and arguments',
};

/** Literal keys read from the arguments dict: `arguments["k"]`, `arguments.get("k", ...)`. */
export function argumentKeysRead(body: string, argumentsName: string): string[] {
  const keys = new Set<string>();
  for (const node of walk(parsePython(body).rootNode)) {
    if (node.type === 'subscript' && node.childForFieldName('value')?.text === argumentsName) {
      const key = node.childForFieldName('subscript');
      const text = key ? plainStringValue(key) : undefined;
      if (text !== undefined) keys.add(text);
    }
    if (node.type === 'call' && node.childForFieldName('function')?.text === `${argumentsName}.get`) {
      const key = node.childForFieldName('arguments')?.namedChild(0);
      const text = key ? plainStringValue(key) : undefined;
      if (text !== undefined) keys.add(text);
    }
  }
  return [...keys];
}

/** The source node behind a statically read value, when it has one. */
export function staticNode(v: StaticValue | undefined): SyntaxNode | undefined {
  return v instanceof CallValue || v instanceof Unknown ? v.node : undefined;
}

/** One line of source for a review message. */
export function shortSource(node: SyntaxNode): string {
  const one = node.text.replace(/\s+/g, ' ');
  return one.length > 80 ? `${one.slice(0, 77)}...` : one;
}

/** The server name inside `@server.<kind>(...)` decorators of a kept handler. */
export function decoratorObjects(decorated: SyntaxNode, variable: string, kind: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const dec of decorated.namedChildren.filter((c) => c.type === 'decorator')) {
    const expr = dec.namedChild(0);
    const callee = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
    const obj = callee?.type === 'attribute' ? callee.childForFieldName('object') : undefined;
    if (obj?.text === variable && callee!.childForFieldName('attribute')?.text === kind) out.push(obj);
  }
  return out;
}
