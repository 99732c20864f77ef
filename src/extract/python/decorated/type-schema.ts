// Python type annotations → SchemaNode, the way pydantic describes a parameter to MCP clients:
// builtins, typing generics, Optional / `X | None`, Literal, Enum classes, pydantic models,
// TypedDicts and `Annotated[T, Field(...)]`. Read from the syntax tree; names are resolved with
// the static evaluator (project classes only). What cannot be known becomes `{type: 'any'}`.
import type { JsonValue, ObjectProperty, SchemaNode, Value } from '../../../model/index.js';
import { parsePython, type SyntaxNode } from '../../../parse/python.js';
import { toJson, toValue } from '../schema.js';
import { ClassValue, moduleScope, StaticEvaluator, type Scope } from '../static-eval.js';
import { plainStringValue } from '../strings.js';

/** `Field(...)` keywords that become JSON Schema keywords of the parameter. */
const FIELD_KEYWORDS: Record<string, string> = {
  ge: 'minimum',
  gt: 'exclusiveMinimum',
  le: 'maximum',
  lt: 'exclusiveMaximum',
  min_length: 'minLength',
  max_length: 'maxLength',
  pattern: 'pattern',
  multiple_of: 'multipleOf',
};

/** What a `Field(...)` (or `Annotated` metadata) says about a parameter. */
export interface FieldInfo {
  description?: Value;
  title?: string;
  extra?: Record<string, JsonValue>;
  /** Source of the default given inside `Field(default)` / `Field(default=...)`. */
  defaultNode?: SyntaxNode;
  hasDefaultFactory?: boolean;
  /** `Field(...)` with `...` as its default: required. */
  explicitlyRequired?: boolean;
  alias?: string;
}

export const isFieldCall = (node: SyntaxNode | null | undefined): boolean =>
  node?.type === 'call' && /(^|\.)Field$/.test(node.childForFieldName('function')?.text ?? '');

