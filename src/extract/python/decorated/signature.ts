// A decorated function's parameters → the input schema (tools) or the argument list (prompts)
// FastMCP advertises for it. Context parameters, injected dependencies, `*args` / `**kwargs` and
// the `self` of a bound method are not part of the surface.
import type { ObjectProperty, ParamBinding, PromptArgumentModel, SchemaNode } from '../../../model/index.js';
import type { SyntaxNode } from '../../../parse/python.js';
import type { Scope } from '../static-eval.js';
import { isFieldCall, withDefault, withField, type TypeSchemaReader } from './type-schema.js';

export interface Parameter {
  name: string;
  schema: SchemaNode;
  required: boolean;
  annotation?: string;
  defaultSource?: string;
}

/** Defaults that mark an injected dependency (FastMCP 3/4 `Depends`, `CurrentContext()`, ...). */
const INJECTED_DEFAULT = /^(\w+\.)*(Depends|CurrentContext|CurrentFastMCP|CurrentRequest|CurrentHeaders|CurrentAccessToken|Progress|TokenClaim)\(/;

/** `Annotated[T, Resolve(...)]` (MCPServer: filled by elicitation), `Annotated[T, Depends(...)]` (FastMCP: injected). */
const RESOLVED_METADATA = /^\s*(\w+\.)*Annotated\[[\s\S]*,\s*(\w+\.)*(Resolve|Depends)\(/;

/** Whether the function is defined directly in a class body (a method). */
export function isMethod(fn: SyntaxNode): boolean {
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  return holder.parent?.type === 'block' && holder.parent.parent?.type === 'class_definition';
}

function isStatic(fn: SyntaxNode): boolean {
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  return !!holder?.namedChildren.some((c) => c.type === 'decorator' && /staticmethod/.test(c.text));
}

/** The surface parameters of `fn`, in order. `exclude` names parameters the registration hides. */
export function readParameters(fn: SyntaxNode, scope: Scope, reader: TypeSchemaReader, exclude: Set<string> = new Set()): Parameter[] {
  const params = fn.childForFieldName('parameters')?.namedChildren ?? [];
  const out: Parameter[] = [];
  let skipFirst = isMethod(fn) && !isStatic(fn);
  for (const p of params) {
    if (p.type === 'comment' || p.type === 'positional_separator' || p.type === 'keyword_separator') continue;
    if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') continue;
    if (p.type === 'typed_parameter' && p.namedChildren.some((c) => c.type === 'list_splat_pattern' || c.type === 'dictionary_splat_pattern')) continue;
    const nameNode = p.type === 'identifier' ? p : p.type === 'typed_parameter' ? p.namedChildren.find((c) => c.type === 'identifier') : p.childForFieldName('name');
    if (!nameNode) continue;
    const name = nameNode.text;
    if (skipFirst) {
      skipFirst = false;
      continue;
    }
    const type = p.childForFieldName('type') ?? undefined;
    const value = p.type === 'default_parameter' || p.type === 'typed_default_parameter' ? p.childForFieldName('value') ?? undefined : undefined;
    if (exclude.has(name)) continue;
    if (type && (isInjected(type.text) || RESOLVED_METADATA.test(type.text))) continue;
    if (value && INJECTED_DEFAULT.test(value.text)) continue;
    let schema: SchemaNode = type ? reader.schema(type, scope) : { type: 'any' };
    let required = !value;
    if (value && isFieldCall(value)) {
      const info = reader.fieldInfo(value, scope);
      schema = withField(schema, info);
      required = !info.defaultNode && !info.hasDefaultFactory;
      if (info.defaultNode) schema = withDefault(schema, reader.defaultValue(info.defaultNode, scope));
    } else if (value) {
      schema = withDefault(schema, reader.defaultValue(value, scope));
    }
    out.push({ name, schema, required, annotation: type?.text, defaultSource: value?.text });
  }
  return out;
}

/** A Context-like annotation: `Context`, `Context[...]`, `Optional[Context]`, `Context | None`, `fastmcp.Context`. */
function isInjected(annotation: string): boolean {
  const a = annotation.replace(/\s+/g, '').replace(/^["']|["']$/g, '');
  const core = a.replace(/^Optional\[(.*)\]$/, '$1').replace(/\|None$/, '').replace(/^None\|/, '');
  return /^(\w+\.)*(Context|RequestContext|ServerSession|Request|AccessToken|Progress)(\[.*\])?$/.test(core);
}

/** The object schema a tool advertises for these parameters. */
export function inputSchema(params: Parameter[]): SchemaNode & { type: 'object' } {
  const properties: ObjectProperty[] = params.map((p) => ({ name: p.name, schema: p.schema }));
  return { type: 'object', properties, required: params.filter((p) => p.required).map((p) => p.name) };
}

export function paramBindings(params: Parameter[]): ParamBinding[] {
  return params.map((p) => ({
    param: p.name,
    key: p.name,
    schema: p.schema,
    required: p.required,
    ...(p.annotation !== undefined ? { source: { annotation: p.annotation, ...(p.defaultSource !== undefined ? { default: p.defaultSource } : {}) } } : {}),
  }));
}

export function promptArguments(params: Parameter[]): PromptArgumentModel[] {
  return params.map((p) => ({ name: p.name, required: p.required, ...(p.schema.description ? { description: p.schema.description } : {}) }));
}
