// The state one FastMCP upgrade hop (2 → 3 or 3 → 4) works on: the parsed project, an edit set
// per module, the ChangeRecords and review items found so far, and the FastMCP objects the rules
// look for (the FastMCP class and its servers, Context parameters, decorated components). Rules
// (v2-to-v3.ts, v3-to-v4.ts, shared.ts) add byte-range edits; `finish` applies them, refuses any
// output that would not parse and moves the `fastmcp` pin.
import type { ChangeRecord, OutputFile, ProjectFile, TransformResult } from '../../core/types.js';
import { importedNames, loadPythonProject, resolveImport, walk, type PyModule, type PyProject } from '../../extract/python/project.js';
import { reviewAt, unparsableInputItem, unparsableOutputItem } from '../../extract/python/review.js';
import type { ReviewItem, Severity } from '../../model/index.js';
import { checkPythonSyntax, type SyntaxNode } from '../../parse/python.js';
import { indentAt } from '../../extract/python/text.js';
import { pyString } from '../../emit/python/literal.js';
import { rewritePins } from '../pins.js';
import { addLostOnHop } from '../hop-lost.js';
import { resolveConflictsInOutputs } from '../pin-conflicts.js';
import { LOST_WITH_FASTMCP2, LOST_WITH_FASTMCP3 } from '../dependency-data.js';
import * as api from '../python-api.js';

export interface Hop {
  /** Transform id, e.g. `fastmcp-2-to-3`. */
  transform: string;
  /** ChangeRecord rule prefix, e.g. `fastmcp3`. */
  rule: string;
  /** `FastMCP 2`. */
  from: string;
  /** `FastMCP 3`. */
  to: string;
  /** The release the `fastmcp` pin moves to. */
  version: string;
}

export interface ModuleState {
  mod: PyModule;
  edits: api.EditSet;
  /** Import lines to add at the top (deduplicated). */
  imports: string[];
}

/** A server object: `mcp = FastMCP(...)` (or a factory that returns one), an imported one, or a parameter typed FastMCP. */
export interface ServerRef {
  mod: PyModule;
  variable: string;
  /** The constructor call, for servers built in this module. */
  call?: SyntaxNode;
  /** The statement holding `variable = <call>`, when it is a plain assignment statement. */
  stmt?: SyntaxNode;
}

export interface Component {
  mod: PyModule;
  kind: 'tool' | 'resource' | 'prompt';
  server: string;
  decorator: SyntaxNode;
  /** The decorator call, undefined for a bare `@mcp.tool`. */
  call?: SyntaxNode;
  fn: SyntaxNode;
  /** The decorated_definition statement. */
  definition: SyntaxNode;
  /** The component's name as FastMCP registers it (name= / first positional string / function name). */
  name: string;
}

const SERVER_FACTORIES = new Set(['from_openapi', 'from_fastapi', 'as_proxy']);

export class Upgrade {
  readonly project: PyProject;
  readonly review: ReviewItem[] = [];
  readonly changes: ChangeRecord[] = [];
  private readonly states = new Map<string, ModuleState>();
  /** Local names of the FastMCP class / Context class / the `fastmcp` module, per module path. */
  readonly serverClass = new Map<string, Set<string>>();
  readonly contextClass = new Map<string, Set<string>>();
  readonly fastmcpModule = new Map<string, Set<string>>();
  /** Server variables visible in each module. */
  readonly servers = new Map<string, Map<string, ServerRef>>();
  readonly components: Component[] = [];

  constructor(
    readonly files: ProjectFile[],
    readonly hop: Hop,
  ) {
    this.project = loadPythonProject(files);
    for (const b of this.project.broken) {
      const text = files.find((f) => f.path === b.path)?.text ?? '';
      if (!/\bfastmcp\b/.test(text)) continue;
      this.review.push(unparsableInputItem(b, text));
    }
    this.analyse();
  }

  get modules(): PyModule[] {
    return [...this.project.modules.values()];
  }

  /** Modules that import fastmcp (the ones the hop may edit). */
  get fastmcpModules(): PyModule[] {
    return this.modules.filter((m) => this.importsFastmcp(m));
  }

