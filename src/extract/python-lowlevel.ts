// Extractor: Python SDK v1 low-level `Server` (decorator API) → ServerModel.
// Reads the project statically; every construct it cannot carry becomes a ReviewItem.
import type {
  HandlerModel,
  ParamBinding,
  PromptModel,
  ResourceModel,
  ResourceTemplateModel,
  ReviewItem,
  SchemaNode,
  ServerModel,
  ToolAnnotationsModel,
  ToolModel,
  TransportModel,
  Value,
} from '../model/index.js';
import { literal, pyExpr } from '../model/index.js';
import type { SyntaxNode } from '../parse/python.js';
import { dropSelfAssignments, rewriteArgumentReads, type ParamInfo } from './python/arguments.js';
import { DispatchSplitter } from './python/dispatch.js';
import { importedNames, lineOf, walk, type PyModule, type PyProject } from './python/project.js';
import { REVIEW_CODES as C, reviewAt } from './python/review.js';
import { pydanticFields, SchemaProblem, schemaFromAnnotation, schemaFromStatic, toJson, toValue } from './python/schema.js';
import { CallValue, ClassValue, DictValue, functionScope, moduleScope, StaticEvaluator, Unknown, type Scope, type StaticValue } from './python/static-eval.js';
import { applyEdits, lineStartOf, reindent } from './python/text.js';
import { argumentKeysRead, BRIDGE_KINDS, bridgeKindsOf, decoratorObjects, helperRegistrations, listMayChange, RuntimeListNeeded, shortSource, staticNode, SURFACE, unknownIsPortable, type BridgeKind, type HelperRegistration } from './python/runtime-lists.js';
import { parsePython } from '../parse/python.js';
import { lowlevelServerCallees, serverSites } from './python/lowlevel-discovery.js';
import { keptValue } from './python/startup.js';
import { StartupReader } from './python/lowlevel-startup.js';
import { pyString } from '../emit/python/literal.js';
import { CAMEL_CASE_READ } from '../emit/python/runtime-bridge.js';

export const LOWLEVEL_IDIOM = 'python-lowlevel-v1';
export const LOWLEVEL_V2_IDIOM = 'python-lowlevel-v2';

/**
 * SDK v1 registers handlers with decorators (`@server.call_tool()`, handler `(name, arguments)`);
 * SDK v2 passes them to the constructor (`on_call_tool=`, handler `(ctx, params)` returning result
 * objects). Everything after finding the handlers is shared.
 */
export type LowlevelVersion = 'v1' | 'v2';

/** v2 handler keyword → the v1 decorator name used internally. */
const V2_HANDLER_KWARGS: Record<string, string> = {
  on_list_tools: 'list_tools',
  on_call_tool: 'call_tool',
  on_list_resources: 'list_resources',
  on_read_resource: 'read_resource',
  on_list_resource_templates: 'list_resource_templates',
  on_list_prompts: 'list_prompts',
  on_get_prompt: 'get_prompt',
};

const HANDLER_KINDS = new Set(['list_tools', 'call_tool', 'list_resources', 'read_resource', 'list_resource_templates', 'list_prompts', 'get_prompt']);

/** Where the server's start-up code sits, so the emitter can replace it. */
export interface TransportSite {
  transport: TransportModel;
  /** Whole lines to replace. */
  start: number;
  end: number;
  indent: number;
  /** The replacement runs inside an `async def` (stdio `async with` blocks). */
  inAsync: boolean;
  /** Statements run right before the run call (values only known where the original ran). */
  preamble?: string[];
}

/** Source-specific facts the emitter needs to rewrite the module in place. */
export interface PyLayout {
  module: PyModule;
  /** The `Server(...)` call expression. */
  serverCall: SyntaxNode;
  /** Decorated handler definitions that become generated functions. */
  handlers: SyntaxNode[];
  /** Decorated handlers with no FastMCP equivalent: commented out, with a review item. */
  unsupported: SyntaxNode[];
  /** Statements that only fed the low-level run call (`options = server.create_initialization_options()`). */
  removable: SyntaxNode[];
  transportSites: TransportSite[];
  /** Module-level names (tool lists) whose only use was a removed handler: removed when unused. */
  candidates: SyntaxNode[];
  /** Names the generated code needs from other project modules. */
  extraImports: { module: string; name: string }[];
  /** `return Server(...)` in a factory: the emitter binds the server to `variable` and returns it. */
  returned?: boolean;
  /** Statements to replace whole (start-up pieces converted by `src/emit/python/startup.ts`). */
  replacements: { start: number; end: number; text: string }[];
  /** Lists served at run time by the original handlers (src/emit/python/runtime-bridge.ts). */
  bridge?: BridgeLayout;
}

export interface BridgeLayout {
  kinds: BridgeKind[];
  /** v1: the server name in `@server.list_tools()` of the kept handlers, retargeted to the registry. */
  retarget: SyntaxNode[];
  /** v2: handler keyword → function name, passed to the registry. */
  v2Handlers: Record<string, string>;
  /** `register_tools(server)` arguments: the helper registers its handlers with the registry. */
  helperArguments: SyntaxNode[];
  /** Where those helpers decorate (`@<param>.list_tools()` in `file`): migrated, not unseen handlers. */
  helperReceivers: { file: string; variable: string }[];
  /** Some module reads SDK v1 camelCase attributes (`tool.inputSchema`) of protocol objects. */
  camelCaseReads: boolean;
}

export interface ExtractedServer {
  model: ServerModel;
  layout: PyLayout;
}

export function extractLowlevelServers(project: PyProject, version: LowlevelVersion = 'v1'): ExtractedServer[] {
  const out: ExtractedServer[] = [];
  const evaluator = new StaticEvaluator(project);
  for (const module of project.modules.values()) {
    const callees = lowlevelServerCallees(module);
    if (callees.size === 0) continue;
    for (const site of serverSites(module, callees)) {
      if ((serverVersion(site.call) === 'v2') !== (version === 'v2')) continue;
      out.push(new ServerExtraction(project, module, evaluator, site.variable, site.statement, site.call, version, site.returned).run());
    }
  }
  return out;
}

