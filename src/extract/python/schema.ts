// JSON Schema (as read statically from Python dict literals) and pydantic models → SchemaNode.
import type { JsonValue, ObjectProperty, SchemaNode, Value } from '../../model/index.js';
import { literal, pyExpr } from '../../model/index.js';
import { CallValue, ClassValue, DictValue, Unknown, type StaticValue } from './static-eval.js';

export class SchemaProblem extends Error {}

/** A fully known static value as JSON, or undefined. */
export function toJson(v: StaticValue | undefined): JsonValue | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    for (const x of v) {
      const j = toJson(x);
      if (j === undefined) return undefined;
      out.push(j);
    }
    return out;
  }
  if (v instanceof DictValue) {
    const out: { [k: string]: JsonValue } = {};
    for (const [k, x] of v.entries) {
      const j = toJson(x);
      if (j === undefined) return undefined;
      out[k] = j;
    }
    return out;
  }
  return undefined;
}

/** A known string becomes a literal, a runtime expression is carried as source. */
export function toValue(v: StaticValue | undefined): Value | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return literal(v);
  if (v instanceof Unknown) return pyExpr(v.source);
  if (v instanceof CallValue) return pyExpr(v.node.text);
  return undefined;
}

const MODELLED = new Set(['type', 'description', 'default', 'title', 'properties', 'required', 'items', 'enum', 'const', 'anyOf', 'additionalProperties']);

/**
 * Converts a JSON-Schema dict into a SchemaNode; throws SchemaProblem for what cannot be carried.
 * `exact`: the node becomes typed parameters that must advertise this very schema, so a spelling
 * they cannot reproduce (a type list, `"type": ["string", "null"]`: pydantic writes `anyOf` and adds
 * `default: null`) is a SchemaProblem too; without it (scan's summary) a type list reads as a union.
 */
export function schemaFromStatic(v: StaticValue, where = 'schema', exact = false): SchemaNode {
  const recurse = (x: StaticValue, w: string) => schemaFromStatic(x, w, exact);
  if (!(v instanceof DictValue)) {
    if (v === true || (v instanceof DictValue && (v as DictValue).entries.size === 0)) return { type: 'any' };
    throw new SchemaProblem(`${where} is not a literal dict`);
  }
  const get = (k: string) => v.entries.get(k);
  const common: { description?: Value; default?: JsonValue; title?: string; extra?: Record<string, JsonValue> } = {};
  const description = get('description');
  if (description !== undefined) {
    const value = toValue(description);
    if (!value) throw new SchemaProblem(`${where}: description is not a string`);
    common.description = value;
  }
  if (v.entries.has('default')) {
    const d = toJson(get('default'));
    if (d === undefined) throw new SchemaProblem(`${where}: default is not a literal`);
    common.default = d;
  }
  const title = get('title');
  if (typeof title === 'string') common.title = title;
  for (const [k, x] of v.entries) {
    if (MODELLED.has(k)) continue;
    const j = toJson(x);
    if (j === undefined) throw new SchemaProblem(`${where}: "${k}" is not a literal`);
    (common.extra ??= {})[k] = j;
  }
  if (v.entries.has('enum')) {
    const values = toJson(get('enum'));
    if (!Array.isArray(values) || values.some((x) => typeof x === 'object' && x !== null)) throw new SchemaProblem(`${where}: enum is not a literal list`);
    const type = get('type');
    if (typeof type === 'string') (common.extra ??= {}).type = type;
    return { ...common, type: 'enum', values: values as (string | number | boolean | null)[] };
  }
  if (v.entries.has('const')) {
    const c = toJson(get('const'));
    if (c === undefined || (typeof c === 'object' && c !== null)) throw new SchemaProblem(`${where}: const is not a literal`);
    return { ...common, type: 'literal', value: c as string | number | boolean | null };
  }
  if (v.entries.has('anyOf')) {
    const alts = get('anyOf');
    if (!Array.isArray(alts)) throw new SchemaProblem(`${where}: anyOf is not a list`);
    return { ...common, type: 'union', anyOf: alts.map((a, i) => recurse(a, `${where}.anyOf[${i}]`)) };
  }
  let type = get('type');
  if (Array.isArray(type)) {
    if (!type.every((t) => typeof t === 'string')) throw new SchemaProblem(`${where}: type list`);
    if (exact) throw new SchemaProblem(`${where}: "type" is a list of types (${JSON.stringify(type)}), which typed parameters do not advertise as such`);
    const rest = new DictValue(new Map([...v.entries].filter(([k]) => k !== 'type' && k !== 'description' && k !== 'default' && k !== 'title')));
    return {
      ...common,
      type: 'union',
      anyOf: (type as string[]).map((t) => recurse(new DictValue(new Map([...rest.entries, ['type', t]])), where)),
    };
  }
  if (type === undefined) {
    if (v.entries.has('properties')) type = 'object';
    else return { ...common, type: 'any' };
  }
  switch (type) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
    case 'null':
      return { ...common, type };
    case 'array': {
      const items = get('items');
      return { ...common, type: 'array', items: items === undefined ? undefined : recurse(items, `${where}.items`) };
    }
    case 'object': {
      const props = get('properties');
      const properties: ObjectProperty[] = [];
      if (props !== undefined) {
        if (!(props instanceof DictValue)) throw new SchemaProblem(`${where}: properties is not a literal dict`);
        for (const [name, schema] of props.entries) properties.push({ name, schema: recurse(schema, `${where}.${name}`) });
      }
      const req = get('required');
      const required = req === undefined ? [] : toJson(req);
      if (!Array.isArray(required) || required.some((r) => typeof r !== 'string')) throw new SchemaProblem(`${where}: required is not a list of strings`);
      const ap = get('additionalProperties');
      let additionalProperties: boolean | SchemaNode | undefined;
      if (typeof ap === 'boolean') additionalProperties = ap;
      else if (ap !== undefined) additionalProperties = recurse(ap, `${where}.additionalProperties`);
      return { ...common, type: 'object', properties, required: required as string[], additionalProperties };
    }
    default:
      throw new SchemaProblem(`${where}: type ${JSON.stringify(toJson(type) ?? '?')} is not supported`);
  }
}

