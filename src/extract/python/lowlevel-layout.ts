// What the low-level (SDK v1/v2 `Server`) extractor hands the emitter besides the ServerModel:
// where things sit in the original module, so it can be rewritten in place.
import type { ServerModel, TransportModel } from '../../model/index.js';
import type { SyntaxNode } from '../../parse/python.js';
import type { PyModule } from './project.js';
import type { BridgeKind } from './runtime-lists.js';

/**
 * SDK v1 registers handlers with decorators (`@server.call_tool()`, handler `(name, arguments)`);
 * SDK v2 passes them to the constructor (`on_call_tool=`, handler `(ctx, params)` returning result
 * objects). Everything after finding the handlers is shared.
 */
export type LowlevelVersion = 'v1' | 'v2';

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