/** A constructor with `on_*=` handler arguments is the SDK v2 API. */
export function serverVersion(call: SyntaxNode): LowlevelVersion {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return args.some((a) => a.type === 'keyword_argument' && /^on_/.test(a.childForFieldName('name')?.text ?? '')) ? 'v2' : 'v1';
}

class ServerExtraction {
  private readonly review: ReviewItem[] = [];
  private readonly scope: Scope;
  private readonly block: SyntaxNode;
  private readonly factory?: SyntaxNode;
  private readonly splitter: DispatchSplitter;
  private readonly layout: PyLayout;
  private readonly usedFunctionNames = new Set<string>();
  /** What the original's `InitializationOptions(...)` told clients instead of the Server's own values. */
  private readonly initOverrides: Partial<Pick<ServerModel, 'name' | 'version' | 'instructions'>> = {};
  /** Lists served at run time, with why (runtime bridge). */
  private readonly runtimeKinds = new Map<BridgeKind, { reason: string; node: SyntaxNode; names: string[] }>();

  constructor(
    private readonly project: PyProject,
    private readonly module: PyModule,
    private readonly evaluator: StaticEvaluator,
    private readonly variable: string,
    private readonly assignment: SyntaxNode,
    private readonly call: SyntaxNode,
    private readonly version: LowlevelVersion = 'v1',
    returned = false,
  ) {
    this.block = assignment.parent?.parent ?? module.tree.rootNode;
    let scope = moduleScope(module);
    for (let p = assignment.parent; p; p = p.parent) {
      if (p.type === 'function_definition') {
        this.factory ??= p;
      }
    }
    if (this.factory) scope = functionScope(this.factory, scope);
    this.scope = scope;
    this.splitter = new DispatchSplitter(evaluator, module.text);
    this.layout = { module, serverCall: call, handlers: [], unsupported: [], removable: [], transportSites: [], candidates: [], extraImports: [], returned, replacements: [] };
  }

  private get file(): string {
    return this.module.path;
  }

  run(): ExtractedServer {
    const handlers = this.findHandlers();
    // Handlers registered by helper functions (`register_tools(server)`) are served at run time.
    const helpers = this.version === 'v1' ? helperRegistrations(this.project, this.module, this.variable, this.factory?.childForFieldName('body') ?? this.module.tree.rootNode) : [];
    for (const h of helpers) {
      for (const handler of h.handlers.filter((x) => !HANDLER_KINDS.has(x))) {
        this.review.push(reviewAt(C.unsupportedHandler, 'warning', this.file, h.argument, `\`${h.callee}(${this.variable})\` (${h.file}:${h.line}) registers a ${handler} handler, which has no FastMCP equivalent: it is accepted and not called`, unsupportedAdvice(handler)));
      }
      for (const handler of h.handlers) {
        for (const kind of bridgeKindsOf(handler)) {
          // A kind is bridged when its list handler is the helper's, or its dispatch handler is and the list is here.
          const listHandler = BRIDGE_KINDS[kind][0];
          if (handler !== listHandler && !handlers.some((x) => x.kind === listHandler)) continue;
          if (!this.runtimeKinds.has(kind)) this.runtimeKinds.set(kind, { reason: `their handlers are registered by \`${h.callee}(${this.variable})\` (${h.file}:${h.line})`, node: h.argument, names: [] });
        }
      }
    }
    const byKind = new Map<string, SyntaxNode>();
    for (const { kind, def, decorated } of handlers) {
      if (HANDLER_KINDS.has(kind)) {
        byKind.set(kind, def);
        this.layout.handlers.push(decorated);
      } else {
        this.layout.unsupported.push(decorated);
        this.review.push(
          reviewAt(C.unsupportedHandler, 'warning', this.file, decorated, `@${this.variable}.${kind}() has no direct FastMCP equivalent; the handler was commented out`, unsupportedAdvice(kind)),
        );
      }
    }
    const model: ServerModel = {
      ...this.serverOptions(),
      variable: this.variable,
      transports: [],
      tools: this.tools(byKind.get('list_tools'), byKind.get('call_tool')),
      resources: [],
      resourceTemplates: [],
      prompts: this.prompts(byKind.get('list_prompts'), byKind.get('get_prompt')),
      origin: { file: this.file, line: lineOf(this.assignment), idiom: this.version === 'v2' ? LOWLEVEL_V2_IDIOM : LOWLEVEL_IDIOM, factory: this.factory?.childForFieldName('name')?.text },
      review: this.review,
    };
    const { resources, templates } = this.resources(byKind.get('list_resources'), byKind.get('list_resource_templates'), byKind.get('read_resource'));
    model.resources = resources;
    model.resourceTemplates = templates;
    this.bridgeLayout(handlers, helpers, model);
    new StartupReader(this.module, this.evaluator, this.variable, this.assignment, this.call, this.layout, this.review, this.initOverrides, this.factory).findTransports();
    Object.assign(model, this.initOverrides);
    // `def create_server() -> Server: return Server(...)` now returns the FastMCP server.
    const returnType = this.layout.returned ? this.factory?.childForFieldName('return_type') : undefined;
    if (returnType && returnType.text === this.call.childForFieldName('function')?.text) this.layout.replacements.push({ start: returnType.startIndex, end: returnType.endIndex, text: 'FastMCP' });
    model.transports = this.layout.transportSites.map((s) => s.transport);
    this.findRequestContextUses();
    return { model, layout: this.layout };
  }

  // ---- server constructor -------------------------------------------------------------

