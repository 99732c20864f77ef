// The output schema a tool's return annotation gives, per lineage, where FastMCP 4 differs.
// Measured by running each version (mcp 1.30.0 FastMCP and mcp 2.3.0 MCPServer behave alike;
// fastmcp 2.14.7, 3.4.11, 4.2.3):
//
// | annotation          | SDK FastMCP / MCPServer                   | FastMCP 4                        |
// |---------------------|-------------------------------------------|----------------------------------|
// | `dict`              | none                                      | `{type: object, additionalProperties: true}` |
// | `Dict`, `Dict[K,V]` | wrapped: `{result: {type: object, ...}}`  | unwrapped object                 |
// | `List` (bare)       | wrapped: `{result: {type: array, items: {}}}` | none                         |
// | `None`              | wrapped: `{result: {type: null}}`         | none                             |
// | plain annotated class | its fields as an object schema          | none                             |
//
// FastMCP 2 describes every wrapped schema with "Generic wrapper for non-object return types.";
// FastMCP 3 and 4 do not. Everything else measured came out the same (titles aside).
import type { SyntaxNode } from '../../parse/python.js';

export type OutputFix =
  /** Add `output_schema=<python>` to the decorator. */
  | { kind: 'schema'; python: string; why: string }
  /** Nothing the decorator can express exactly: report. */
  | { kind: 'review'; message: string; suggestion: string };

const SCALAR_SCHEMA: Record<string, string> = { str: '{"type": "string"}', int: '{"type": "integer"}', float: '{"type": "number"}', bool: '{"type": "boolean"}' };

const wrapped = (inner: string) => `{"type": "object", "properties": {"result": ${inner}}, "required": ["result"], "x-fastmcp-wrap-result": True}`;

/** Classes of the module with no base class and annotated fields (pydantic reads their annotations). */
function plainClasses(root: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const stmt of root.namedChildren) {
    const cls = stmt.type === 'class_definition' ? stmt : undefined;
    if (!cls) continue;
    const bases = cls.childForFieldName('superclasses');
    if (bases && bases.namedChildren.some((b) => b.text !== 'object')) continue;
    const body = cls.childForFieldName('body');
    const annotated = body?.namedChildren.some((s) => s.type === 'expression_statement' && s.namedChildren[0]?.type === 'assignment' && !!s.namedChildren[0].childForFieldName('type'));
    if (annotated) out.add(cls.childForFieldName('name')!.text);
  }
  return out;
}

/** Dataclasses of the module with fields built by `field(default_factory=...)`: class → field names. */
function dataclassFactoryFields(root: SyntaxNode): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const stmt of root.namedChildren) {
    if (stmt.type !== 'decorated_definition') continue;
    const cls = stmt.childForFieldName('definition');
    if (cls?.type !== 'class_definition') continue;
    if (!stmt.namedChildren.some((d) => d.type === 'decorator' && /^@\s*(dataclasses\.)?dataclass\b/.test(d.text))) continue;
    const fields: string[] = [];
    for (const s of cls.childForFieldName('body')?.namedChildren ?? []) {
      const a = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
      if (a?.type === 'assignment' && a.childForFieldName('type') && /\bdefault_factory\s*=/.test(a.childForFieldName('right')?.text ?? '')) fields.push(a.childForFieldName('left')!.text);
    }
    if (fields.length) out.set(cls.childForFieldName('name')!.text, fields);
  }
  return out;
}

