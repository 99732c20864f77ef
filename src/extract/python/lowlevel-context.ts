// The state one low-level server's extraction shares between its readers (handlers, tools,
// resources, prompts, runtime bridge). Built once by `ServerExtraction` (src/extract/python-lowlevel.ts).
import type { ReviewItem } from '../../model/index.js';
import type { SyntaxNode } from '../../parse/python.js';
import type { DispatchSplitter } from './dispatch.js';
import type { LowlevelVersion, PyLayout } from './lowlevel-layout.js';
import type { PyModule, PyProject } from './project.js';
import type { BridgeKind } from './runtime-lists.js';
import type { Scope, StaticEvaluator } from './static-eval.js';

/** Why a kind of list is served at run time, where, and the names the static reading did see. */
export interface RuntimeListReason {
  reason: string;
  node: SyntaxNode;
  names: string[];
}

export interface LowlevelContext {
  readonly project: PyProject;
  readonly module: PyModule;
  /** `module.path`: where review items point. */
  readonly file: string;
  readonly evaluator: StaticEvaluator;
  /** The server's variable (`server`, `self.server`). */
  readonly variable: string;
  /** The statement creating the server. */
  readonly assignment: SyntaxNode;
  /** The `Server(...)` call. */
  readonly call: SyntaxNode;
  readonly version: LowlevelVersion;
  /** The function creating and returning the server, when it is made in one. */
  readonly factory?: SyntaxNode;
  /** Names visible where the server is created (the factory's scope when there is one). */
  readonly scope: Scope;
  readonly splitter: DispatchSplitter;
  readonly layout: PyLayout;
  readonly review: ReviewItem[];
  /** Generated function names taken so far (each tool/resource/prompt gets its own). */
  readonly usedFunctionNames: Set<string>;
  /** Lists served at run time, with why (runtime bridge). */
  readonly runtimeKinds: Map<BridgeKind, RuntimeListReason>;
}