  private serverOptions(): Pick<ServerModel, 'name' | 'version' | 'instructions'> {
    const args = this.call.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
    const positional = args.filter((a) => a.type !== 'keyword_argument');
    const kw = new Map(args.filter((a) => a.type === 'keyword_argument').map((a) => [a.childForFieldName('name')!.text, a.childForFieldName('value')!]));
    // The constructor stays where it is, so every argument keeps its source expression (a constant
    // stays a reference to it); only plain literals are read as values.
    const valueOf = (n: SyntaxNode | undefined) => (n ? keptValue(n, toValue(this.evaluator.evaluate(n, this.scope))) : undefined);
    for (const [name, node] of kw) {
      if (['name', 'version', 'instructions'].includes(name) || (this.version === 'v2' && name in V2_HANDLER_KWARGS)) continue;
      this.review.push(
        reviewAt(C.serverOption, 'warning', this.file, node.parent!, `Server option \`${name}=\` is not carried to FastMCP`, name === 'lifespan' ? 'Pass the lifespan to FastMCP(lifespan=...) and read its state with ctx.lifespan_context instead of server.request_context.' : 'Check the FastMCP constructor for an equivalent setting.'),
      );
    }
    // `Server(**options)` / `Server(*args)`: the splat goes to FastMCP as it is (it takes name, version, instructions).
    const splat = positional.find((a) => a.type === 'list_splat' || a.type === 'dictionary_splat');
    const nameNode = kw.get('name') ?? positional.filter((a) => a.type !== 'list_splat' && a.type !== 'dictionary_splat')[0];
    if (!nameNode && !splat) {
      this.review.push(reviewAt(C.serverOption, 'error', this.file, this.call, 'The Server is created without a name; FastMCP would report a random "FastMCP-xxxx" name', 'Give the server the name clients should see: FastMCP("name").'));
    }
    return {
      name: valueOf(nameNode) ?? (splat ? pyExpr(splat.text) : literal('')),
      version: valueOf(kw.get('version') ?? positional[1]),
      instructions: valueOf(kw.get('instructions') ?? positional[2]),
    };
  }

  // ---- handlers -------------------------------------------------------------------------

  private findHandlers(): { kind: string; def: SyntaxNode; decorated: SyntaxNode }[] {
    if (this.version === 'v2') return this.constructorHandlers();
    const out: { kind: string; def: SyntaxNode; decorated: SyntaxNode }[] = [];
    const root = this.variable.includes('.') ? (enclosingClass(this.assignment) ?? this.module.tree.rootNode) : (this.factory?.childForFieldName('body') ?? this.module.tree.rootNode);
    for (const node of walk(root)) {
      if (node.type !== 'decorated_definition') continue;
      const def = node.childForFieldName('definition');
      if (def?.type !== 'function_definition') continue;
      for (const dec of node.namedChildren.filter((c) => c.type === 'decorator')) {
        const expr = dec.namedChild(0);
        const callee = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
        if (callee?.type !== 'attribute' || callee.childForFieldName('object')?.text !== this.variable) continue;
        out.push({ kind: callee.childForFieldName('attribute')!.text, def, decorated: node });
      }
    }
    return out;
  }

  /** v2: `Server(..., on_call_tool=handle_call)` → the function `handle_call` in scope. */
  private constructorHandlers(): { kind: string; def: SyntaxNode; decorated: SyntaxNode }[] {
    const out: { kind: string; def: SyntaxNode; decorated: SyntaxNode }[] = [];
    const blocks = [this.factory?.childForFieldName('body'), this.module.tree.rootNode].filter((b): b is SyntaxNode => !!b);
    for (const arg of this.call.childForFieldName('arguments')?.namedChildren ?? []) {
      if (arg.type !== 'keyword_argument') continue;
      const key = arg.childForFieldName('name')?.text ?? '';
      const value = arg.childForFieldName('value');
      if (!/^on_/.test(key) || !value) continue;
      const kind = V2_HANDLER_KWARGS[key] ?? key.replace(/^on_/, '');
      const stmt = value.type === 'identifier' ? blocks.map((b) => functionIn(b, value.text)).find((f) => f) : undefined;
      if (!stmt) {
        this.review.push(reviewAt(C.unsupportedHandler, 'error', this.file, arg, `The ${key} handler is not a function defined in this module`, 'Define the handler as a named function next to the server, or register its tools with FastMCP by hand.'));
        continue;
      }
      const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition')! : stmt;
      out.push({ kind, def, decorated: stmt });
    }
    return out;
  }

  /**
   * Names the handler body uses for the dispatch key and the arguments: v1 parameters
   * `(name, arguments)`; v2 attributes of `params` (`params.name`, `params.arguments`).
   */
  private dispatchNames(fn: SyntaxNode, key: 'name' | 'uri'): { keyParam?: string; argsParam?: string } {
    const params = this.params(fn);
    if (this.version === 'v1') return { keyParam: params[0], argsParam: params[1] };
    const p = params[1];
    return p ? { keyParam: `${p}.${key}`, argsParam: `${p}.arguments` } : {};
  }

  private params(fn: SyntaxNode): string[] {
    const params = fn.childForFieldName('parameters')?.namedChildren ?? [];
    return params.map((p) => (p.type === 'identifier' ? p.text : (p.childForFieldName('name')?.text ?? p.namedChild(0)?.text ?? '')));
  }

  private isAsync(fn: SyntaxNode): boolean {
    return fn.children.some((c) => c.type === 'async');
  }

