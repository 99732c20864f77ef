// Extractor: Python SDK low-level `Server` (v1 decorator API, v2 constructor handlers) → ServerModel.
// Reads the project statically; every construct it cannot carry becomes a ReviewItem. This module
// finds the servers and runs one extraction per server; the readers live in src/extract/python/lowlevel-*.ts.
import type { ServerModel } from '../model/index.js';
import { literal, pyExpr } from '../model/index.js';
import type { SyntaxNode } from '../parse/python.js';
import { DispatchSplitter } from './python/dispatch.js';
import { bridgeLayout, helperRegisteredHandlers } from './python/lowlevel-bridge.js';
import type { LowlevelContext } from './python/lowlevel-context.js';
import { lowlevelServerCallees, serverSites } from './python/lowlevel-discovery.js';
import { findHandlers, supportedHandlers, V2_HANDLER_KWARGS } from './python/lowlevel-handlers.js';
import type { ExtractedServer, LowlevelVersion, PyLayout } from './python/lowlevel-layout.js';
import { readPrompts } from './python/lowlevel-prompts.js';
import { readResources } from './python/lowlevel-resources.js';
import { StartupReader } from './python/lowlevel-startup.js';
import { readTools } from './python/lowlevel-tools.js';
import { lineOf, walk, type PyModule, type PyProject } from './python/project.js';
import { REVIEW_CODES as C, reviewAt } from './python/review.js';
import { toValue } from './python/schema.js';
import { keptValue } from './python/startup.js';
import { functionScope, moduleScope, StaticEvaluator } from './python/static-eval.js';

export type { BridgeLayout, ExtractedServer, LowlevelVersion, PyLayout, TransportSite } from './python/lowlevel-layout.js';

