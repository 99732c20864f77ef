// The normalisation rules. Each one removes a spelling difference that frameworks introduce and
// that no MCP client can observe as different behaviour; docs/verify.md lists them with the reason
// each is safe. Everything not named here is compared exactly.
import { renderPath, type Segment } from './diff.js';
import { isPlainObject, jsonEqual } from './json.js';

type Obj = Record<string, unknown>;

export { defaultToolTitle } from './behaviour.js';

/** Copy of a protocol object without `_meta`, without null-valued keys and without `drop` keys. */
function cleanProtocolObject(o: Obj, drop: string[] = []): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === '_meta' || v === null || v === undefined || drop.includes(k)) continue;
    out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON Schema

// Keywords whose value is a schema, a map of schemas, or a list of schemas. Only these are walked,
// so data-valued keywords (default, enum, const, examples) and property *names* are never touched.
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const SCHEMA_SINGLES = [
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
];

interface SchemaContext {
  root: unknown;
  refStack: string[];
  /** Where this node is, for `nullable`. */
  path: Segment[];
  /** Collects the paths of properties whose optional-nullable spelling was reduced (rule 7). */
  nullable?: string[];
}

/**
 * Normalises a JSON Schema: local `$ref`s inlined (recursive ones kept), `title` annotations
 * dropped, `required: []` and `properties: {}` dropped, `anyOf: [integer, number]` collapsed to
 * `number`, the nullable spelling of an optional property (`anyOf: [T, {type: null}]` +
 * `default: null`) reduced to T — and the path of each such property pushed to `opts.nullable`
 * (prefixed with `opts.at`), because a one-sided reduction is a behaviour change (behaviour.ts).
 * A root `additionalProperties: false` is kept: it is a behaviour change, not a spelling.
 */
export function normalizeSchema(schema: unknown, opts: { input: boolean; nullable?: string[]; at?: Segment[] }): unknown {
  const ctx: SchemaContext = { root: schema, refStack: [], path: opts.at ?? [] };
  if (opts.nullable) ctx.nullable = opts.nullable;
  const out = normalizeSchemaNode(schema, ctx);
  if (!isPlainObject(out)) return out;
  if (!containsRef(out)) {
    delete out.$defs;
    delete out.definitions;
  }
  return out;
}

function normalizeSchemaNode(node: unknown, ctx: SchemaContext): unknown {
  if (!isPlainObject(node)) return node;
  if (typeof node.$ref === 'string') {
    const ref = node.$ref;
    const target = ctx.refStack.includes(ref) ? undefined : resolveLocalRef(ctx.root, ref);
    if (target !== undefined) {
      const resolved = normalizeSchemaNode(target, { ...ctx, refStack: [...ctx.refStack, ref] });
      const { $ref: _ref, ...rest } = node;
      const siblings = normalizeSchemaNode(rest, ctx) as Obj;
      if (Object.keys(siblings).length === 0) return resolved;
      if (isPlainObject(resolved) && Object.keys(siblings).every((k) => !(k in resolved) || jsonEqual(resolved[k], siblings[k]))) {
        return { ...resolved, ...siblings };
      }
      // Conflicting siblings: keep both constraints, which is what $ref-with-siblings means.
      const allOf = Array.isArray(siblings.allOf) ? siblings.allOf : [];
      return { ...siblings, allOf: [resolved, ...allOf] };
    }
  }
  const s: Obj = { ...node };
  if (typeof s.title === 'string') delete s.title;
  for (const k of SCHEMA_MAPS) {
    const m = s[k];
    if (isPlainObject(m)) {
      const mapped: Obj = {};
      for (const [name, sub] of Object.entries(m)) mapped[name] = normalizeSchemaNode(sub, { ...ctx, path: [...ctx.path, k, name] });
      s[k] = mapped;
    }
  }
  for (const k of SCHEMA_LISTS) {
    const l = s[k];
    if (Array.isArray(l)) s[k] = l.map((sub, i) => normalizeSchemaNode(sub, { ...ctx, path: [...ctx.path, k, i] }));
  }
  for (const k of SCHEMA_SINGLES) {
    const v = s[k];
    if (Array.isArray(v)) s[k] = v.map((sub, i) => normalizeSchemaNode(sub, { ...ctx, path: [...ctx.path, k, i] }));
    else if (isPlainObject(v)) s[k] = normalizeSchemaNode(v, { ...ctx, path: [...ctx.path, k] });
  }
  if (isPlainObject(s.dependencies)) {
    const deps: Obj = {};
    for (const [name, d] of Object.entries(s.dependencies)) deps[name] = isPlainObject(d) ? normalizeSchemaNode(d, { ...ctx, path: [...ctx.path, 'dependencies', name] }) : d;
    s.dependencies = deps;
  }
  if (isPlainObject(s.properties)) s.properties = reduceNullableOptionals(s.properties, s.required, ctx);
  const collapsed = collapseIntegerOrNumber(s);
  if (collapsed !== s) return collapsed;
  if (Array.isArray(s.required) && s.required.length === 0) delete s.required;
  if (isPlainObject(s.properties) && Object.keys(s.properties).length === 0) delete s.properties;
  return s;
}