  importsFastmcp(mod: PyModule): boolean {
    return api.findImports(mod.tree.rootNode, (m) => m === 'fastmcp' || m.startsWith('fastmcp.')).length > 0;
  }

  state(mod: PyModule): ModuleState {
    let s = this.states.get(mod.path);
    if (!s) {
      s = { mod, edits: new api.EditSet(), imports: [] };
      this.states.set(mod.path, s);
    }
    return s;
  }

  edit(mod: PyModule, edit: api.Edit | api.Edit[] | undefined): void {
    this.state(mod).edits.add(edit);
  }

  /** One ChangeRecord. `rule` is the part after the hop prefix. */
  record(mod: PyModule, node: SyntaxNode, rule: string, automatic: boolean, message: string, endNode?: SyntaxNode): void {
    const change: ChangeRecord = { transform: this.hop.transform, rule: `${this.hop.rule}.${rule}`, file: mod.path, line: api.lineOfNode(node), automatic, message };
    const end = (endNode ?? node).endPosition.row + 1;
    if (end > change.line) change.endLine = end;
    this.changes.push(change);
  }

  /** A review item and its (non-automatic) ChangeRecord. */
  flag(mod: PyModule, node: SyntaxNode, rule: string, code: string, severity: Severity, message: string, suggestion: string): void {
    this.review.push(reviewAt(code, severity, mod.path, node, message, suggestion));
    this.record(mod, node, rule, false, message);
  }

  /** Adds `from <module> import <name>` unless the module already binds it that way. */
  addImport(mod: PyModule, module: string, name: string): void {
    const line = `from ${module} import ${name}`;
    const st = this.state(mod);
    if (api.importsName(mod.tree.rootNode, module, name) || st.imports.includes(line)) return;
    st.imports.push(line);
  }

  addImportLine(mod: PyModule, line: string): void {
    const st = this.state(mod);
    if (!st.imports.includes(line)) st.imports.push(line);
  }

  // -------------------------------------------------------------------------------------------
  // Analysis

  private analyse(): void {
    for (const mod of this.modules) {
      const server = new Set<string>();
      const context = new Set<string>();
      const module = new Set<string>();
      for (const site of api.findImports(mod.tree.rootNode, (m) => m === 'fastmcp' || m.startsWith('fastmcp.'))) {
        for (const n of site.names) {
          if (site.kind === 'import') {
            if (n.name === 'fastmcp') module.add(n.local);
            continue;
          }
          if (n.name === 'FastMCP' && (site.module === 'fastmcp' || site.module === 'fastmcp.server' || site.module === 'fastmcp.server.server')) server.add(n.local);
          if (n.name === 'Context' && (site.module === 'fastmcp' || site.module === 'fastmcp.server' || site.module === 'fastmcp.server.context')) context.add(n.local);
        }
      }
      this.serverClass.set(mod.path, server);
      this.contextClass.set(mod.path, context);
      this.fastmcpModule.set(mod.path, module);
    }

    // Servers built in each module.
    const own = new Map<string, ServerRef>();
    for (const mod of this.modules) {
      const vars = new Map<string, ServerRef>();
      for (const call of walk(mod.tree.rootNode)) {
        if (call.type !== 'call' || !this.isServerConstruction(mod, call)) continue;
        const variable = api.assignedName(call);
        if (!variable || vars.has(variable)) continue;
        const assignment = call.parent!;
        const stmt = assignment.parent?.type === 'expression_statement' ? assignment.parent : undefined;
        const ref: ServerRef = { mod, variable, call, stmt };
        vars.set(variable, ref);
        own.set(`${mod.path}\u0000${variable}`, ref);
      }
      this.servers.set(mod.path, vars);
    }
    // Servers imported from project modules, and parameters typed with the FastMCP class.
    for (const mod of this.modules) {
      const vars = this.servers.get(mod.path)!;
      for (const node of walk(mod.tree.rootNode)) {
        if (node.type !== 'import_from_statement') continue;
        for (const imp of importedNames(node)) {
          const target = resolveImport(this.project, mod, imp);
          const ref = target && imp.imported ? own.get(`${target.path}\u0000${imp.imported}`) : undefined;
          if (ref && !vars.has(imp.local)) vars.set(imp.local, { mod: ref.mod, variable: ref.variable, call: ref.call, stmt: ref.stmt });
        }
      }
      const classes = this.serverClass.get(mod.path)!;
      for (const fn of walk(mod.tree.rootNode)) {
        if (fn.type !== 'function_definition') continue;
        for (const p of api.parametersOf(fn)) {
          if (!vars.has(p.name) && (api.annotationNames(p.annotation, classes) || /\bFastMCP\b/.test(p.annotation?.text ?? ''))) vars.set(p.name, { mod, variable: p.name });
        }
      }
    }
    // Decorated components.
    for (const mod of this.modules) {
      const vars = this.servers.get(mod.path)!;
      if (!vars.size) continue;
      for (const d of api.decoratedFunctions(mod.tree.rootNode, new Set(vars.keys()), new Set(['tool', 'resource', 'prompt']))) {
        const kind = d.method as Component['kind'];
        this.components.push({ mod, kind, server: d.receiver, decorator: d.decorator, call: d.call, fn: d.fn, definition: d.decorator.parent!, name: componentName(d.call, d.fn, kind) });
      }
    }
  }

