// Runtime verification: start the original and the migrated MCP server over stdio with the
// official client, list everything both advertise, normalise (see normalize.ts and
// docs/verify.md), diff, and optionally replay calls on both and compare the results.
import { replayCalls, type CallOutcome, type CallsSpec } from './calls.js';
import type { ServerCommand } from './command.js';
import { diffKeyed, diffValues, type Difference } from './diff.js';
import { isPlainObject } from './json.js';
import { takeToolBehaviourChanges, type BehaviourChange } from './behaviour.js';
import {
  keyBy,
  normalizePrompt,
  normalizeResource,
  normalizeResourceTemplate,
  normalizeTool,
} from './normalize.js';
import { ServerSession, type Side } from './session.js';
import { collectSurface, type Surface } from './surface.js';

export { formatCommand, resolveCommand, splitCommandLine, type ServerCommand } from './command.js';
export { parseCallsSpec, type CallOutcome, type CallsSpec } from './calls.js';
export type { Difference } from './diff.js';
export { BEHAVIOUR_TEXT, type BehaviourChange, type BehaviourChangeKind } from './behaviour.js';
export { ServerRequestError, ServerStartError, VerifyServerError, type Side } from './session.js';
export type { Surface } from './surface.js';
export { formatVerifyReport } from './format.js';
export { defaultToolTitle, normalizeSchema } from './normalize.js';
export { findVerifyCases, loadVerifyCase, type VerifyCase } from './fixtures.js';

export interface ExpectedDifference {
  /** A difference path, or a prefix of one at a segment boundary (`tools.add` covers `tools.add.title`). */
  path: string;
  why: string;
}

export interface VerifyOptions {
  original: ServerCommand;
  migrated: ServerCommand;
  calls?: CallsSpec;
  /** Per start-up and per request (default 30 000 ms). */
  timeoutMs?: number;
  expectDifferences?: ExpectedDifference[];
  /** Count the known FastMCP 4 behaviour changes as differences too (`verify --strict`). */
  strict?: boolean;
}

export interface VerifyReport {
  /**
   * No differences beyond the expected ones; with `strict`, no behaviour change either (an
   * expected difference can cover a behaviour change's path).
   */
  equal: boolean;
  /** Whether `strict` was on. */
  strict: boolean;
  /** Differences not covered by `expectDifferences`. */
  differences: Difference[];
  /**
   * Known FastMCP 4 behaviour changes a client can see (a derived tool title, undeclared
   * arguments rejected, ...), each with its meaning and remedy. Never hidden; they make the
   * report unequal only with `strict`.
   */
  behaviourChanges: BehaviourChange[];
  /** Differences covered by an expectation, with its reason. */
  expectedDifferences: (Difference & { why: string })[];
  /** Expectations no difference matched (stale: the servers agree there now). */
  unmatchedExpectations: ExpectedDifference[];
  original: Surface;
  migrated: Surface;
  calls?: CallOutcome[];
  commands: { original: ServerCommand; migrated: ServerCommand };
  durationMs: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Starts both servers (in parallel), compares what they advertise and, with `calls`, what they
 * answer. Resolves with the report whether or not they are equal; rejects with a
 * ServerStartError / ServerRequestError when a server cannot be started or stops answering.
 * Both server processes are stopped before this returns, in every case.
 */
export async function verifyServers(options: VerifyOptions): Promise<VerifyReport> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sides: Side[] = ['original', 'migrated'];
  const results = await Promise.allSettled(sides.map((side) => ServerSession.start(side, options[side], timeoutMs)));
  const sessions = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  try {
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failures.length === 2 && failures.every((f) => f instanceof Error)) {
      // Both failed: throw the original's error, and say what happened to the migrated one too.
      const [o, m] = failures as Error[];
      o!.message = `${o!.message}\n${m!.message}`;
    }
    if (failures.length > 0) throw failures[0];
    const [original, migrated] = sessions as [ServerSession, ServerSession];

    const [surfaceO, surfaceM] = await Promise.all([collectSurface(original), collectSurface(migrated)]);
    const behaviourChanges: BehaviourChange[] = [];
    const differences = diffSurfaces(surfaceO, surfaceM, behaviourChanges);
    let calls: CallOutcome[] | undefined;
    if (options.calls) calls = await replayCalls(original, migrated, options.calls, differences, behaviourChanges);