export const LOWLEVEL_IDIOM = 'python-lowlevel-v1';
export const LOWLEVEL_V2_IDIOM = 'python-lowlevel-v2';

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
  private readonly cx: LowlevelContext;
  /** What the original's `InitializationOptions(...)` told clients instead of the Server's own values. */
  private readonly initOverrides: Partial<Pick<ServerModel, 'name' | 'version' | 'instructions'>> = {};

  constructor(
    project: PyProject,
    module: PyModule,
    evaluator: StaticEvaluator,
    variable: string,
    assignment: SyntaxNode,
    call: SyntaxNode,
    version: LowlevelVersion = 'v1',
    returned = false,
  ) {
    let factory: SyntaxNode | undefined;
    let scope = moduleScope(module);
    for (let p = assignment.parent; p; p = p.parent) {
      if (p.type === 'function_definition') {
        factory ??= p;
      }
    }
    if (factory) scope = functionScope(factory, scope);
    const layout: PyLayout = { module, serverCall: call, handlers: [], unsupported: [], removable: [], transportSites: [], candidates: [], extraImports: [], returned, replacements: [] };
    this.cx = {
      project,
      module,
      file: module.path,
      evaluator,
      variable,
      assignment,
      call,
      version,
      factory,
      scope,
      splitter: new DispatchSplitter(evaluator, module.text),
      layout,
      review: [],
      usedFunctionNames: new Set(),
      runtimeKinds: new Map(),
    };
  }

  run(): ExtractedServer {
    const cx = this.cx;
    const handlers = findHandlers(cx);
    const helpers = helperRegisteredHandlers(cx, handlers);
    const byKind = supportedHandlers(cx, handlers);
    // Read in this order (server options, tools, prompts, resources): it fixes the order of the
    // review items and which generated function gets a name first.
    const model: ServerModel = {
      ...this.serverOptions(),
      variable: cx.variable,
      transports: [],
      tools: readTools(cx, byKind.get('list_tools'), byKind.get('call_tool')),
      resources: [],
      resourceTemplates: [],
      prompts: readPrompts(cx, byKind.get('list_prompts'), byKind.get('get_prompt')),
      origin: { file: cx.file, line: lineOf(cx.assignment), idiom: cx.version === 'v2' ? LOWLEVEL_V2_IDIOM : LOWLEVEL_IDIOM, factory: cx.factory?.childForFieldName('name')?.text },
      review: cx.review,
    };
    const { resources, templates } = readResources(cx, byKind.get('list_resources'), byKind.get('list_resource_templates'), byKind.get('read_resource'));
    model.resources = resources;
    model.resourceTemplates = templates;
    bridgeLayout(cx, handlers, helpers, model);
    new StartupReader(cx.module, cx.evaluator, cx.variable, cx.assignment, cx.call, cx.layout, cx.review, this.initOverrides, cx.factory).findTransports();
    Object.assign(model, this.initOverrides);
    // `def create_server() -> Server: return Server(...)` now returns the FastMCP server.
    const returnType = cx.layout.returned ? cx.factory?.childForFieldName('return_type') : undefined;
    if (returnType && returnType.text === cx.call.childForFieldName('function')?.text) cx.layout.replacements.push({ start: returnType.startIndex, end: returnType.endIndex, text: 'FastMCP' });
    model.transports = cx.layout.transportSites.map((s) => s.transport);
    this.findRequestContextUses();
    return { model, layout: cx.layout };
  }

  // ---- server constructor -------------------------------------------------------------

  private serverOptions(): Pick<ServerModel, 'name' | 'version' | 'instructions'> {
    const cx = this.cx;
    const args = cx.call.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
    const positional = args.filter((a) => a.type !== 'keyword_argument');
    const kw = new Map(args.filter((a) => a.type === 'keyword_argument').map((a) => [a.childForFieldName('name')!.text, a.childForFieldName('value')!]));
    // The constructor stays where it is, so every argument keeps its source expression (a constant
    // stays a reference to it); only plain literals are read as values.
    const valueOf = (n: SyntaxNode | undefined) => (n ? keptValue(n, toValue(cx.evaluator.evaluate(n, cx.scope))) : undefined);
    for (const [name, node] of kw) {
      if (['name', 'version', 'instructions'].includes(name) || (cx.version === 'v2' && name in V2_HANDLER_KWARGS)) continue;
      cx.review.push(
        reviewAt(C.serverOption, 'warning', cx.file, node.parent!, `Server option \`${name}=\` is not carried to FastMCP`, name === 'lifespan' ? 'Pass the lifespan to FastMCP(lifespan=...) and read its state with ctx.lifespan_context instead of server.request_context.' : 'Check the FastMCP constructor for an equivalent setting.'),
      );
    }
    // `Server(**options)` / `Server(*args)`: the splat goes to FastMCP as it is (it takes name, version, instructions).
    const splat = positional.find((a) => a.type === 'list_splat' || a.type === 'dictionary_splat');
    const nameNode = kw.get('name') ?? positional.filter((a) => a.type !== 'list_splat' && a.type !== 'dictionary_splat')[0];
    if (!nameNode && !splat) {
      cx.review.push(reviewAt(C.serverOption, 'error', cx.file, cx.call, 'The Server is created without a name; FastMCP would report a random "FastMCP-xxxx" name', 'Give the server the name clients should see: FastMCP("name").'));
    }
    return {
      name: valueOf(nameNode) ?? (splat ? pyExpr(splat.text) : literal('')),
      version: valueOf(kw.get('version') ?? positional[1]),
      instructions: valueOf(kw.get('instructions') ?? positional[2]),
    };
  }

  private findRequestContextUses(): void {
    const cx = this.cx;
    for (const node of walk(cx.module.tree.rootNode)) {
      if (node.type === 'attribute' && node.text === `${cx.variable}.request_context`) {
        cx.review.push(
          reviewAt(C.requestContext, 'warning', cx.file, node, `\`${cx.variable}.request_context\` was rewritten to \`get_context().request_context\` (FastMCP's per-request context)`, 'Check the attributes used on it (session, meta, lifespan_context); prefer a `ctx: Context` parameter with ctx.log(...) / ctx.report_progress(...).'),
        );
      }
    }
  }
}