  /** `FastMCP(...)`, `fastmcp.FastMCP(...)`, `FastMCP.from_openapi(...)`, `create_proxy(...)`, `FastMCPOpenAPI(...)`. */
  isServerConstruction(mod: PyModule, call: SyntaxNode): boolean {
    const fn = call.childForFieldName('function');
    if (!fn) return false;
    const classes = this.serverClass.get(mod.path) ?? new Set();
    const modules = this.fastmcpModule.get(mod.path) ?? new Set();
    if (fn.type === 'identifier') return classes.has(fn.text) || fn.text === 'create_proxy' || fn.text === 'FastMCPOpenAPI' || fn.text === 'FastMCPProxy';
    if (fn.type !== 'attribute') return false;
    const obj = fn.childForFieldName('object')!;
    const attr = fn.childForFieldName('attribute')!.text;
    if (obj.type === 'identifier' && modules.has(obj.text) && attr === 'FastMCP') return true;
    if (obj.type === 'identifier' && classes.has(obj.text) && SERVER_FACTORIES.has(attr)) return true;
    return false;
  }

  /** Server variables visible in `mod` (own, imported, typed parameters). */
  serverVars(mod: PyModule): Map<string, ServerRef> {
    return this.servers.get(mod.path) ?? new Map();
  }

  /** Constructor calls of servers built in `mod` (the FastMCP class only, not factories). */
  constructorCalls(mod: PyModule): { call: SyntaxNode; ref?: ServerRef }[] {
    const classes = this.serverClass.get(mod.path) ?? new Set();
    const modules = this.fastmcpModule.get(mod.path) ?? new Set();
    const out: { call: SyntaxNode; ref?: ServerRef }[] = [];
    for (const call of walk(mod.tree.rootNode)) {
      if (call.type !== 'call') continue;
      const fn = call.childForFieldName('function');
      // `FastMCP.from_openapi(...)` / `from_fastapi(...)` pass their keyword settings to the constructor.
      const factory = fn?.type === 'attribute' && ['from_openapi', 'from_fastapi'].includes(fn.childForFieldName('attribute')!.text) ? fn.childForFieldName('object')! : undefined;
      const isCtor =
        (fn?.type === 'identifier' && classes.has(fn.text)) ||
        (fn?.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'FastMCP' && modules.has(fn.childForFieldName('object')!.text)) ||
        (factory?.type === 'identifier' && classes.has(factory.text));
      if (!isCtor) continue;
      const variable = api.assignedName(call);
      const ref = variable ? [...this.serverVars(mod).values()].find((r) => r.call?.id === call.id) : undefined;
      out.push({ call, ref });
    }
    return out;
  }