  /**
   * The value a list_* handler returns, evaluated statically. Throws RuntimeListNeeded when the list
   * may hold other items at run time than the static reading found.
   */
  private listed(fn: SyntaxNode, what: string): StaticValue[] {
    const scope = functionScope(fn, this.scope);
    const returns = [...walk(fn.childForFieldName('body')!)].filter((n) => n.type === 'return_statement' && enclosingFunction(n)?.id === fn.id);
    if (returns.length !== 1 || !returns[0].namedChild(0)) throw new RuntimeListNeeded(`the ${what} list handler is not a single return statement`, fn);
    if (this.version === 'v1' && this.params(fn).length > 0) throw new RuntimeListNeeded(`the ${what} list handler takes the request (paginated with a cursor)`, fn);
    const expr = returns[0].namedChild(0)!;
    let value = this.evaluator.evaluate(expr, scope);
    // v2: `return ListToolsResult(tools=[...])`
    if (value instanceof CallValue && /^List\w+Result$/.test(value.simpleName)) {
      const cursor = value.kwarg('nextCursor');
      if (cursor !== undefined && cursor !== null) throw new RuntimeListNeeded(`the ${what} list is paginated (next_cursor)`, expr);
      value = ['tools', 'resources', 'resource_templates', 'resourceTemplates', 'prompts'].map((k) => value instanceof CallValue ? value.kwargs.get(k) : undefined).find((v) => v !== undefined) ?? value.args[0];
    }
    if (!Array.isArray(value)) throw new RuntimeListNeeded(`the returned ${what} list \`${shortSource(expr)}\` cannot be read statically`, expr, this.partialNames(expr, scope));
    const change = listMayChange(fn, expr, this.module, this.project);
    if (change) throw new RuntimeListNeeded(`the ${what} list may change at run time: ${change}`, expr);
    if (value.length === 0 && !/^(\[\s*\]|\(\s*\)|list\(\s*\))$/.test(expr.text)) throw new RuntimeListNeeded(`the ${what} list \`${shortSource(expr)}\` reads as empty statically`, expr);
    this.noteCandidates(expr);
    return value;
  }

  /** Names of the items the static reading does see in `A + f()` / `[*A, *f()]` (for the review item). */
  private partialNames(expr: SyntaxNode, scope: Scope): string[] {
    const parts = expr.type === 'binary_operator' ? [expr.childForFieldName('left')!, expr.childForFieldName('right')!] : expr.type === 'list' ? expr.namedChildren.map((c) => (c.type === 'list_splat' ? c.namedChild(0)! : c)) : [];
    const names: string[] = [];
    for (const part of parts) {
      const v = this.evaluator.evaluate(part, scope);
      const items = Array.isArray(v) ? v : [v];
      if (!Array.isArray(v) && part.type === 'binary_operator') names.push(...this.partialNames(part, scope));
      for (const item of items) if (item instanceof CallValue && typeof item.kwarg('name', 0) === 'string') names.push(item.kwarg('name', 0) as string);
    }
    return names;
  }

  /**
   * Reads one kind of list statically, or — when only the run time knows it exactly — leaves its
   * handlers to the runtime bridge (nothing read so far is kept).
   */
  private staticOrRuntime<T>(kind: BridgeKind, read: () => T[]): T[] {
    if (this.runtimeKinds.has(kind)) return [];
    const mark = { review: this.review.length, candidates: this.layout.candidates.length, imports: this.layout.extraImports.length, names: new Set(this.usedFunctionNames) };
    try {
      return read();
    } catch (e) {
      if (!(e instanceof RuntimeListNeeded)) throw e;
      this.review.length = mark.review;
      this.layout.candidates.length = mark.candidates;
      this.layout.extraImports.length = mark.imports;
      this.usedFunctionNames.clear();
      for (const n of mark.names) this.usedFunctionNames.add(n);
      this.runtimeKinds.set(kind, { reason: e.reason, node: e.node, names: e.names });
      return [];
    }
  }

  /** Keeps the handlers of the lists served at run time and says so in the review. */
  private bridgeLayout(handlers: { kind: string; def: SyntaxNode; decorated: SyntaxNode }[], helpers: HelperRegistration[], model: ServerModel): void {
    if (!this.runtimeKinds.size) return;
    const camelCaseReads = this.version === 'v1' && [...this.project.modules.values()].some((m) => CAMEL_CASE_READ.test(m.text));
    const bridge: BridgeLayout = {
      kinds: [...this.runtimeKinds.keys()],
      retarget: [],
      v2Handlers: {},
      helperArguments: helpers.map((h) => h.argument),
      helperReceivers: helpers.map((h) => ({ file: h.file, variable: h.param })),
      camelCaseReads,
    };
    model.runtimeLists = [];
    for (const [kind, { reason, node, names }] of this.runtimeKinds) {
      const kept = handlers.filter((h) => (BRIDGE_KINDS[kind] as readonly string[]).includes(h.kind));
      for (const h of kept) {
        this.layout.handlers = this.layout.handlers.filter((d) => d.id !== h.decorated.id);
        if (this.version === 'v2') bridge.v2Handlers[h.kind] = h.def.childForFieldName('name')!.text;
        // read_resource serves resources and templates: retargeted once.
        else for (const o of decoratorObjects(h.decorated, this.variable, h.kind)) if (!bridge.retarget.some((r) => r.id === o.id)) bridge.retarget.push(o);
      }
      const what = { tools: 'tool', resources: 'resource', resourceTemplates: 'resource template', prompts: 'prompt' }[kind];
      const [listName, callName] = BRIDGE_KINDS[kind];
      const listed = names.length ? ` (${names.length} seen statically: ${names.join(', ')})` : '';
      model.runtimeLists.push({ kind, file: this.file, line: node.startPosition.row + 1, reason });
      this.review.push(
        reviewAt(
          C.toolListUnknown,
          'info',
          this.file,
          node,
          `The ${what}s are served at run time (runtime bridge) because ${reason}. Every ${what}${listed} is registered at run time from the original ${listName}/${callName} handlers, kept as they were, with ${SURFACE[kind]} exactly as they list it`,
          `Nothing to do; to get one FastMCP function per ${what}, build the ${what} list from literals or module constants and run the migration again.`,
        ),
      );
    }
    this.layout.bridge = bridge;
  }

  /** Module-level constants referenced by a removed handler may become dead: let the emitter check. */
  private noteCandidates(expr: SyntaxNode): void {
    for (const n of walk(expr)) {
      if (n.type !== 'identifier') continue;
      const bound = this.module.bindings.get(n.text);
      if (bound?.length === 1 && bound[0].type === 'assignment') this.layout.candidates.push(bound[0]);
    }
  }