    const strict = options.strict === true;
    const expectations = options.expectDifferences ?? [];
    const { unexpected, expected, unmatched } = applyExpectations(differences, expectations);
    // Under --strict a behaviour change is a difference; an expectation may cover it.
    const uncovered = strict ? behaviourChanges.filter((b) => !expectations.some((e) => pathMatches(b.path, e.path))) : [];
    const report: VerifyReport = {
      equal: unexpected.length === 0 && uncovered.length === 0,
      strict,
      differences: unexpected,
      behaviourChanges,
      expectedDifferences: expected,
      unmatchedExpectations: unmatched,
      original: surfaceO,
      migrated: surfaceM,
      commands: { original: options.original, migrated: options.migrated },
      durationMs: 0,
    };
    if (calls) report.calls = calls;
    report.durationMs = Date.now() - started;
    return report;
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
}

/**
 * The surface comparison on its own (both surfaces already collected). The known FastMCP 4
 * behaviour changes are taken out of the differences and pushed to `behaviour`.
 */
export function diffSurfaces(original: Surface, migrated: Surface, behaviour: BehaviourChange[] = []): Difference[] {
  const out: Difference[] = [];
  const server = { label: 'server', base: ['server'] };
  diffValues(original.serverInfo?.name, migrated.serverInfo?.name, server, ['name'], out);
  diffValues(original.instructions, migrated.instructions, server, ['instructions'], out);

  const nullable = new WeakMap<object, string[]>();
  const normalize = (t: Record<string, unknown>) => {
    const paths: string[] = [];
    const n = normalizeTool(t, paths);
    nullable.set(n, paths);
    return n;
  };
  const toolsO = keyBy(original.tools, 'name', normalize);
  const toolsM = keyBy(migrated.tools, 'name', normalize);
  for (const name of Object.keys(toolsO)) {
    const o = toolsO[name];
    const m = toolsM[name];
    if (isPlainObject(o) && isPlainObject(m)) takeToolBehaviourChanges(name, o, m, nullable.get(o) ?? [], nullable.get(m) ?? [], behaviour);
  }
  // For the rename hint only: a tool's definition apart from what FastMCP 4 adds to every tool.
  const withoutFrameworkAdditions = (t: unknown) => {
    if (!isPlainObject(t)) return t;
    const { title: _title, ...rest } = t;
    if (isPlainObject(rest.inputSchema) && rest.inputSchema.additionalProperties === false) {
      const { additionalProperties: _ap, ...schema } = rest.inputSchema;
      rest.inputSchema = schema;
    }
    return rest;
  };
  diffKeyed(toolsO, toolsM, 'tools', 'tool', out, { schemaKeys: true, comparable: withoutFrameworkAdditions });
  diffKeyed(keyBy(original.resources, 'uri', normalizeResource), keyBy(migrated.resources, 'uri', normalizeResource), 'resources', 'resource', out);
  diffKeyed(
    keyBy(original.resourceTemplates, 'uriTemplate', normalizeResourceTemplate),
    keyBy(migrated.resourceTemplates, 'uriTemplate', normalizeResourceTemplate),
    'resourceTemplates',
    'resource template',
    out,
  );
  diffKeyed(keyBy(original.prompts, 'name', normalizePrompt), keyBy(migrated.prompts, 'name', normalizePrompt), 'prompts', 'prompt', out);
  return out;
}

export function pathMatches(path: string, expected: string): boolean {
  return path === expected || path.startsWith(`${expected}.`) || path.startsWith(`${expected}[`);
}

function applyExpectations(differences: Difference[], expectations: ExpectedDifference[]) {
  const used = new Set<ExpectedDifference>();
  const unexpected: Difference[] = [];
  const expected: (Difference & { why: string })[] = [];
  for (const d of differences) {
    const e = expectations.find((x) => pathMatches(d.path, x.path));
    if (e) {
      used.add(e);
      expected.push({ ...d, why: e.why });
    } else {
      unexpected.push(d);
    }
  }
  return { unexpected, expected, unmatched: expectations.filter((e) => !used.has(e)) };
}