/**
 * `x: int | None = None` is how Python spells an optional parameter; pydantic writes it as
 * `{anyOf: [{type: integer}, {type: null}], default: null}`. On a property that is not required
 * that is the same contract as `{type: integer}`: a client omits it or sends an integer.
 * Only applies when both the null branch and `default: null` are present.
 */
/**
 * `anyOf: [{type: integer}, {type: number}]` accepts exactly the JSON values `{type: number}`
 * accepts (every integer is a number). The Python emitter writes JSON-Schema `number` as
 * `int | float` so an integer argument stays an integer (plain `float` would turn 5 into 5.0),
 * and pydantic spells that union this way. Only bare members qualify: any other key on a
 * member (a bound, a description) keeps the union as it is.
 */
function collapseIntegerOrNumber(s: Obj): Obj {
  if (!Array.isArray(s.anyOf) || s.anyOf.length !== 2 || 'type' in s) return s;
  const types = s.anyOf.map((m) => (isPlainObject(m) && Object.keys(m).length === 1 ? m.type : undefined)).sort();
  if (types[0] !== 'integer' || types[1] !== 'number') return s;
  const { anyOf: _anyOf, ...rest } = s;
  return { ...rest, type: 'number' };
}

function reduceNullableOptionals(props: Obj, required: unknown, ctx: SchemaContext): Obj {
  // Inside $defs the same property is counted where the reference is inlined.
  const inDefs = ctx.path.some((seg) => seg === '$defs' || seg === 'definitions');
  const reduced = (name: string) => {
    if (!inDefs) ctx.nullable?.push(renderPath([...ctx.path, 'properties', name]));
  };
  const req = new Set(Array.isArray(required) ? required : []);
  const out: Obj = {};
  for (const [name, p] of Object.entries(props)) {
    out[name] = p;
    if (req.has(name) || !isPlainObject(p) || p.default !== null || !Array.isArray(p.anyOf)) continue;
    const nonNull = p.anyOf.filter((m) => !jsonEqual(m, { type: 'null' }));
    if (nonNull.length === p.anyOf.length || nonNull.length === 0) continue;
    const { anyOf: _anyOf, default: _default, ...rest } = p;
    if (nonNull.length > 1) {
      out[name] = collapseIntegerOrNumber({ ...rest, anyOf: nonNull });
      reduced(name);
      continue;
    }
    const only = nonNull[0];
    if (!isPlainObject(only)) continue;
    if (Object.keys(only).some((k) => k in rest && !jsonEqual(rest[k], only[k]))) continue;
    out[name] = { ...rest, ...only };
    reduced(name);
  }
  return out;
}

function resolveLocalRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const pointer = ref.slice(1);
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^\d+$/.test(key)) cur = cur[Number(key)];
    else if (isPlainObject(cur) && Object.prototype.hasOwnProperty.call(cur, key)) cur = cur[key];
    else return undefined;
  }
  return cur;
}