  private valueOf(v: StaticValue | undefined, node: SyntaxNode, what: string): Value | undefined {
    if ((v instanceof Unknown || v instanceof CallValue) && !unknownIsPortable(v.node, this.factory ? [this.factory] : [])) {
      // `t.name` in `[Tool(name=t.name) for t in REGISTRY]` means nothing outside the original code.
      throw new RuntimeListNeeded(`${what} \`${shortSource(v.node)}\` only has a value inside the original code`, v.node);
    }
    if (v instanceof Unknown && v.module !== this.module) {
      // A runtime value defined in another module: import the names it uses.
      this.importFreeNames(v);
    }
    const value = toValue(v);
    if (value?.kind === 'expr') {
      this.review.push(reviewAt(C.runtimeValue, 'info', this.file, node, `${what} is computed at runtime; the migrated code keeps the expression \`${value.source}\``, 'Nothing to do unless the expression depends on request state.'));
    }
    return value;
  }

  private importFreeNames(v: Unknown): void {
    for (const n of walk(v.node)) {
      if (n.type !== 'identifier' || (n.parent?.type === 'attribute' && n.parent.childForFieldName('attribute')?.id === n.id)) continue;
      if (v.module.bindings.has(n.text)) this.layout.extraImports.push({ module: v.module.moduleName, name: n.text });
    }
  }

  private functionName(base: string, fallback: string): string {
    let name = base.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase() || fallback;
    if (/^[0-9]/.test(name) || PY_KEYWORDS.has(name)) name = `${fallback}_${name}`;
    const taken = (n: string) => this.usedFunctionNames.has(n) || this.module.bindings.has(n);
    let candidate = name;
    for (let i = 2; taken(candidate); i++) candidate = `${name}_${i}`;
    this.usedFunctionNames.add(candidate);
    return candidate;
  }

  /**
   * The dispatcher's key and arguments parameter names and its per-key split. When a message is
   * given, a dispatcher that cannot be split is reported with it (it still works, kept whole).
   */
  private dispatcher(fn: SyntaxNode | undefined, unsplitMessage?: string, unsplitSuggestion = '', key: 'name' | 'uri' = 'name'): { keyParam?: string; argsParam?: string; split?: ReturnType<DispatchSplitter['split']> } {
    if (!fn) return {};
    const { keyParam, argsParam } = this.dispatchNames(fn, key);
    if (!keyParam) return {};
    const split = this.splitter.split(fn, keyParam, functionScope(fn, this.scope));
    if (!split && unsplitMessage) this.review.push(reviewAt(C.dispatchNotSplit, 'info', this.file, fn, unsplitMessage, unsplitSuggestion));
    return { keyParam, argsParam, split };
  }

  // ---- tools ----------------------------------------------------------------------------

  private tools(listFn?: SyntaxNode, callFn?: SyntaxNode): ToolModel[] {
    if (!listFn) return [];
    return this.staticOrRuntime('tools', () => {
      const listed = this.listed(listFn, 'tool');
      const names = listed.map((t) => (t instanceof CallValue && typeof t.kwarg('name', 0) === 'string' ? (t.kwarg('name', 0) as string) : undefined)).filter((n): n is string => !!n);
      try {
        const { keyParam, argsParam, split } = this.dispatcher(callFn, 'The call_tool dispatcher could not be split per tool; each tool calls the whole original dispatcher body with its own name', 'Fine as is; inline the branch of each tool by hand when convenient.');
        const tools: ToolModel[] = [];
        for (const item of listed) {
          if (!(item instanceof CallValue) || item.simpleName !== 'Tool') throw new RuntimeListNeeded(`a tool list entry is not a Tool(...) call (\`${shortSource(staticNode(item) ?? listFn)}\`)`, staticNode(item) ?? listFn);
          tools.push(this.tool(item, callFn, keyParam, argsParam, split?.bodies));
        }
        return tools;
      } catch (e) {
        throw e instanceof RuntimeListNeeded ? new RuntimeListNeeded(e.reason, e.node, names) : e;
      }
    });
  }

  private tool(def: CallValue, callFn: SyntaxNode | undefined, keyParam: string | undefined, argsParam: string | undefined, bodies?: Map<string, string>): ToolModel {
    const nameValue = def.kwarg('name', 0);
    const name = this.valueOf(nameValue, def.node, 'The tool name');
    if (!name) throw new RuntimeListNeeded(`a tool's name cannot be read statically (\`${shortSource(def.node)}\`)`, def.node);
    const staticName = name.kind === 'literal' ? String(name.value) : undefined;
    const functionName = this.functionName(staticName ?? 'tool', 'tool');
    const description = this.valueOf(def.kwarg('description', 2), def.node, `The description of tool ${staticName ?? functionName}`);
    const title = this.valueOf(def.kwarg('title', 1), def.node, 'The tool title');
    const { input, bindings, inputModel } = this.toolInput(def, staticName ?? functionName);
    const annotations = this.toolAnnotations(def.kwarg('annotations'), def.node);
    let output: ToolModel['output'];
    const outputSchema = def.kwarg('outputSchema');
    if (outputSchema !== undefined && outputSchema !== null) {
      output = toJson(outputSchema);
      if (output === undefined) throw new RuntimeListNeeded(`the output schema of tool ${staticName ?? functionName} is computed at run time (\`${shortSource(staticNode(outputSchema) ?? def.node)}\`)`, def.node);
      this.review.push(reviewAt(C.outputSchema, 'warning', this.file, def.node, `Tool ${staticName ?? functionName} declares an outputSchema; it is passed to FastMCP as output_schema`, 'Check that the tool returns structured content matching it.'));
    }
    const handler = this.dispatchedHandler(callFn, keyParam, argsParam, bodies, staticName, name, bindings, 'tool', def.node);
    if (handler.needsArgumentsDict && staticName !== undefined && bodies?.has(staticName)) {
      // The original hands the body any key the client sends; typed parameters would refuse the undeclared ones.
      const declared = new Set(bindings.map((b) => b.key));
      const stray = argumentKeysRead(handler.body, handler.argumentsName).filter((k) => !declared.has(k));
      if (stray.length) throw new RuntimeListNeeded(`tool ${staticName} reads argument ${stray.map((k) => JSON.stringify(k)).join(', ')} that its input schema does not declare`, def.node);
    }
    return { name, functionName, title, description, input, inputModel, output, annotations, handler, line: lineOf(def.node) };
  }

