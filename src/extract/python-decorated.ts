// Extractor: decorator-style Python servers → ServerModel, for every such idiom: the FastMCP 1.0
// bundled in SDK v1 (`mcp.server.fastmcp`), SDK v2 `MCPServer`, and the standalone FastMCP 2/3/4.
// Read statically: nothing is imported or run. Used for the inventory (`scan`, `run`'s servers,
// the reports); the in-place rewrites do not depend on it.
import type { ProjectFile } from '../core/types.js';
import type {
  HandlerModel,
  PromptModel,
  ResourceModel,
  ResourceTemplateModel,
  ServerModel,
  ToolAnnotationsModel,
  ToolModel,
  TransportModel,
  Value,
} from '../model/index.js';
import { literal, pyExpr } from '../model/index.js';
import type { SyntaxNode } from '../parse/python.js';
import { idiomResolver, supportsListingApi } from './python/decorated/idiom.js';
import { callOptions, RegistrationFinder, UPDATE_KEY, type CallOptions, type ComponentKind, type Registration } from './python/decorated/registrations.js';
import { SchemaProblem, schemaFromStatic } from './python/schema.js';
import { ListingBuilder, type TagMap } from './python/decorated/listing.js';
import { findServerOperations, stringList } from './python/decorated/server-calls.js';
import { enclosingFunction, isGeneratedServer, ServerResolver, type ServerKind, type ServerSite } from './python/decorated/servers.js';
import { reviewAt } from './python/review.js';
import { inputSchema, paramBindings, promptArguments, readParameters, type Parameter } from './python/decorated/signature.js';
import { TypeSchemaReader } from './python/decorated/type-schema.js';
import { lineOf, loadPythonProject, type PyModule, type PyProject } from './python/project.js';
import { CallValue, DictValue, functionScope, moduleScope, StaticEvaluator, type Scope } from './python/static-eval.js';
import { plainStringValue } from './python/strings.js';

/** Positional parameters of the registration APIs, per library (after the function, for add_*). */
const POSITIONAL: Record<ServerKind, Record<ComponentKind, string[]>> = {
  'sdk-fastmcp': { tool: ['name', 'title', 'description', 'annotations'], prompt: ['name', 'title', 'description'], resource: ['uri'] },
  mcpserver: { tool: ['name', 'title', 'description', 'annotations'], prompt: ['name', 'title', 'description'], resource: ['uri'] },
  fastmcp: { tool: ['name'], prompt: ['name'], resource: ['uri'] },
};

/** Positional parameters of the constructors. */
const CTOR_POSITIONAL: Record<ServerKind, string[]> = {
  'sdk-fastmcp': ['name', 'instructions'],
  mcpserver: ['name', 'title', 'description', 'instructions'],
  fastmcp: ['name', 'instructions'],
};

/** The name a server gets when the constructor is given none. */
const DEFAULT_NAME: Record<ServerKind, Value> = {
  'sdk-fastmcp': literal('FastMCP'),
  mcpserver: literal('mcp-server'),
  fastmcp: pyExpr('FastMCP.generate_name()'),
};

/** Info item: a server whose components only exist at run time (scan cannot list them). */
export const GENERATED_COMPONENTS = 'FMM032';

const fnKey = (module: PyModule, fn: SyntaxNode) => `${module.path}:${fn.startIndex}`;

const RUN_METHODS = new Set(['run', 'run_async', 'run_stdio_async', 'run_sse_async', 'run_streamable_http_async', 'run_http_async']);

export interface DecoratedOptions {
  /** Only servers created in these files (paths); default: every file. */
  onlyFiles?: Set<string>;
}

/** Every decorator-style server of a project. */
export function extractDecoratedServers(files: ProjectFile[], options: DecoratedOptions = {}): ServerModel[] {
  if (!files.some((f) => f.path.endsWith('.py') && /\b(FastMCP\w*|MCPServer)\b/.test(f.text))) return [];
  const project = loadPythonProject(files);
  return new DecoratedExtraction(project, files).run(options);
}

class DecoratedExtraction {
  private readonly evaluator: StaticEvaluator;
  private readonly reader: TypeSchemaReader;
  private readonly resolver: ServerResolver;
  private readonly tags: TagMap = new WeakMap();

  private readonly idiomOf: (kind: ServerKind) => string;
  private serverFiles = new Set<string>();

  constructor(
    private readonly project: PyProject,
    files: ProjectFile[],
  ) {
    this.idiomOf = idiomResolver(files, () => this.serverFiles);
    this.evaluator = new StaticEvaluator(project);
    this.reader = new TypeSchemaReader(this.evaluator);
    this.resolver = new ServerResolver(project);
  }