  /** Names bound to a FastMCP Context inside `fn`: parameters typed Context, `x = get_context()`. */
  contextNames(mod: PyModule, fn: SyntaxNode): string[] {
    const classes = this.contextClass.get(mod.path) ?? new Set();
    const modules = this.fastmcpModule.get(mod.path) ?? new Set();
    const names = api
      .parametersOf(fn)
      .filter((p) => api.annotationNames(p.annotation, classes) || (p.annotation && [...modules].some((m) => p.annotation!.text === `${m}.Context`)))
      .map((p) => p.name);
    const body = fn.childForFieldName('body');
    if (body) {
      for (const node of api.walkScope(body)) {
        if (node.type !== 'assignment') continue;
        const right = node.childForFieldName('right');
        const left = node.childForFieldName('left');
        if (right?.type === 'call' && right.childForFieldName('function')?.text === 'get_context' && left?.type === 'identifier') names.push(left.text);
      }
    }
    return [...new Set(names)];
  }

  /** Every (function, context name) pair of a module. */
  contextUses(mod: PyModule): { fn: SyntaxNode; names: Set<string> }[] {
    const out: { fn: SyntaxNode; names: Set<string> }[] = [];
    for (const fn of walk(mod.tree.rootNode)) {
      if (fn.type !== 'function_definition') continue;
      const names = this.contextNames(mod, fn);
      if (names.length) out.push({ fn, names: new Set(names) });
    }
    return out;
  }

  /** `<ctx>.<member>` attribute nodes inside functions that take a Context, members filtered. */
  contextAccesses(mod: PyModule, members: Set<string>): { attr: SyntaxNode; receiver: string; member: string; fn: SyntaxNode }[] {
    const out: { attr: SyntaxNode; receiver: string; member: string; fn: SyntaxNode }[] = [];
    const seen = new Set<number>();
    for (const { fn, names } of this.contextUses(mod)) {
      for (const node of api.walkScope(fn.childForFieldName('body')!)) {
        if (node.type !== 'attribute' || seen.has(node.id)) continue;
        const obj = node.childForFieldName('object')!;
        const member = node.childForFieldName('attribute')!.text;
        if (obj.type !== 'identifier' || !names.has(obj.text) || !members.has(member)) continue;
        seen.add(node.id);
        out.push({ attr: node, receiver: obj.text, member, fn });
      }
    }
    return out;
  }