  private toolInput(def: CallValue, toolName: string): { input: SchemaNode & { type: 'object' }; bindings: ParamBinding[]; inputModel?: string } {
    const raw = def.kwarg('inputSchema');
    const empty = { type: 'object' as const, properties: [], required: [] };
    // `Model.schema()` is pydantic's older spelling of the same schema.
    if (raw instanceof CallValue && (raw.simpleName === 'model_json_schema' || raw.simpleName === 'schema') && raw.target && raw.args.length === 0 && raw.kwargs.size === 0) {
      const fields = pydanticFields(raw.target);
      if (fields) {
        const bindings: ParamBinding[] = fields.map((f) => ({
          param: f.name,
          key: f.name,
          schema: schemaFromAnnotation(f.annotation),
          required: f.required,
          source: { annotation: f.annotation, default: f.defaultSource },
        }));
        if (raw.target.module !== this.module) this.layout.extraImports.push({ module: raw.target.module.moduleName, name: raw.target.name });
        return {
          input: { type: 'object', properties: bindings.map((b) => ({ name: b.key, schema: b.schema })), required: bindings.filter((b) => b.required).map((b) => b.key), modelName: raw.target.name },
          bindings,
          inputModel: raw.target.name,
        };
      }
    }
    if (raw === undefined) return { input: empty, bindings: [] };
    // Only a schema read fully and exactly becomes typed parameters; any other is advertised
    // exactly as the original computes it, through the runtime bridge.
    const runtimePart = this.runtimeSchemaPart(raw);
    if (runtimePart) throw new RuntimeListNeeded(`the input schema of tool ${toolName} is computed at run time (\`${shortSource(runtimePart)}\`)`, runtimePart);
    try {
      const schema = schemaFromStatic(raw, `inputSchema of ${toolName}`);
      if (schema.type !== 'object') throw new SchemaProblem(`inputSchema of ${toolName} is not an object schema`);
      const bindings = schema.properties.map((p) => ({ param: p.name, key: p.name, schema: p.schema, required: schema.required.includes(p.name) }));
      return { input: schema, bindings };
    } catch (e) {
      if (!(e instanceof SchemaProblem)) throw e;
      throw new RuntimeListNeeded(`${e.message}, so it is advertised as the original computes it`, def.node);
    }
  }

  /**
   * The first part of a schema that is neither a literal nor a description expression the
   * generated code can evaluate the same way (same module, names visible at module level).
   */
  private runtimeSchemaPart(v: StaticValue, key?: string): SyntaxNode | undefined {
    if (v instanceof DictValue) {
      for (const [k, x] of v.entries) {
        const part = this.runtimeSchemaPart(x, k);
        if (part) return part;
      }
      return undefined;
    }
    if (Array.isArray(v)) return v.map((x) => this.runtimeSchemaPart(x)).find((p) => p);
    if (v instanceof Unknown || v instanceof CallValue) {
      const module = v instanceof Unknown ? v.module : v.scope.module;
      if (key === 'description' && module === this.module && unknownIsPortable(v.node, this.factory ? [this.factory] : [])) return undefined;
      return v.node;
    }
    if (v instanceof ClassValue) return v.node;
    return undefined;
  }

  private toolAnnotations(v: StaticValue | undefined, node: SyntaxNode): ToolAnnotationsModel | undefined {
    if (v === undefined || v === null) return undefined;
    const entries = v instanceof CallValue ? v.kwargs : v instanceof DictValue ? v.entries : undefined;
    if (!entries) throw new RuntimeListNeeded(`tool annotations cannot be read statically (\`${shortSource(staticNode(v) ?? node)}\`)`, staticNode(v) ?? node);
    const out: ToolAnnotationsModel = {};
    for (const [rawKey, x] of entries) {
      const k = rawKey.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      if (k === 'title') out.title = this.valueOf(x, node, 'The annotation title');
      else if (['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'].includes(k) && typeof x === 'boolean') out[k as 'readOnlyHint'] = x;
      else throw new RuntimeListNeeded(`tool annotation ${k} cannot be carried statically`, node);
    }
    return out;
  }

  /**
   * The per-key handler: the split branch when there is one, else the whole dispatcher
   * body with the key bound, so behaviour is kept either way.
   */
  private dispatchedHandler(
    fn: SyntaxNode | undefined,
    keyParam: string | undefined,
    argsParam: string | undefined,
    bodies: Map<string, string> | undefined,
    staticKey: string | undefined,
    keyValue: Value,
    bindings: ParamBinding[],
    what: string,
    node: SyntaxNode,
  ): HandlerModel {
    if (!fn) {
      this.review.push(reviewAt(C.noBranch, 'error', this.file, node, `No handler is registered for this ${what}`, `Write the ${what} body by hand.`));
      return { language: 'python', file: this.file, line: lineOf(node), body: `raise NotImplementedError("no handler was registered for this ${what}")`, isAsync: false, params: bindings, needsArgumentsDict: false, argumentsName: 'arguments' };
    }
    let body = staticKey !== undefined ? bodies?.get(staticKey) : undefined;
    if (bodies && body === undefined) {
      this.review.push(reviewAt(C.noBranch, 'warning', this.file, node, `No branch of the dispatcher handles ${what} ${staticKey ?? '(runtime name)'}; it runs the whole dispatcher body`, 'Check what the original server did for this name.'));
    }
    body ??= wholeBody(this.module.text, fn);
    if (this.version === 'v2' && keyParam) {
      // `params.name` / `params.arguments` read like the v1 parameters from here on.
      const plainKey = keyParam.split('.').pop()!;
      // `uri = params.uri` becomes `uri = uri`: drop it.
      body = dropSelfAssignments(replaceReferences(body, argsParam ? { [keyParam]: plainKey, [argsParam]: 'arguments' } : { [keyParam]: plainKey }));
      const requestObject = keyParam.split('.')[0];
      if (new RegExp(`\\b${requestObject}\\b`).test(body)) {
        this.review.push(reviewAt(C.requestContext, 'warning', this.file, fn, `The ${what} handler reads \`${requestObject}\` beyond its name and arguments; those reads were left as they are and will fail`, 'Take what you need from a `ctx: Context` parameter (ctx.request_context.meta, ...) instead.'));
      }
      keyParam = plainKey;
      if (argsParam) argsParam = 'arguments';
    }
    const params: ParamInfo[] = bindings.map((b) => ({ key: b.key, param: b.param, defaultsToNone: !b.required && b.schema.default === undefined && !b.source?.default }));
    const rewritten = rewriteArgumentReads(body, argsParam, keyParam, params);
    let finalBody = rewritten.body;
    if (rewritten.usesKey && keyParam) finalBody = `${keyParam} = ${keyValue.kind === 'literal' ? pyLiteralKey(keyValue) : keyValue.source}\n${finalBody}`;
    return {
      language: 'python',
      file: this.file,
      line: lineOf(fn),
      body: finalBody,
      isAsync: this.isAsync(fn),
      params: bindings,
      needsArgumentsDict: rewritten.needsArgumentsDict,
      argumentsName: argsParam ?? 'arguments',
    };
  }