  run(options: DecoratedOptions): ServerModel[] {
    if (this.resolver.sites.length === 0) return [];
    const finder = new RegistrationFinder(this.project, this.resolver);
    const transports = this.transports();
    // Registrations made while serving a request (inside a registered handler) are not part of the start-up listing.
    const handlers = new Set(finder.registrations.map((r) => fnKey(r.fnModule, r.fn)));
    const atRuntime = (node: SyntaxNode, module: PyModule) => {
      for (let f = enclosingFunction(node); f; f = enclosingFunction(f)) if (handlers.has(fnKey(module, f))) return true;
      return false;
    };
    const registrations = finder.registrations.filter((r) => !atRuntime(r.node, r.module));
    this.serverFiles = new Set([...this.resolver.sites.map((s) => s.module.path), ...registrations.map((r) => r.module.path)]);
    const own = new Map(this.resolver.sites.map((site) => [site, this.server(site, finder, registrations, transports.get(site) ?? [])] as const));
    const operations = findServerOperations(this.project, this.resolver, this.evaluator, scopeAt).filter(
      (o) => supportsListingApi(own.get(o.server)!.origin.idiom, o.api) && (o.operation.op !== 'mount' || !atRuntime(o.operation.node, o.operation.module)),
    );
    const listings = new ListingBuilder(own, operations, this.tags, this.evaluator);
    const out: ServerModel[] = [];
    for (const [site, model] of own) {
      if (options.onlyFiles && !options.onlyFiles.has(site.module.path)) continue;
      out.push({ ...model, ...listings.listing(site) });
    }
    return out;
  }

  private server(site: ServerSite, finder: RegistrationFinder, registrations: Registration[], transports: TransportModel[]): ServerModel {
    const scope = scopeAt(site.call, site.module);
    const ctor = callOptions(site.call);
    const arg = (name: string) => option(ctor, CTOR_POSITIONAL[site.kind], name);
    const name = arg('name');
    const instructions = arg('instructions');
    const version = arg('version');
    const model: ServerModel = {
      name: name ? this.value(name, scope) : DEFAULT_NAME[site.kind],
      ...(version ? { version: this.value(version, scope) } : {}),
      ...(instructions ? { instructions: this.value(instructions, scope) } : {}),
      variable: site.variable,
      transports,
      tools: [],
      resources: [],
      resourceTemplates: [],
      prompts: [],
      origin: {
        file: site.module.path,
        line: lineOf(site.statement),
        idiom: this.idiomOf(site.kind),
        ...(site.factory ? { factory: site.factory.childForFieldName('name')?.text } : {}),
      },
      review: isGeneratedServer(site)
        ? [
            reviewAt(
              GENERATED_COMPONENTS,
              'info',
              site.module.path,
              site.call,
              'this server generates its components at run time (from an OpenAPI description or a FastAPI app); scan does not list them',
              'Start the server and list its tools to see them (`fastmcp-migrate verify` prints both sides).',
            ),
          ]
        : [],
    };
    const idiom = model.origin.idiom;
    const removed = finder.removals.filter((r) => r.server === site && supportsListingApi(idiom, r.api));
    const isRemoved = (kind: ComponentKind, n: Value) => n.kind === 'literal' && removed.some((r) => r.kind === kind && r.name === n.value);
    for (const reg of registrations) {
      if (reg.server !== site) continue;
      if (finder.isDisabled(reg.fn) && supportsListingApi(idiom, 'component.disable')) continue;
      const regScope = scopeAt(reg.node, reg.module);
      if (this.isDisabledByOption(reg.options, regScope) && supportsListingApi(idiom, 'enabled')) continue;
      const tags = stringList(reg.options.keywords.get('tags'), this.evaluator, regScope) ?? [];
      if (reg.kind === 'tool') {
        const tool = this.tool(site.kind, reg, regScope);
        this.tags.set(tool, tags);
        if (!isRemoved('tool', tool.name)) model.tools.push(tool);
      } else if (reg.kind === 'prompt') {
        const prompt = this.prompt(site.kind, reg, regScope);
        this.tags.set(prompt, tags);
        if (!isRemoved('prompt', prompt.name)) model.prompts.push(prompt);
      } else {
        const r = this.resource(site.kind, reg, regScope);
        if (!r) continue;
        this.tags.set(r, tags);
        if ('uriTemplate' in r) model.resourceTemplates.push(r);
        else if (!isRemoved('resource', r.uri)) model.resources.push(r);
      }
    }
    return model;
  }

  /** `enabled=False` (FastMCP 2): registered but hidden. */
  private isDisabledByOption(options: CallOptions, scope: Scope): boolean {
    const enabled = options.keywords.get('enabled');
    return !!enabled && this.evaluator.evaluate(enabled, scope) === false;
  }

  /** A literal when the value is known statically, else the expression as written. */
  private value(node: SyntaxNode, scope: Scope): Value {
    const v = this.evaluator.evaluate(node, scope);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return literal(v);
    return pyExpr(node.text);
  }

