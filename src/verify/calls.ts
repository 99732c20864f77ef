// Replays recorded calls (tools/call, resources/read, prompts/get) on both servers and compares
// the normalised results. A JSON-RPC error answer is a result too ({error: {code, message}}).
import { diffValues, renderPath, type Difference, type Subject } from './diff.js';
import { isPlainObject, preview } from './json.js';
import { takeToolErrorPrefix, type BehaviourChange } from './behaviour.js';
import { normalizePromptResult, normalizeReadResult, normalizeToolResult } from './normalize.js';
import { isServerAnswer, type ServerSession } from './session.js';

export interface CallsSpec {
  tools?: { name: string; arguments?: Record<string, unknown> }[];
  resources?: string[];
  prompts?: { name: string; arguments?: Record<string, string> }[];
}

export interface CallOutcome {
  kind: 'tool' | 'resource' | 'prompt';
  /** Path prefix of this call's differences, e.g. `calls.tools[0]`. */
  path: string;
  /** e.g. `add({"a":1})` or `file:///x`. */
  label: string;
  /** Results as sent (or `{error: {code, message}}`). */
  original: unknown;
  migrated: unknown;
  equal: boolean;
}

type Obj = Record<string, unknown>;

type Answer = { result: Obj } | { error: { code: number; message: string } };

async function invoke(session: ServerSession, method: string, params: Obj): Promise<Answer> {
  try {
    return { result: await session.request(method, params) };
  } catch (err) {
    if (isServerAnswer(err)) return { error: { code: err.code, message: err.message } };
    throw err;
  }
}

/** The comparable form of an answer: the normalised result, or `{error: {code, message}}`. */
function comparable(a: Answer, normalize: (r: Obj) => Obj): Obj {
  return 'result' in a ? normalize(a.result) : { error: a.error };
}

function raw(a: Answer): unknown {
  return 'result' in a ? a.result : { error: a.error };
}

/** Validates a parsed calls.json; throws with the offending key. */
export function parseCallsSpec(value: unknown, source = 'calls'): CallsSpec {
  if (!isPlainObject(value)) throw new Error(`${source}: expected an object with tools/resources/prompts`);
  for (const k of Object.keys(value)) {
    if (!['tools', 'resources', 'prompts', '$comment'].includes(k)) throw new Error(`${source}: unknown key "${k}"`);
  }
  const spec: CallsSpec = {};
  if (value.tools !== undefined) {
    if (!Array.isArray(value.tools)) throw new Error(`${source}: "tools" must be an array`);
    spec.tools = value.tools.map((t, i) => {
      if (!isPlainObject(t) || typeof t.name !== 'string') throw new Error(`${source}: tools[${i}] needs a "name" string`);
      if (t.arguments !== undefined && !isPlainObject(t.arguments)) throw new Error(`${source}: tools[${i}].arguments must be an object`);
      return t.arguments === undefined ? { name: t.name } : { name: t.name, arguments: t.arguments };
    });
  }
  if (value.resources !== undefined) {
    if (!Array.isArray(value.resources) || !value.resources.every((u) => typeof u === 'string')) {
      throw new Error(`${source}: "resources" must be an array of URI strings`);
    }
    spec.resources = value.resources as string[];
  }
  if (value.prompts !== undefined) {
    if (!Array.isArray(value.prompts)) throw new Error(`${source}: "prompts" must be an array`);
    spec.prompts = value.prompts.map((p, i) => {
      if (!isPlainObject(p) || typeof p.name !== 'string') throw new Error(`${source}: prompts[${i}] needs a "name" string`);
      if (p.arguments !== undefined) {
        if (!isPlainObject(p.arguments) || !Object.values(p.arguments).every((v) => typeof v === 'string')) {
          throw new Error(`${source}: prompts[${i}].arguments must map names to strings`);
        }
        return { name: p.name, arguments: p.arguments as Record<string, string> };
      }
      return { name: p.name };
    });
  }
  return spec;
}

/**
 * Calls happen in the order given, each on both servers at once; a server's state after call n
 * is the same on both sides when the servers are equivalent.
 */
export async function replayCalls(
  original: ServerSession,
  migrated: ServerSession,
  calls: CallsSpec,
  out: Difference[],
  behaviour: BehaviourChange[] = [],
): Promise<CallOutcome[]> {
  const outcomes: CallOutcome[] = [];
  const compare = (kind: CallOutcome['kind'], base: (string | number)[], label: string, o: Obj, m: Obj, ro: Answer, rm: Answer) => {
    const subject: Subject = { label: `call ${renderPath(base.slice(1))} ${label}`, base };
    const before = out.length;
    diffValues(o, m, subject, [], out);
    outcomes.push({ kind, path: renderPath(base), label, original: raw(ro), migrated: raw(rm), equal: out.length === before });
  };

  for (const [i, call] of (calls.tools ?? []).entries()) {
    const params: Obj = { name: call.name, arguments: call.arguments ?? {} };
    const [ro, rm] = await Promise.all([invoke(original, 'tools/call', params), invoke(migrated, 'tools/call', params)]);
    const o = comparable(ro, normalizeToolResult);
    const m = comparable(rm, normalizeToolResult);
    if ('result' in ro && 'result' in rm) takeToolErrorPrefix(call.name, ['calls', 'tools', i], o, m, behaviour);
    compare('tool', ['calls', 'tools', i], `${call.name}(${preview(call.arguments ?? {}, 80)})`, o, m, ro, rm);
  }
  for (const [i, uri] of (calls.resources ?? []).entries()) {
    const params = { uri };
    const [ro, rm] = await Promise.all([invoke(original, 'resources/read', params), invoke(migrated, 'resources/read', params)]);
    const o = comparable(ro, normalizeReadResult);
    const m = comparable(rm, normalizeReadResult);
    compare('resource', ['calls', 'resources', i], uri, o, m, ro, rm);
  }
  for (const [i, call] of (calls.prompts ?? []).entries()) {
    const params: Obj = { name: call.name, arguments: call.arguments ?? {} };
    const [ro, rm] = await Promise.all([invoke(original, 'prompts/get', params), invoke(migrated, 'prompts/get', params)]);
    const o = comparable(ro, normalizePromptResult);
    const m = comparable(rm, normalizePromptResult);
    compare('prompt', ['calls', 'prompts', i], `${call.name}(${preview(call.arguments ?? {}, 80)})`, o, m, ro, rm);
  }
  return outcomes;
}
