// SchemaNode → Python type annotations that make pydantic/FastMCP advertise the same schema.
import type { JsonValue, ParamBinding, SchemaNode, Value } from '../../model/index.js';
import { pyJson, pyString } from './literal.js';

export class ImportSet {
  private readonly names = new Map<string, Set<string>>();
  add(module: string, name: string): void {
    if (!this.names.has(module)) this.names.set(module, new Set());
    this.names.get(module)!.add(name);
  }
  entries(): [string, string[]][] {
    return [...this.names].map(([m, n]) => [m, [...n].sort()]);
  }
}

export function pyValue(value: Value): string {
  if (value.kind === 'expr') return value.source;
  if (typeof value.value === 'string') return pyString(value.value);
  return pyJson(value.value);
}

/** Field(...) keyword arguments for the constraints a schema states. */
const CONSTRAINTS: Record<string, string> = {
  minimum: 'ge',
  maximum: 'le',
  exclusiveMinimum: 'gt',
  exclusiveMaximum: 'lt',
  minLength: 'min_length',
  maxLength: 'max_length',
  minItems: 'min_length',
  maxItems: 'max_length',
  pattern: 'pattern',
};

export class AnnotationWriter {
  /** Nested models generated for object properties, emitted before the functions. */
  readonly models: string[] = [];
  private readonly modelNames = new Set<string>();

  constructor(readonly imports: ImportSet) {}

  /** The bare type of a schema, e.g. `list[str]`, `Literal["a", "b"]`. */
  type(schema: SchemaNode, hint: string): string {
    switch (schema.type) {
      case 'string':
        return 'str';
      case 'integer':
        return 'int';
      case 'number':
        // `float` would turn an integer argument into 5.0; int | float keeps what the client sent.
        return 'int | float';
      case 'boolean':
        return 'bool';
      case 'null':
        return 'None';
      case 'any':
        this.imports.add('typing', 'Any');
        return 'Any';
      case 'enum':
      case 'literal': {
        this.imports.add('typing', 'Literal');
        const values = schema.type === 'enum' ? schema.values : [schema.value];
        return `Literal[${values.map((v) => pyJson(v)).join(', ')}]`;
      }
      case 'array':
        if (!schema.items) {
          this.imports.add('typing', 'Any');
          return 'list[Any]';
        }
        return `list[${this.fieldType(schema.items, `${hint}Item`)}]`;
      case 'union':
        return schema.anyOf.map((s, i) => this.fieldType(s, `${hint}${i}`)).join(' | ');
      case 'object':
        if (schema.properties.length === 0) {
          this.imports.add('typing', 'Any');
          if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return `dict[str, ${this.fieldType(schema.additionalProperties, `${hint}Value`)}]`;
          return 'dict[str, Any]';
        }
        return this.model(schema, hint);
    }
  }

  /** A type with its per-field metadata (description, constraints) folded in with Annotated. */
  fieldType(schema: SchemaNode, hint: string): string {
    const base = this.type(schema, hint);
    const field = this.fieldArgs(schema);
    if (!field.length) return base;
    this.imports.add('typing', 'Annotated');
    this.imports.add('pydantic', 'Field');
    return `Annotated[${base}, Field(${field.join(', ')})]`;
  }

  private fieldArgs(schema: SchemaNode): string[] {
    const args: string[] = [];
    if (schema.description) args.push(`description=${pyValue(schema.description)}`);
    const extra: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(schema.extra ?? {})) {
      if (k === 'type' && (schema.type === 'enum' || schema.type === 'literal')) continue;
      if (CONSTRAINTS[k] && !(k === 'pattern' && typeof v !== 'string')) args.push(`${CONSTRAINTS[k]}=${pyJson(v)}`);
      else extra[k] = v;
    }
    if (Object.keys(extra).length) args.push(`json_schema_extra=${pyJson(extra)}`);
    return args;
  }

  /** Nested objects become TypedDicts: the handler keeps receiving plain dicts, as it did before. */
  private model(schema: SchemaNode & { type: 'object' }, hint: string): string {
    let name = hint.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
    if (!/^[A-Z]/.test(name)) name = `Model${name}`;
    let unique = name;
    for (let i = 2; this.modelNames.has(unique); i++) unique = `${name}${i}`;
    this.modelNames.add(unique);
    // pydantic needs typing_extensions.TypedDict before Python 3.12.
    this.imports.add('typing_extensions', 'TypedDict');
    const lines = [`class ${unique}(TypedDict):`];
    for (const p of schema.properties) {
      let type = this.fieldType(p.schema, `${unique}_${p.name}`);
      if (!schema.required.includes(p.name)) {
        this.imports.add('typing_extensions', 'NotRequired');
        type = `NotRequired[${type}]`;
      }
      lines.push(`    ${p.name}: ${type}`);
    }
    if (!schema.properties.length) lines.push('    pass');
    this.models.push(lines.join('\n'));
    return unique;
  }

  /** `name: Type = default` for a generated function parameter or model field. */
  parameter(b: ParamBinding, hint: string): string {
    if (b.source) return `${b.param}: ${b.source.annotation}${b.source.default !== undefined ? ` = ${b.source.default}` : ''}`;
    const optionalNone = !b.required && b.schema.default === undefined;
    let type = this.type(b.schema, hint);
    if (optionalNone) type = `${type} | None`;
    const field = this.fieldArgs(b.schema);
    if (field.length) {
      this.imports.add('typing', 'Annotated');
      this.imports.add('pydantic', 'Field');
      type = `Annotated[${type}, Field(${field.join(', ')})]`;
    }
    if (b.required) return `${b.param}: ${type}`;
    if (!optionalNone) return `${b.param}: ${type} = ${pyJson(b.schema.default!)}`;
    return `${b.param}: ${type} = None`;
  }
}