  /** Method calls `<server>.<method>(...)` on the servers visible in `mod` (and `<ctx>.fastmcp.<method>(...)`). */
  serverMethodCalls(mod: PyModule, methods: Set<string>): { call: SyntaxNode; receiver: string; method: string; attr: SyntaxNode }[] {
    const vars = this.serverVars(mod);
    const ctxNames = new Set(this.contextUses(mod).flatMap((u) => [...u.names]));
    const out: { call: SyntaxNode; receiver: string; method: string; attr: SyntaxNode }[] = [];
    for (const node of walk(mod.tree.rootNode)) {
      if (node.type !== 'call') continue;
      const m = api.methodOf(node);
      if (!m || !methods.has(m.method)) continue;
      const r = m.receiver;
      const isServer =
        (r.type === 'identifier' && vars.has(r.text)) ||
        (r.type === 'attribute' && r.childForFieldName('attribute')!.text === 'fastmcp' && ctxNames.has(r.childForFieldName('object')!.text));
      if (isServer) out.push({ call: node, receiver: r.text, method: m.method, attr: m.attr });
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Output

  /** The project's files with `outputs` applied (what the hop leaves). */
  private filesAfter(outputs: OutputFile[]): ProjectFile[] {
    const out = new Map(outputs.map((o) => [o.path, o.text as string]));
    return this.files.map((f) => (out.has(f.path) ? { ...f, text: out.get(f.path)! } : f));
  }

  finish(extraPins?: (result: TransformResult) => void): TransformResult {
    const outputs: OutputFile[] = [];
    for (const st of this.states.values()) {
      if (st.imports.length) {
        const root = st.mod.tree.rootNode;
        const point = api.importInsertionPoint(root);
        st.edits.add({ start: point.index, end: point.index, text: api.renderImports(point, st.imports, api.eolOf(st.mod.text)) });
        const anchor = root.descendantForIndex(Math.max(0, point.index - 1));
        this.record(st.mod, anchor, 'import', true, `added ${st.imports.join('; ')}`);
      }
      if (!st.edits.size) continue;
      const after = st.edits.apply(st.mod.text);
      if (after === st.mod.text) continue;
      const problems = checkPythonSyntax(after);
      if (problems.length) {
        this.review.push(unparsableOutputItem(st.mod.path, after, problems[0]!, 'upgraded'));
        continue;
      }
      outputs.push({ path: st.mod.path, text: after, before: st.mod.text });
    }
    const pins = rewritePins(this.files, { package: 'fastmcp', version: this.hop.version, transform: this.hop.transform, rule: `${this.hop.rule}.pin` });
    // FastMCP 4 no longer brings httpx & co. (FastMCP 3 no longer brings typer, redis, docket, ...):
    // add the ones the code imports next to the pin.
    const lostList = this.hop.to === 'FastMCP 4' ? LOST_WITH_FASTMCP3 : this.hop.to === 'FastMCP 3' ? LOST_WITH_FASTMCP2 : undefined;
    const lost = lostList ? addLostOnHop(this.filesAfter(outputs), pins.files, pins.changes, { package: 'fastmcp', lost: lostList, oldStack: this.hop.from.replace('FastMCP', 'fastmcp'), newStack: `fastmcp ${this.hop.version}`, transform: this.hop.transform, rule: `${this.hop.rule}.pin.transitive` }) : undefined;
    const moved = lost?.files ?? pins.files;
    // Pins that cannot install next to FastMCP 4 (`starlette<1`, `mcp<2`) move to the range it needs.
    const resolved = this.hop.to === 'FastMCP 4' ? resolveConflictsInOutputs(this.files, moved, this.hop.transform, `${this.hop.rule}.pin.conflict`) : undefined;
    outputs.push(...(resolved?.files ?? moved));
    this.changes.push(...pins.changes, ...(lost?.changes ?? []), ...(resolved?.changes ?? []));
    this.review.push(...(resolved?.review ?? []));
    this.review.push(...pins.review);
    outputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const result: TransformResult = { files: outputs, changes: this.changes, review: this.review, servers: [] };
    extraPins?.(result);
    result.changes!.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    return result;
  }
}

/** The name FastMCP registers a decorated function under. */
function componentName(call: SyntaxNode | undefined, fn: SyntaxNode, kind: Component['kind']): string {
  const fallback = fn.childForFieldName('name')!.text;
  if (!call) return fallback;
  const args = api.callArgs(call);
  const nameKw = args.find((a) => a.kind === 'keyword' && a.name === 'name');
  const byKw = api.stringLiteralValue(nameKw?.value);
  if (byKw !== undefined) return byKw;
  if (kind !== 'resource') {
    const first = args.find((a) => a.kind === 'positional');
    const v = api.stringLiteralValue(first?.value);
    if (v !== undefined) return v;
  }
  return fallback;
}

// ---------------------------------------------------------------------------------------------
// Small helpers the rules share

/** Is a node a literal whose text can be copied anywhere (numbers, strings, booleans, None, literal containers)? */
export function isLiteral(node: SyntaxNode): boolean {
  if (node.type === 'string') return !node.namedChildren.some((c) => c.type === 'interpolation');
  if (node.type === 'concatenated_string') return node.namedChildren.every(isLiteral);
  if (node.type === 'unary_operator') return node.namedChildren.every(isLiteral);
  if (['list', 'tuple', 'set'].includes(node.type)) return node.namedChildren.every(isLiteral);
  if (node.type === 'dictionary') return node.namedChildren.every((p) => p.type === 'pair' && p.namedChildren.every(isLiteral));
  return ['integer', 'float', 'true', 'false', 'none'].includes(node.type);
}

/** The statement node (direct child of a block/module) holding `node`. */
export function statementOf(node: SyntaxNode): SyntaxNode {
  let cur = node;
  while (cur.parent && cur.parent.type !== 'module' && cur.parent.type !== 'block') cur = cur.parent;
  return cur;
}

/** Inserts `code` as a new statement right after `stmt`, at its indentation (a blank line before when `blank`). */
export function insertAfterStatement(text: string, stmt: SyntaxNode, code: string, blank = false): api.Edit {
  const nl = api.eolOf(text);
  const indent = ' '.repeat(stmt.startPosition.column);
  return { start: stmt.endIndex, end: stmt.endIndex, text: `${blank ? nl : ''}${nl}${indent}${code}` };
}

/**
 * The source of `node` for use in a statement indented `toIndent`: its continuation lines lose the
 * indentation the line it started on had beyond `toIndent` (so a multi-line dict moved out of a call
 * keeps its shape).
 */
export function movedText(text: string, node: SyntaxNode, toIndent: number): string {
  const from = indentAt(text, node.startIndex);
  const shift = from - toIndent;
  const lines = node.text.split('\n');
  if (lines.length === 1 || shift <= 0) return node.text;
  return [lines[0], ...lines.slice(1).map((l) => (l.slice(0, shift).trim() === '' ? l.slice(Math.min(shift, l.length)) : l))].join('\n');
}

/** `x` → `(x)` unless it is already an atom. */
export function parenthesize(node: SyntaxNode): string {
  return ['identifier', 'attribute', 'call', 'subscript', 'string', 'integer', 'float', 'list', 'tuple', 'set', 'dictionary', 'parenthesized_expression', 'true', 'false', 'none'].includes(node.type)
    ? node.text
    : `(${node.text})`;
}

/** A set literal for a collection argument: `["a", "b"]` / `("a",)` → `{"a", "b"}`; other values → `set(x)`. */
export function asSetLiteral(node: SyntaxNode): string {
  if (node.type === 'set') return node.text;
  if ((node.type === 'list' || node.type === 'tuple') && node.namedChildren.length > 0 && node.namedChildren.every((c) => c.type !== 'comment')) {
    return `{${node.namedChildren.map((c) => c.text).join(', ')}}`;
  }
  return `set(${node.text})`;
}

/** Wraps an expression in `await`, with parentheses where the await would otherwise bind to less. */
export function awaitEdit(call: SyntaxNode): api.Edit[] {
  const parent = call.parent;
  const needsParens =
    !!parent &&
    ((parent.type === 'attribute' && parent.childForFieldName('object')?.id === call.id) ||
      (parent.type === 'subscript' && parent.childForFieldName('value')?.id === call.id) ||
      (parent.type === 'call' && parent.childForFieldName('function')?.id === call.id) ||
      parent.type === 'binary_operator' && parent.childForFieldName('operator')?.text === '**');
  if (needsParens) return [{ start: call.startIndex, end: call.startIndex, text: '(await ' }, { start: call.endIndex, end: call.endIndex, text: ')' }];
  return [{ start: call.startIndex, end: call.startIndex, text: 'await ' }];
}

export function isAwaited(node: SyntaxNode): boolean {
  let cur = node.parent;
  while (cur?.type === 'parenthesized_expression') cur = cur.parent;
  return cur?.type === 'await';
}

/** The enclosing function is `async def`. */
export function isAsyncFunction(fn: SyntaxNode): boolean {
  return fn.children.some((c) => c.type === 'async');
}

/**
 * A Python string literal for `value` to be written at `node`: pyString's, unless `node` sits inside
 * an f-string replacement field whose quotes it would close (Python < 3.12), where the other quote
 * is used. Undefined when no quote works.
 */
export function stringLiteralAt(node: SyntaxNode, value: string): string | undefined {
  const literal = pyString(value);
  let inField = false;
  for (let cur = node.parent; cur; cur = cur.parent) {
    if (cur.type === 'interpolation') inField = true;
    else if (cur.type === 'string' && inField) {
      const quote = /['"]+$/.exec(cur.namedChildren.find((c) => c.type === 'string_start')?.text ?? '')?.[0] ?? '"';
      if (!literal.startsWith(quote[0]!)) return literal;
      const other = quote[0] === '"' ? "'" : '"';
      if (/[\\'"\n\r]/.test(value)) return undefined;
      return `${other}${value}${other}`;
    }
  }
  return literal;
}

export function literalString(node: SyntaxNode | null | undefined): string | undefined {
  return api.stringLiteralValue(node);
}