function containsRef(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(containsRef);
  if (isPlainObject(v)) return '$ref' in v || Object.values(v).some(containsRef);
  return false;
}

// ---------------------------------------------------------------------------------------------
// List items

/** `nullable` collects the schema paths (e.g. `inputSchema.properties.x`) where rule 7 applied. */
export function normalizeTool(tool: Obj, nullable?: string[]): Obj {
  const out = cleanProtocolObject(tool, ['name']);
  if ('inputSchema' in out) out.inputSchema = normalizeSchema(out.inputSchema, { input: true, nullable, at: ['inputSchema'] });
  if ('outputSchema' in out) out.outputSchema = normalizeSchema(out.outputSchema, { input: false, nullable, at: ['outputSchema'] });
  if (isPlainObject(out.annotations)) out.annotations = cleanProtocolObject(out.annotations);
  return out;
}

export function normalizeResource(resource: Obj): Obj {
  const out = cleanProtocolObject(resource, ['uri']);
  if (isPlainObject(out.annotations)) out.annotations = cleanProtocolObject(out.annotations);
  return out;
}

export function normalizeResourceTemplate(template: Obj): Obj {
  const out = cleanProtocolObject(template, ['uriTemplate']);
  if (isPlainObject(out.annotations)) out.annotations = cleanProtocolObject(out.annotations);
  return out;
}

/** Prompt arguments become a map by name; `required: false` is the spec's default and is dropped. */
export function normalizePrompt(prompt: Obj): Obj {
  const out = cleanProtocolObject(prompt, ['name']);
  if (Array.isArray(out.arguments)) {
    if (out.arguments.length === 0) {
      delete out.arguments;
    } else {
      out.arguments = keyBy(out.arguments as Obj[], 'name', (arg) => {
        const a = cleanProtocolObject(arg, ['name']);
        if (a.required === false) delete a.required;
        return a;
      });
    }
  }
  return out;
}

/** Map of items by a key field; a repeated key gets `#2`, `#3`… so nothing is lost. */
export function keyBy(items: Obj[], key: string, normalize: (item: Obj) => Obj): Obj {
  const out: Obj = {};
  for (const item of items) {
    const base = isPlainObject(item) && typeof item[key] === 'string' ? (item[key] as string) : '(unnamed)';
    let k = base;
    for (let n = 2; k in out; n++) k = `${base}#${n}`;
    out[k] = normalize(isPlainObject(item) ? item : {});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Results of calls

function normalizeContentBlock(block: unknown): unknown {
  if (!isPlainObject(block)) return block;
  const out = cleanProtocolObject(block);
  if (isPlainObject(out.resource)) out.resource = cleanProtocolObject(out.resource);
  if (isPlainObject(out.annotations)) out.annotations = cleanProtocolObject(out.annotations);
  return out;
}

/** tools/call result: `_meta`, `resultType`, `structuredContent: null` and `isError: false` dropped. */
export function normalizeToolResult(result: Obj): Obj {
  const out = cleanProtocolObject(result, ['resultType']);
  if (out.isError === false) delete out.isError;
  if (Array.isArray(out.content)) out.content = out.content.map(normalizeContentBlock);
  return out;
}

export function normalizeReadResult(result: Obj): Obj {
  const out = cleanProtocolObject(result, ['resultType']);
  if (Array.isArray(out.contents)) out.contents = out.contents.map((c) => (isPlainObject(c) ? cleanProtocolObject(c) : c));
  return out;
}

export function normalizePromptResult(result: Obj): Obj {
  const out = cleanProtocolObject(result, ['resultType']);
  if (Array.isArray(out.messages)) {
    out.messages = out.messages.map((m) => {
      if (!isPlainObject(m)) return m;
      const msg = cleanProtocolObject(m);
      if ('content' in msg) msg.content = normalizeContentBlock(msg.content);
      return msg;
    });
  }
  return out;
}