/** One field of a pydantic model, with its source kept so the emitter can reuse it verbatim. */
export interface ModelField {
  name: string;
  annotation: string;
  /** Source of the default (`= ...`), if any. */
  defaultSource?: string;
  required: boolean;
  description?: string;
}

/** Fields of a pydantic `BaseModel` subclass, read from its class body. */
/** Field(...) keywords whose meaning a typed function parameter keeps (the rest change the schema). */
const CARRIED_FIELD_KWARGS = new Set(['default', 'default_factory', 'description', 'ge', 'le', 'gt', 'lt', 'min_length', 'max_length', 'pattern', 'multiple_of']);

/**
 * The fields of a pydantic model whose schema its fields alone decide; undefined for a model
 * whose schema also depends on what is not read here (base classes, model_config / Config,
 * aliases, schema extras, validators that transform input).
 */
export function pydanticFields(cls: ClassValue): ModelField[] | undefined {
  const body = cls.node.childForFieldName('body');
  if (!body) return undefined;
  if (cls.bases.length !== 1 || !/^(pydantic\.)?BaseModel$/.test(cls.bases[0])) return undefined;
  const fields: ModelField[] = [];
  for (const stmt of body.namedChildren) {
    if (stmt.type === 'class_definition' && stmt.childForFieldName('name')?.text === 'Config') return undefined;
    if (stmt.type === 'decorated_definition' && /@(model_validator|field_validator|validator|root_validator|model_serializer)\b/.test(stmt.text) && /mode\s*=\s*["'](before|wrap)["']|@root_validator|pre\s*=\s*True/.test(stmt.text)) return undefined;
    if (stmt.type === 'expression_statement' && stmt.namedChild(0)?.type === 'assignment' && stmt.namedChild(0)!.childForFieldName('left')?.text === 'model_config') return undefined;
    if (stmt.type !== 'expression_statement') continue;
    const expr = stmt.namedChild(0);
    if (expr?.type !== 'assignment') continue;
    const left = expr.childForFieldName('left');
    const type = expr.childForFieldName('type');
    if (left?.type !== 'identifier' || !type) continue;
    if (left.text === 'model_config' || type.text.startsWith('ClassVar')) continue;
    const right = expr.childForFieldName('right');
    let required = !right;
    let description: string | undefined;
    if (right?.type === 'call' && /(^|\.)Field$/.test(right.childForFieldName('function')?.text ?? '')) {
      const args = right.childForFieldName('arguments')?.namedChildren ?? [];
      if (args.some((a) => a.type === 'keyword_argument' && !CARRIED_FIELD_KWARGS.has(a.childForFieldName('name')?.text ?? ''))) return undefined;
      if (args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) return undefined;
      const positional = args.filter((a) => a.type !== 'keyword_argument');
      const hasDefault = positional.length > 0 && positional[0].text !== '...';
      const hasFactory = args.some((a) => a.type === 'keyword_argument' && ['default', 'default_factory'].includes(a.childForFieldName('name')?.text ?? ''));
      required = !hasDefault && !hasFactory;
      const desc = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'description');
      description = desc?.childForFieldName('value')?.text;
    }
    fields.push({ name: left.text, annotation: type.text, defaultSource: right?.text, required, description });
  }
  return fields;
}

/** A rough SchemaNode for a Python annotation, used for summaries of pydantic-model tools. */
export function schemaFromAnnotation(annotation: string): SchemaNode {
  const a = annotation.replace(/\s+/g, '');
  const optional = /^(Optional\[(.*)\]|(.*)\|None|None\|(.*))$/.exec(a);
  if (optional) {
    const inner = optional[2] ?? optional[3] ?? optional[4];
    return { type: 'union', anyOf: [schemaFromAnnotation(inner), { type: 'null' }] };
  }
  if (a === 'str') return { type: 'string' };
  if (a === 'int') return { type: 'integer' };
  if (a === 'float') return { type: 'number' };
  if (a === 'bool') return { type: 'boolean' };
  const list = /^(list|List|Sequence)\[(.*)\]$/.exec(a);
  if (list) return { type: 'array', items: schemaFromAnnotation(list[2]) };
  if (/^(dict|Dict)/.test(a)) return { type: 'object', properties: [], required: [] };
  return { type: 'any' };
}

export { ClassValue };