  // ---- resources ----------------------------------------------------------------------

  private resources(listFn?: SyntaxNode, templatesFn?: SyntaxNode, readFn?: SyntaxNode): { resources: ResourceModel[]; templates: ResourceTemplateModel[] } {
    const resources: ResourceModel[] = [];
    const templates: ResourceTemplateModel[] = [];
    // Reported below, and only when static resources need the split (templates never use it).
    const { keyParam: uriParam, split } = this.dispatcher(readFn, undefined, '', 'uri');
    const staticResources = listFn ? this.staticOrRuntime('resources', () => {
      const found: ResourceModel[] = [];
    for (const item of this.listed(listFn, 'resource')) {
      if (!(item instanceof CallValue) || item.simpleName !== 'Resource') throw new RuntimeListNeeded(`a resource list entry is not a Resource(...) call (\`${shortSource(staticNode(item) ?? listFn)}\`)`, staticNode(item) ?? listFn);
      const uri = this.valueOf(unwrapUrl(item.kwarg('uri')), item.node, 'The resource URI');
      if (!uri) throw new RuntimeListNeeded('a resource URI cannot be read statically', item.node);
      const staticUri = uri.kind === 'literal' ? String(uri.value) : undefined;
      const name = this.valueOf(item.kwarg('name'), item.node, 'The resource name');
      const functionName = this.functionName(`resource_${staticString(name) ?? staticUri ?? 'resource'}`, 'resource');
      // v1 hands the read handler an AnyUrl, v2 a plain str.
      const uriSource = staticUri !== undefined ? pyString(staticUri) : uri.kind === 'expr' ? uri.source : '""';
      const keyValue = pyExpr(this.version === 'v2' ? uriSource : `AnyUrl(${uriSource})`);
      found.push({
        uri,
        name,
        title: this.valueOf(item.kwarg('title'), item.node, 'The resource title'),
        description: this.valueOf(item.kwarg('description'), item.node, 'The resource description'),
        mimeType: this.valueOf(item.kwarg('mimeType'), item.node, 'The resource mime type'),
        functionName,
        handler: this.dispatchedHandler(readFn, uriParam, undefined, split?.bodies, staticUri, keyValue, [], 'resource', item.node),
        line: lineOf(item.node),
      });
    }
      return found;
    }) : [];
    resources.push(...staticResources);
    const staticTemplates = templatesFn ? this.staticOrRuntime('resourceTemplates', () => {
      const found: ResourceTemplateModel[] = [];
    for (const item of this.listed(templatesFn, 'resource template')) {
      if (!(item instanceof CallValue) || item.simpleName !== 'ResourceTemplate') throw new RuntimeListNeeded(`a template list entry is not a ResourceTemplate(...) call (\`${shortSource(staticNode(item) ?? templatesFn)}\`)`, staticNode(item) ?? templatesFn);
      const uriTemplate = this.valueOf(item.kwarg('uriTemplate'), item.node, 'The URI template');
      if (uriTemplate?.kind !== 'literal') throw new RuntimeListNeeded('a URI template is not known statically', item.node);
      const template = String(uriTemplate.value);
      // Only simple `{name}` placeholders map onto function parameters.
      if (/\{(?![A-Za-z_][A-Za-z0-9_]*\})/.test(template)) throw new RuntimeListNeeded(`the URI template ${template} uses placeholders other than {name}`, item.node);
      const variables = [...template.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]);
      const name = this.valueOf(item.kwarg('name'), item.node, 'The template name');
      const functionName = this.functionName(`template_${staticString(name) ?? 'resource'}`, 'template');
      // Templates are served by the original read handler with the URI rebuilt from the parameters.
      const rebuilt = `f${pyString(template.replace(/[{}]/g, (b) => b + b).replace(/\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g, '{$1}'))}`;
      const keyValue = pyExpr(this.version === 'v2' ? rebuilt : `AnyUrl(${rebuilt})`);
      const handler = this.dispatchedHandler(readFn, uriParam, undefined, undefined, undefined, keyValue, [], 'resource template', item.node);
      handler.params = variables.map((v) => ({ param: v, key: v, schema: { type: 'string' }, required: true }));
      found.push({
        uriTemplate,
        name,
        title: this.valueOf(item.kwarg('title'), item.node, 'The template title'),
        description: this.valueOf(item.kwarg('description'), item.node, 'The template description'),
        mimeType: this.valueOf(item.kwarg('mimeType'), item.node, 'The template mime type'),
        functionName,
        variables,
        handler,
        line: lineOf(item.node),
      });
    }
      return found;
    }) : [];
    templates.push(...staticTemplates);
    if (readFn && !split && resources.length) {
      this.review.push(reviewAt(C.dispatchNotSplit, 'info', this.file, readFn, 'The read_resource dispatcher could not be split per URI; each resource calls the whole original body with its own URI', 'Fine as is; inline each branch by hand when convenient.'));
    }
    return { resources, templates };
  }

  // ---- prompts ------------------------------------------------------------------------

  private prompts(listFn?: SyntaxNode, getFn?: SyntaxNode): PromptModel[] {
    if (!listFn) return [];
    return this.staticOrRuntime('prompts', () => this.staticPrompts(listFn, getFn));
  }

  private staticPrompts(listFn: SyntaxNode, getFn?: SyntaxNode): PromptModel[] {
    const listed = this.listed(listFn, 'prompt');
    const { keyParam, argsParam, split } = this.dispatcher(getFn, 'The get_prompt dispatcher could not be split per prompt; each prompt calls the whole original body with its own name', 'Fine as is.');
    const prompts: PromptModel[] = [];
    for (const item of listed) {
      if (!(item instanceof CallValue) || item.simpleName !== 'Prompt') throw new RuntimeListNeeded(`a prompt list entry is not a Prompt(...) call (\`${shortSource(staticNode(item) ?? listFn)}\`)`, staticNode(item) ?? listFn);
      const name = this.valueOf(item.kwarg('name'), item.node, 'The prompt name');
      if (!name) throw new RuntimeListNeeded('a prompt name cannot be read statically', item.node);
      const staticName = staticString(name);
      const args = item.kwarg('arguments');
      const argumentsModel: PromptModel['arguments'] = [];
      if (args !== undefined && args !== null && !Array.isArray(args)) throw new RuntimeListNeeded('the prompt arguments cannot be read statically', item.node);
      for (const a of Array.isArray(args) ? args : []) {
        if (!(a instanceof CallValue) || typeof a.kwarg('name') !== 'string' || (a.kwarg('required') !== undefined && typeof a.kwarg('required') !== 'boolean' && a.kwarg('required') !== null)) {
          throw new RuntimeListNeeded('a prompt argument cannot be read statically', item.node);
        }
        argumentsModel.push({ name: a.kwarg('name') as string, description: this.valueOf(a.kwarg('description'), a.node, 'The argument description'), required: a.kwarg('required') === true });
      }
      const bindings: ParamBinding[] = argumentsModel.map((a) => ({ param: a.name, key: a.name, schema: { type: 'string' }, required: a.required }));
      prompts.push({
        name,
        title: this.valueOf(item.kwarg('title'), item.node, 'The prompt title'),
        description: this.valueOf(item.kwarg('description'), item.node, 'The prompt description'),
        arguments: argumentsModel,
        functionName: this.functionName(`prompt_${staticName ?? 'prompt'}`, 'prompt'),
        handler: this.dispatchedHandler(getFn, keyParam, argsParam, split?.bodies, staticName, name, bindings, 'prompt', item.node),
        line: lineOf(item.node),
      });
    }
    return prompts;
  }

  private findRequestContextUses(): void {
    for (const node of walk(this.module.tree.rootNode)) {
      if (node.type === 'attribute' && node.text === `${this.variable}.request_context`) {
        this.review.push(
          reviewAt(C.requestContext, 'warning', this.file, node, `\`${this.variable}.request_context\` was rewritten to \`get_context().request_context\` (FastMCP's per-request context)`, 'Check the attributes used on it (session, meta, lifespan_context); prefer a `ctx: Context` parameter with ctx.log(...) / ctx.report_progress(...).'),
        );
      }
    }
  }
}