  private optionValue(kind: ServerKind, component: ComponentKind, reg: Registration, name: string, scope: Scope): Value | undefined {
    const node = option(reg.options, POSITIONAL[kind][component], name);
    if (!node || node.type === 'none') return undefined;
    return this.value(node, scope);
  }

  private params(reg: Registration, scope: Scope): Parameter[] {
    const excluded = reg.options.keywords.get('exclude_args');
    const exclude = new Set<string>();
    if (excluded) {
      const v = this.evaluator.evaluate(excluded, scope);
      if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') exclude.add(x);
    }
    return readParameters(reg.fn, scopeAt(reg.fn, reg.fnModule), this.reader, exclude);
  }

  private handler(reg: Registration, params: Parameter[]): HandlerModel {
    return {
      language: 'python',
      file: reg.fnModule.path,
      line: lineOf(reg.fn),
      body: reg.fn.childForFieldName('body')?.text ?? '',
      isAsync: reg.fn.children.some((c) => c.type === 'async'),
      params: paramBindings(params),
      needsArgumentsDict: false,
      argumentsName: '',
    };
  }

  private functionName(reg: Registration): string {
    return reg.fn.childForFieldName('name')?.text ?? 'handler';
  }

  private description(kind: ServerKind, component: ComponentKind, reg: Registration, scope: Scope): Value | undefined {
    return this.optionValue(kind, component, reg, 'description', scope) ?? docstring(reg.fn);
  }

  private tool(kind: ServerKind, reg: Registration, scope: Scope): ToolModel {
    const tool = this.toolFromFunction(kind, reg, scope);
    const updateNode = reg.options.keywords.get(UPDATE_KEY);
    const update = updateNode ? this.evaluator.evaluate(updateNode, scope) : undefined;
    if (!(update instanceof DictValue)) return tool;
    // `Tool.from_function(fn).model_copy(update={...})`: the copy advertises these fields instead.
    const text = (k: string) => (typeof update.entries.get(k) === 'string' ? literal(update.entries.get(k) as string) : undefined);
    const parameters = update.entries.get('parameters');
    let input = tool.input;
    if (parameters !== undefined) {
      try {
        const schema = schemaFromStatic(parameters, 'parameters');
        if (schema.type === 'object') input = schema;
      } catch (err) {
        if (!(err instanceof SchemaProblem)) throw err;
      }
    }
    return { ...tool, input, ...(text('name') ? { name: text('name')! } : {}), ...(text('description') ? { description: text('description')! } : {}), ...(text('title') ? { title: text('title')! } : {}) };
  }

  private toolFromFunction(kind: ServerKind, reg: Registration, scope: Scope): ToolModel {
    const params = this.params(reg, scope);
    const fnName = this.functionName(reg);
    const annotations = this.annotations(reg.options.keywords.get('annotations') ?? option(reg.options, POSITIONAL[kind].tool, 'annotations'), scope);
    const title = this.optionValue(kind, 'tool', reg, 'title', scope);
    const description = this.description(kind, 'tool', reg, scope);
    return {
      name: this.optionValue(kind, 'tool', reg, 'name', scope) ?? literal(fnName),
      functionName: fnName,
      ...(title ? { title } : {}),
      ...(description ? { description } : {}),
      input: inputSchema(params),
      ...(annotations ? { annotations } : {}),
      handler: this.handler(reg, params),
      line: lineOf(reg.fn),
    };
  }

  private annotations(node: SyntaxNode | undefined, scope: Scope): ToolAnnotationsModel | undefined {
    if (!node || node.type === 'none') return undefined;
    const v = this.evaluator.evaluate(node, scope);
    const entries = v instanceof DictValue ? v.entries : v instanceof CallValue ? v.kwargs : undefined;
    if (!entries) return undefined;
    const out: ToolAnnotationsModel = {};
    for (const [k, x] of entries) {
      const key = k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      if (key === 'title') {
        if (typeof x === 'string') out.title = literal(x);
      } else if ((key === 'readOnlyHint' || key === 'destructiveHint' || key === 'idempotentHint' || key === 'openWorldHint') && typeof x === 'boolean') {
        out[key] = x;
      }
    }
    return Object.keys(out).length ? out : undefined;
  }

  private prompt(kind: ServerKind, reg: Registration, scope: Scope): PromptModel {
    const params = this.params(reg, scope);
    const fnName = this.functionName(reg);
    const title = this.optionValue(kind, 'prompt', reg, 'title', scope);
    const description = this.description(kind, 'prompt', reg, scope);
    return {
      name: this.optionValue(kind, 'prompt', reg, 'name', scope) ?? literal(fnName),
      ...(title ? { title } : {}),
      ...(description ? { description } : {}),
      arguments: promptArguments(params),
      functionName: fnName,
      handler: this.handler(reg, params),
      line: lineOf(reg.fn),
    };
  }