/** For the SDK lineage (mcp 1.x FastMCP, SDK v2 MCPServer): what to do so FastMCP 4 advertises the same output schema. */
export function sdkOutputFix(annotation: SyntaxNode | null | undefined, root: SyntaxNode, typingDict: boolean): OutputFix | undefined {
  if (!annotation) return undefined;
  const t = annotation.text.replace(/\s+/g, '');
  if (t === 'dict' || t === 'builtins.dict') {
    return { kind: 'schema', python: 'None', why: 'a bare `dict` result had no output schema; FastMCP 4 would advertise `{"type": "object", "additionalProperties": true}`' };
  }
  const dictM = /^(?:typing\.)?Dict(?:\[(\w+),(\w+)\])?$/.exec(t);
  if (dictM && (typingDict || t.startsWith('typing.'))) {
    const v = dictM[2];
    const inner = !v || v === 'Any' ? '{"type": "object", "additionalProperties": True}' : SCALAR_SCHEMA[v] ? `{"type": "object", "additionalProperties": ${SCALAR_SCHEMA[v]}}` : undefined;
    if (inner) return { kind: 'schema', python: wrapped(inner), why: `a \`${annotation.text}\` result was wrapped as {"result": ...}; FastMCP 4 would send the dict itself` };
    return {
      kind: 'review',
      message: `returns \`${annotation.text}\`: the SDK advertised this as {"result": {...}} and wrapped the result, FastMCP 4 advertises and sends the dict itself (structuredContent changes)`,
      suggestion: 'Pass `output_schema={"type": "object", "properties": {"result": <the dict schema>}, "required": ["result"], "x-fastmcp-wrap-result": True}` to keep the wrapping, or tell clients.',
    };
  }
  if (t === 'List' || t === 'typing.List') {
    return { kind: 'schema', python: wrapped('{"type": "array", "items": {}}'), why: 'a bare `List` result had a wrapped array output schema; FastMCP 4 would advertise none' };
  }
  if (t === 'None') {
    return { kind: 'schema', python: wrapped('{"type": "null"}'), why: 'a `None` result had the output schema {"result": null}; FastMCP 4 would advertise none' };
  }
  const factoryFields = dataclassFactoryFields(root).get(t);
  if (factoryFields) {
    return {
      kind: 'review',
      message: `returns the dataclass \`${t}\`: the SDK listed ${factoryFields.map((f) => `\`${f}\``).join(', ')} (built by \`default_factory\`) as required in the output schema, FastMCP 4 lists ${factoryFields.length > 1 ? 'them' : 'it'} as optional; the results are the same`,
      suggestion: `Pass \`output_schema=\` with ${factoryFields.length > 1 ? 'those fields' : 'that field'} in "required" if clients rely on it, or accept the looser schema.`,
    };
  }
  if (plainClasses(root).has(t)) {
    return {
      kind: 'review',
      message: `returns the plain class \`${t}\`: the SDK advertised its annotated fields as the output schema and sent them as structuredContent; FastMCP 4 advertises no output schema and sends the object's repr`,
      suggestion: `Make \`${t}\` a pydantic model or a dataclass (FastMCP 4 then advertises and sends its fields), or return a dict.`,
    };
  }
  return undefined;
}

/** FastMCP 2 wrapped every non-object result (scalars, lists, unions with None) with a schema description FastMCP 3/4 do not send. */
export function fastmcp2WrappedResult(annotation: SyntaxNode | null | undefined): boolean {
  if (!annotation) return false;
  const t = annotation.text.replace(/\s+/g, '');
  if (/Image|Audio|File|Content|ToolResult|CallToolResult/.test(t)) return false;
  return /^(str|int|float|bool|bytes?|list(\[.*\])?|List(\[.*\])?|tuple(\[.*\])?|Tuple(\[.*\])?|set(\[.*\])?|Optional\[.*\]|.*\|None|None\|.*)$/.test(t) && t !== 'None' && !/^bytes?$/.test(t);
}

/** FastMCP 3 advertised a bare `list` / `List` result as a wrapped array; FastMCP 4 advertises none (an unconstrained sequence). */
export function fastmcp3OutputFix(annotation: SyntaxNode | null | undefined): OutputFix | undefined {
  const t = annotation?.text.replace(/\s+/g, '');
  if (t === 'list' || t === 'List' || t === 'typing.List') {
    return { kind: 'schema', python: wrapped('{"type": "array", "items": {}}'), why: `a bare \`${t}\` result had a wrapped array output schema; FastMCP 4 advertises none for an unconstrained sequence` };
  }
  return undefined;
}