const args = (call: SyntaxNode) => (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');

/** The head name of a type expression (`typing.List` → `List`) and its arguments. */
function typeParts(node: SyntaxNode): { head: SyntaxNode; args: SyntaxNode[] } | undefined {
  if (node.type === 'generic_type') {
    const head = node.namedChildren.find((c) => c.type !== 'type_parameter');
    const params = node.namedChildren.find((c) => c.type === 'type_parameter');
    if (!head) return undefined;
    return { head, args: params ? params.namedChildren.filter((c) => c.type !== 'comment') : [] };
  }
  if (node.type === 'subscript') {
    const head = node.childForFieldName('value');
    if (!head) return undefined;
    return { head, args: node.childrenForFieldName('subscript') };
  }
  return undefined;
}

const lastName = (node: SyntaxNode) => node.text.replace(/\s+/g, '').split('.').pop() ?? node.text;
const unwrap = (node: SyntaxNode): SyntaxNode => {
  let n = node;
  while ((n.type === 'type' || n.type === 'parenthesized_expression') && n.namedChildren.length === 1) n = n.namedChildren[0];
  return n;
};

const STRINGS: Record<string, Record<string, JsonValue> | undefined> = {
  str: undefined,
  datetime: { format: 'date-time' },
  date: { format: 'date' },
  time: { format: 'time' },
  timedelta: { format: 'duration' },
  UUID: { format: 'uuid' },
  Path: { format: 'path' },
  AnyUrl: { format: 'uri' },
  HttpUrl: { format: 'uri' },
  EmailStr: { format: 'email' },
  bytes: { format: 'binary' },
};

export class TypeSchemaReader {
  private depth = 0;
  private readonly expanding = new Set<string>();
  constructor(readonly evaluator: StaticEvaluator) {}

  /** Schema of an annotation node (`type` node or any expression). */
  schema(annotation: SyntaxNode, scope: Scope): SchemaNode {
    if (this.depth > 24) return { type: 'any' };
    this.depth++;
    try {
      return this.read(unwrap(annotation), scope);
    } finally {
      this.depth--;
    }
  }

  private read(node: SyntaxNode, scope: Scope): SchemaNode {
    if (node.type === 'none') return { type: 'null' };
    if (node.type === 'string') {
      // A forward reference: `"Model"` or `"list[int]"`.
      const text = plainStringValue(node);
      if (text === undefined) return { type: 'any' };
      const expr = parsePython(text).rootNode.namedChild(0)?.namedChild(0);
      return expr ? this.schema(expr, scope) : { type: 'any' };
    }
    if (node.type === 'union_type' || (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '|')) {
      const parts = node.type === 'union_type' ? node.namedChildren : [node.childForFieldName('left')!, node.childForFieldName('right')!];
      return this.union(parts.flatMap((p) => this.flattenUnion(unwrap(p), scope)));
    }
    const parts = typeParts(node);
    if (parts) return this.generic(lastName(parts.head), parts.args, parts.head, scope);
    if (node.type === 'identifier' || node.type === 'attribute') return this.named(node, scope);
    return { type: 'any' };
  }

  private flattenUnion(node: SyntaxNode, scope: Scope): SchemaNode[] {
    const s = this.schema(node, scope);
    return s.type === 'union' && !s.description && s.default === undefined ? s.anyOf : [s];
  }

  private union(members: SchemaNode[]): SchemaNode {
    if (members.length === 1) return members[0];
    return { type: 'union', anyOf: members };
  }

  private generic(head: string, params: SyntaxNode[], headNode: SyntaxNode, scope: Scope): SchemaNode {
    const item = (i: number) => (params[i] ? this.schema(params[i], scope) : undefined);
    switch (head) {
      case 'Optional':
        return this.union([...(params[0] ? this.flattenUnion(unwrap(params[0]), scope) : [{ type: 'any' as const }]), { type: 'null' }]);
      case 'Union':
        return this.union(params.flatMap((p) => this.flattenUnion(unwrap(p), scope)));
      case 'list':
      case 'List':
      case 'Sequence':
      case 'MutableSequence':
      case 'Iterable':
      case 'Collection':
        return { type: 'array', items: item(0) };
      case 'set':
      case 'Set':
      case 'frozenset':
      case 'FrozenSet':
      case 'AbstractSet':
        return { type: 'array', items: item(0), extra: { uniqueItems: true } };
      case 'tuple':
      case 'Tuple': {
        if (params.length === 2 && unwrap(params[1]).type === 'ellipsis') return { type: 'array', items: item(0) };
        const prefixItems = params.map((_, i) => item(i)!);
        return { type: 'array', extra: { prefixItems: prefixItems.map((s) => schemaToJson(s)), minItems: params.length, maxItems: params.length } };
      }
      case 'dict':
      case 'Dict':
      case 'Mapping':
      case 'MutableMapping': {
        const value = item(1);
        return { type: 'object', properties: [], required: [], ...(value && value.type !== 'any' ? { additionalProperties: value } : {}) };
      }
      case 'Literal':
        return this.literal(params, scope);
      case 'Annotated': {
        if (!params[0]) return { type: 'any' };
        const base = this.schema(params[0], scope);
        let out: SchemaNode = base;
        for (const meta of params.slice(1)) out = this.applyMetadata(out, unwrap(meta), scope);
        return out;
      }
      case 'Required':
      case 'NotRequired':
      case 'ReadOnly':
      case 'Final':
        return params[0] ? this.schema(params[0], scope) : { type: 'any' };
      case 'Type':
      case 'type':
        return { type: 'any' };
      default: {
        // A generic class of the project (`Page[Item]`): read the class itself.
        const cls = this.classOf(headNode, scope);
        return cls ? this.classSchema(cls) : { type: 'any' };
      }
    }
  }

  private literal(params: SyntaxNode[], scope: Scope): SchemaNode {
    const values: (string | number | boolean | null)[] = [];
    for (const p of params) {
      const v = this.evaluator.evaluate(unwrap(p), scope);
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') values.push(v);
      else return { type: 'any' };
    }
    if (values.length === 1) return { type: 'literal', value: values[0] };
    const types = new Set(values.map((v) => (v === null ? 'null' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v)));
    return { type: 'enum', values, ...(types.size === 1 ? { extra: { type: [...types][0] } } : {}) };
  }

  /** `Annotated` metadata: `Field(...)`, a plain string (FastMCP: the description), or constraints. */
  applyMetadata(schema: SchemaNode, meta: SyntaxNode, scope: Scope): SchemaNode {
    if (isFieldCall(meta)) return withField(schema, this.fieldInfo(meta, scope));
    if (meta.type === 'string' || meta.type === 'concatenated_string') {
      const value = toValue(this.evaluator.evaluate(meta, scope));
      return value ? { ...schema, description: value } : schema;
    }
    return schema;
  }

  /** What a `Field(...)` call says. */
  fieldInfo(call: SyntaxNode, scope: Scope): FieldInfo {
    const info: FieldInfo = {};
    for (const a of args(call)) {
      if (a.type !== 'keyword_argument') {
        if (a === args(call)[0]) {
          if (a.type === 'ellipsis') info.explicitlyRequired = true;
          else info.defaultNode = a;
        }
        continue;
      }
      const name = a.childForFieldName('name')?.text ?? '';
      const valueNode = a.childForFieldName('value');
      if (!valueNode) continue;
      const value = this.evaluator.evaluate(valueNode, scope);
      if (name === 'description') {
        const v = toValue(value) ?? { kind: 'expr' as const, language: 'python' as const, source: valueNode.text };
        info.description = v;
      } else if (name === 'title' && typeof value === 'string') info.title = value;
      else if (name === 'default') {
        if (valueNode.type === 'ellipsis') info.explicitlyRequired = true;
        else info.defaultNode = valueNode;
      } else if (name === 'default_factory') info.hasDefaultFactory = true;
      else if (name === 'alias' && typeof value === 'string') info.alias = value;
      else if (name in FIELD_KEYWORDS) {
        const j = toJson(value);
        if (j !== undefined) (info.extra ??= {})[FIELD_KEYWORDS[name]] = j;
      } else if (name === 'examples') {
        const j = toJson(value);
        if (j !== undefined) (info.extra ??= {}).examples = j;
      } else if (name === 'json_schema_extra') {
        const j = toJson(value);
        if (j && typeof j === 'object' && !Array.isArray(j)) Object.assign((info.extra ??= {}), j);
      }
    }
    return info;
  }

  /** The JSON value of a default expression, or undefined when it is not a literal. */
  defaultValue(node: SyntaxNode, scope: Scope): JsonValue | undefined {
    // An Enum member (`Color.RED`) evaluates to its value, which is what pydantic advertises.
    return toJson(this.evaluator.evaluate(node, scope));
  }

  private named(node: SyntaxNode, scope: Scope): SchemaNode {
    const name = lastName(node);
    if (name in STRINGS) return { type: 'string', ...(STRINGS[name] ? { extra: { ...STRINGS[name]! } } : {}) };
    switch (name) {
      case 'int':
        return { type: 'integer' };
      case 'float':
      case 'Decimal':
        return { type: 'number' };
      case 'bool':
        return { type: 'boolean' };
      case 'list':
      case 'List':
      case 'Sequence':
        return { type: 'array' };
      case 'set':
      case 'Set':
        return { type: 'array', extra: { uniqueItems: true } };
      case 'tuple':
      case 'Tuple':
        return { type: 'array' };
      case 'dict':
      case 'Dict':
      case 'Mapping':
        return { type: 'object', properties: [], required: [] };
      case 'None':
        return { type: 'null' };
      case 'Any':
      case 'object':
        return { type: 'any' };
    }
    const cls = this.classOf(node, scope);
    return cls ? this.classSchema(cls) : { type: 'any' };
  }

  private classOf(node: SyntaxNode, scope: Scope): ClassValue | undefined {
    if (node.type !== 'identifier' && node.type !== 'attribute') return undefined;
    const v = this.evaluator.evaluate(node, scope);
    return v instanceof ClassValue ? v : undefined;
  }

  /** Enum → enum of member values; pydantic model / TypedDict / dataclass → object. */
  classSchema(cls: ClassValue): SchemaNode {
    // A model that refers to itself (directly or through others) is expanded once.
    const key = `${cls.module.path}:${cls.node.startIndex}`;
    if (this.expanding.has(key)) return { type: 'any', title: cls.name };
    this.expanding.add(key);
    try {
      return this.expandClass(cls);
    } finally {
      this.expanding.delete(key);
    }
  }

  private expandClass(cls: ClassValue): SchemaNode {
    const scope = moduleScope(cls.module);
    if (cls.isEnum) {
      const values: (string | number | boolean | null)[] = [];
      for (const m of classAssignments(cls.node)) {
        if (!m.value) continue;
        const v = this.evaluator.evaluate(m.value, scope);
        if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') values.push(v);
        else if (m.value.type === 'call' && /(^|\.)auto$/.test(m.value.childForFieldName('function')?.text ?? '')) values.push(values.length + 1);
        else return { type: 'any', title: cls.name };
      }
      const types = new Set(values.map((v) => (typeof v === 'number' ? 'integer' : typeof v)));
      return { type: 'enum', values, title: cls.name, ...(types.size === 1 ? { extra: { type: [...types][0] } } : {}) };
    }
    const kind = this.classKind(cls, 0);
    if (!kind) return { type: 'any', title: cls.name };
    const properties: ObjectProperty[] = [];
    const required: string[] = [];
    const totalFalse = kind === 'typeddict' && /\btotal\s*=\s*False\b/.test(cls.node.childForFieldName('superclasses')?.text ?? '');
    for (const base of this.baseClasses(cls)) {
      for (const p of this.classFields(base, kind, totalFalse)) {
        const at = properties.findIndex((x) => x.name === p.name);
        if (at >= 0) properties.splice(at, 1);
        const r = required.indexOf(p.name);
        if (r >= 0) required.splice(r, 1);
        properties.push({ name: p.name, schema: p.schema });
        if (p.required) required.push(p.name);
      }
    }
    return { type: 'object', properties, required, modelName: cls.name, title: cls.name };
  }

  /** The class and its project base classes, bases first. */
  private baseClasses(cls: ClassValue, seen = new Set<number>()): ClassValue[] {
    if (seen.has(cls.node.id)) return [];
    seen.add(cls.node.id);
    const out: ClassValue[] = [];
    for (const b of cls.node.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (b.type === 'keyword_argument') continue;
      const base = this.classOf(b, moduleScope(cls.module));
      if (base) out.push(...this.baseClasses(base, seen));
    }
    out.push(cls);
    return out;
  }

  private classKind(cls: ClassValue, depth: number): 'model' | 'typeddict' | 'dataclass' | undefined {
    if (depth > 8) return undefined;
    const decorators = cls.node.parent?.type === 'decorated_definition' ? cls.node.parent.namedChildren.filter((c) => c.type === 'decorator') : [];
    if (decorators.some((d) => /dataclass/.test(d.text))) return 'dataclass';
    for (const b of cls.node.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (b.type === 'keyword_argument') continue;
      const name = lastName(b);
      if (name === 'BaseModel' || name === 'RootModel') return 'model';
      if (name === 'TypedDict') return 'typeddict';
      const base = this.classOf(b, moduleScope(cls.module));
      const k = base ? this.classKind(base, depth + 1) : undefined;
      if (k) return k;
    }
    return undefined;
  }

  private classFields(cls: ClassValue, kind: 'model' | 'typeddict' | 'dataclass', totalFalse: boolean): { name: string; schema: SchemaNode; required: boolean }[] {
    const scope = moduleScope(cls.module);
    const out: { name: string; schema: SchemaNode; required: boolean }[] = [];
    for (const f of classAssignments(cls.node)) {
      if (!f.type || f.name === 'model_config' || /^(ClassVar|typing\.ClassVar)\b/.test(f.type.text.trim())) continue;
      if (f.name.startsWith('_')) continue;
      let schema = this.schema(f.type, scope);
      let required = !f.value;
      let name = f.name;
      if (kind === 'typeddict') {
        const t = unwrap(f.type).text;
        required = /^(typing\.)?NotRequired\[/.test(t) ? false : /^(typing\.)?Required\[/.test(t) ? true : !totalFalse;
      } else if (f.value && isFieldCall(f.value)) {
        const info = this.fieldInfo(f.value, scope);
        schema = withField(schema, info);
        required = !info.defaultNode && !info.hasDefaultFactory;
        if (info.defaultNode) schema = withDefault(schema, this.defaultValue(info.defaultNode, scope));
        if (info.alias) name = info.alias;
      } else if (f.value) {
        schema = withDefault(schema, this.defaultValue(f.value, scope));
      }
      out.push({ name, schema, required });
    }
    return out;
  }
}

/** `name: type [= value]` statements directly in a class body. */
function classAssignments(cls: SyntaxNode): { name: string; type?: SyntaxNode; value?: SyntaxNode }[] {
  const out: { name: string; type?: SyntaxNode; value?: SyntaxNode }[] = [];
  for (const stmt of cls.childForFieldName('body')?.namedChildren ?? []) {
    const expr = stmt.type === 'expression_statement' ? stmt.namedChild(0) : undefined;
    if (expr?.type !== 'assignment') continue;
    const left = expr.childForFieldName('left');
    if (left?.type !== 'identifier') continue;
    out.push({ name: left.text, type: expr.childForFieldName('type') ?? undefined, value: expr.childForFieldName('right') ?? undefined });
  }
  return out;
}

export function withField(schema: SchemaNode, info: FieldInfo): SchemaNode {
  const out: SchemaNode = { ...schema };
  if (info.description) out.description = info.description;
  if (info.title) out.title = info.title;
  if (info.extra) out.extra = { ...(schema.extra ?? {}), ...info.extra };
  return out;
}

export function withDefault(schema: SchemaNode, value: JsonValue | undefined): SchemaNode {
  return value === undefined ? schema : { ...schema, default: value };
}

/** SchemaNode → JSON Schema, as `scan --json` prints it. A source-expression description is its source plus `descriptionExpr: true`. */
export function schemaToJson(node: SchemaNode): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  switch (node.type) {
    case 'any':
      break;
    case 'array':
      out.type = 'array';
      if (node.items) out.items = schemaToJson(node.items);
      break;
    case 'object':
      out.type = 'object';
      if (node.properties.length) {
        out.properties = Object.fromEntries(node.properties.map((p) => [p.name, schemaToJson(p.schema)]));
      }
      if (node.required.length) out.required = [...node.required];
      if (node.additionalProperties !== undefined) {
        out.additionalProperties = typeof node.additionalProperties === 'boolean' ? node.additionalProperties : schemaToJson(node.additionalProperties);
      }
      break;
    case 'enum':
      out.enum = [...node.values];
      break;
    case 'literal':
      out.const = node.value;
      break;
    case 'union':
      out.anyOf = node.anyOf.map(schemaToJson);
      break;
    default:
      out.type = node.type;
  }
  if (node.title !== undefined) out.title = node.title;
  if (node.description) {
    if (node.description.kind === 'literal') {
      if (node.description.value !== null) out.description = String(node.description.value);
    } else {
      out.description = node.description.source;
      out.descriptionExpr = true;
    }
  }
  if (node.default !== undefined) out.default = node.default;
  if (node.extra) for (const [k, v] of Object.entries(node.extra)) if (!(k in out)) out[k] = v;
  return out;
}