  private resource(kind: ServerKind, reg: Registration, scope: Scope): ResourceModel | ResourceTemplateModel | undefined {
    const uriNode = option(reg.options, POSITIONAL[kind].resource, 'uri') ?? reg.options.keywords.get('uri_template');
    if (!uriNode) return undefined;
    const uri = this.value(uriNode, scope);
    const params = this.params(reg, scope);
    const fnName = this.functionName(reg);
    const name = this.optionValue(kind, 'resource', reg, 'name', scope) ?? literal(fnName);
    const title = this.optionValue(kind, 'resource', reg, 'title', scope);
    const description = this.description(kind, 'resource', reg, scope);
    const mimeType = this.optionValue(kind, 'resource', reg, 'mime_type', scope);
    const common = {
      name,
      ...(title ? { title } : {}),
      ...(description ? { description } : {}),
      ...(mimeType ? { mimeType } : {}),
      functionName: fnName,
      handler: this.handler(reg, params),
      line: lineOf(reg.fn),
    };
    const text = uri.kind === 'literal' ? String(uri.value) : uri.source;
    const variables = templateVariables(text);
    if (variables.length || (uri.kind === 'expr' && params.length > 0)) return { uriTemplate: uri, variables, ...common };
    return { uri, ...common };
  }

  /** `mcp.run(transport=...)` and friends, per server. */
  private transports(): Map<ServerSite, TransportModel[]> {
    const out = new Map<ServerSite, TransportModel[]>();
    for (const module of this.project.modules.values()) {
      if (!/\brun(_\w+)?\s*\(/.test(module.text)) continue;
      for (const call of this.resolver.index(module).calls) {
        const callee = call.childForFieldName('function');
        const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
        if (!method || !RUN_METHODS.has(method)) continue;
        const servers = this.resolver.resolve(callee!.childForFieldName('object')!, module);
        if (!servers.length) continue;
        const opts = callOptions(call);
        const scope = scopeAt(call, module);
        let kind: string | undefined = method.replace(/^run_|_async$/g, '').replace('streamable_http', 'streamable-http');
        if (method === 'run' || method === 'run_async') {
          const t = opts.keywords.get('transport') ?? opts.positional[0];
          const v = t ? this.evaluator.evaluate(t, scope) : 'stdio';
          kind = typeof v === 'string' ? v : undefined;
        }
        if (kind === 'http') kind = 'streamable-http';
        const transport: TransportModel | undefined =
          kind === 'stdio' ? { kind: 'stdio' } : kind === 'sse' ? { kind: 'sse' } : kind === 'streamable-http' ? { kind: 'streamable-http' } : undefined;
        if (!transport) continue;
        for (const s of servers) {
          const list = out.get(s) ?? [];
          if (!list.some((t) => t.kind === transport.kind)) list.push(transport);
          out.set(s, list);
        }
      }
    }
    return out;
  }
}

/** A keyword argument, or the positional argument at the parameter's place. */
function option(options: CallOptions, layout: string[], name: string): SyntaxNode | undefined {
  const kw = options.keywords.get(name);
  if (kw) return kw;
  const i = layout.indexOf(name);
  return i >= 0 ? options.positional[i] : undefined;
}

/** The function's docstring, as written (FastMCP 4's docstring parsing is not modelled here). */
function docstring(fn: SyntaxNode): Value | undefined {
  const first = fn.childForFieldName('body')?.namedChildren.find((c) => c.type !== 'comment');
  const expr = first?.type === 'expression_statement' ? first.namedChild(0) : undefined;
  if (!expr || (expr.type !== 'string' && expr.type !== 'concatenated_string')) return undefined;
  const text = plainStringValue(expr);
  return text === undefined ? undefined : literal(text);
}

/** Placeholders of a URI template: `{id}`, `{path*}`, `{?a,b}`. */
export function templateVariables(uri: string): string[] {
  const out: string[] = [];
  for (const m of uri.matchAll(/\{([?&+#./;]?)([^}]*)\}/g)) {
    for (const part of m[2].split(',')) {
      const name = part.trim().replace(/\*$/, '').replace(/:\d+$/, '');
      if (name && !out.includes(name)) out.push(name);
    }
  }
  return out;
}

/** The evaluation scope at a node: its module and the bindings of each enclosing function. */
function scopeAt(node: SyntaxNode, module: PyModule): Scope {
  const fns: SyntaxNode[] = [];
  for (let f = enclosingFunction(node); f; f = enclosingFunction(f)) fns.unshift(f);
  let scope = moduleScope(module);
  for (const f of fns) scope = functionScope(f, scope);
  return scope;
}