/** A function (plain or decorated) defined directly in `block`. */
function functionIn(block: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const stmt of block.namedChildren) {
    const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (def?.type === 'function_definition' && def.childForFieldName('name')?.text === name) return stmt;
  }
  return undefined;
}

/** Replaces whole references (identifiers or dotted attributes) by source text. */
function replaceReferences(body: string, renames: Record<string, string>): string {
  const tree = parsePython(body);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: SyntaxNode) => {
    if ((node.type === 'attribute' || node.type === 'identifier') && node.text in renames) {
      edits.push({ start: node.startIndex, end: node.endIndex, text: renames[node.text] });
      return;
    }
    for (const c of node.namedChildren) visit(c);
  };
  visit(tree.rootNode);
  return applyEdits(body, edits);
}

function enclosingClass(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'class_definition') return p;
  return undefined;
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

/** The source of a function body, dedented (string literal lines kept as they are). */
function wholeBody(text: string, fn: SyntaxNode): string {
  const body = fn.childForFieldName('body')!;
  return reindent(text.slice(lineStartOf(text, body.startIndex), body.endIndex), 0);
}

function unwrapUrl(v: StaticValue | undefined): StaticValue | undefined {
  if (v instanceof CallValue && /^(AnyUrl|FileUrl|HttpUrl|str)$/.test(v.simpleName) && v.args.length === 1) return v.args[0];
  return v;
}

function staticString(v: Value | undefined): string | undefined {
  return v?.kind === 'literal' && typeof v.value === 'string' ? v.value : undefined;
}

function pyLiteralKey(v: Value & { kind: 'literal' }): string {
  return typeof v.value === 'string' ? pyString(v.value) : String(v.value);
}

function unsupportedAdvice(kind: string): string {
  switch (kind) {
    case 'set_logging_level':
      return 'FastMCP handles logging/setLevel itself; send logs with ctx.log(...) / ctx.info(...) from a tool that takes ctx: Context.';
    case 'completion':
      return 'Re-implement completions with FastMCP completion support or drop them; the commented-out handler keeps the original logic.';
    case 'progress_notification':
      return 'Report progress with await ctx.report_progress(...) from tools taking ctx: Context.';
    case 'subscribe_resource':
    case 'unsubscribe_resource':
      return 'Resource subscriptions need a custom implementation in FastMCP; review the commented-out handler.';
    default:
      return 'Re-implement this handler with FastMCP (middleware or a custom handler); the commented-out original is kept for reference.';
  }
}

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type'.split(
    ' ',
  ),
);
