// IR → the plain, printable summary that `scan --json` / `run --json` and the reports use.
import type { ServerSummary } from '../core/types.js';
import type { JsonValue, ReviewItem, SchemaNode, ServerModel, TransportModel, Value } from '../model/index.js';
import { schemaToJson } from '../extract/python/decorated/type-schema.js';

/**
 * The text of a value as a reader should see it: a literal's text, or the source expression
 * when the value is only known at run time. `expr` tells the two apart.
 */
export function valueText(value: Value | undefined): { text: string; expr: boolean } | undefined {
  if (!value) return undefined;
  if (value.kind === 'literal') return value.value === null ? undefined : { text: String(value.value), expr: false };
  return { text: value.source, expr: true };
}

/**
 * Put `value` on `target[key]` and, when it is a source expression rather than a literal,
 * also set `target[key + 'Expr'] = true` (e.g. `description` + `descriptionExpr`).
 */
function put(target: Record<string, unknown>, key: string, value: Value | undefined): void {
  const v = valueText(value);
  if (!v) return;
  target[key] = v.text;
  if (v.expr) target[`${key}Expr`] = true;
}

/** One parameter of a tool, in the order the function declares them. */
export interface ParameterSummary {
  name: string;
  required: boolean;
  /** JSON type(s): `string`, `integer`, `array`, `string|null`, ... (omitted when any value goes). */
  type?: string;
  description?: string;
  descriptionExpr?: true;
  default?: JsonValue;
}

export interface ToolSummary {
  name: string;
  nameExpr?: true;
  title?: string;
  titleExpr?: true;
  description?: string;
  descriptionExpr?: true;
  parameters: ParameterSummary[];
  /** The input schema as JSON Schema (`description` + `descriptionExpr: true` for a source expression). */
  inputSchema: { [key: string]: JsonValue };
}
export interface ResourceSummary {
  uri: string;
  uriExpr?: true;
  name?: string;
  nameExpr?: true;
  description?: string;
  descriptionExpr?: true;
  mimeType?: string;
  mimeTypeExpr?: true;
}
export interface ResourceTemplateSummary {
  uriTemplate: string;
  uriTemplateExpr?: true;
  name?: string;
  nameExpr?: true;
  description?: string;
  descriptionExpr?: true;
  mimeType?: string;
  mimeTypeExpr?: true;
}
export interface PromptSummary {
  name: string;
  nameExpr?: true;
  description?: string;
  descriptionExpr?: true;
  arguments: { name: string; required: boolean; description?: string; descriptionExpr?: true }[];
}

/** ServerSummary (src/core/types.ts) plus the `*Expr` markers and a few extra facts. */
export interface ServerSummaryJson extends ServerSummary {
  nameExpr?: true;
  line: number;
  /** Set when the server is built inside a factory function (e.g. `serve`). */
  factory?: string;
  /** Transport kinds the server starts with: `stdio`, `sse`, `streamable-http`. */
  transports: string[];
  tools: ToolSummary[];
  resources: ResourceSummary[];
  resourceTemplates: ResourceTemplateSummary[];
  prompts: PromptSummary[];
  /** Kinds whose items are only known at run time, with why and where (see ServerModel.runtimeLists). */
  runtimeLists?: { kind: 'tools' | 'resources' | 'resourceTemplates' | 'prompts'; file: string; line: number; reason: string }[];
}

/** The JSON type(s) a schema admits, for the parameter list. */
function typeText(node: SchemaNode): string | undefined {
  switch (node.type) {
    case 'any':
      return undefined;
    case 'enum':
      return typeof node.extra?.type === 'string' ? node.extra.type : 'enum';
    case 'literal':
      return node.value === null ? 'null' : typeof node.value === 'number' ? (Number.isInteger(node.value) ? 'integer' : 'number') : typeof node.value;
    case 'union': {
      const parts = node.anyOf.map(typeText);
      return parts.some((p) => p === undefined) ? undefined : [...new Set(parts)].join('|');
    }
    default:
      return node.type;
  }
}

export function summarizeParameters(input: SchemaNode & { type: 'object' }): ParameterSummary[] {
  return input.properties.map((p) => {
    const out: Record<string, unknown> = { name: p.name, required: input.required.includes(p.name) };
    const type = typeText(p.schema);
    if (type) out.type = type;
    put(out, 'description', p.schema.description);
    if (p.schema.default !== undefined) out.default = p.schema.default;
    return out as unknown as ParameterSummary;
  });
}

function transportText(t: TransportModel): string {
  return t.kind;
}

export function summarizeServer(model: ServerModel): ServerSummaryJson {
  const name = valueText(model.name) ?? { text: '', expr: false };
  const summary: ServerSummaryJson = {
    file: model.origin.file,
    line: model.origin.line,
    idiom: model.origin.idiom,
    name: name.text,
    ...(name.expr ? { nameExpr: true as const } : {}),
    ...(model.origin.factory ? { factory: model.origin.factory } : {}),
    transports: model.transports.map(transportText),
    tools: model.tools.map((tool) => {
      const out: Record<string, unknown> = {};
      put(out, 'name', tool.name);
      out.name ??= tool.functionName;
      put(out, 'title', tool.title);
      put(out, 'description', tool.description);
      out.parameters = summarizeParameters(tool.input);
      out.inputSchema = { type: 'object', properties: {}, ...schemaToJson(tool.input) };
      return out as unknown as ToolSummary;
    }),
    resources: model.resources.map((res) => {
      const out: Record<string, unknown> = {};
      put(out, 'uri', res.uri);
      out.uri ??= '';
      put(out, 'name', res.name);
      put(out, 'description', res.description);
      put(out, 'mimeType', res.mimeType);
      return out as unknown as ResourceSummary;
    }),
    resourceTemplates: model.resourceTemplates.map((tpl) => {
      const out: Record<string, unknown> = {};
      put(out, 'uriTemplate', tpl.uriTemplate);
      out.uriTemplate ??= '';
      put(out, 'name', tpl.name);
      put(out, 'description', tpl.description);
      put(out, 'mimeType', tpl.mimeType);
      return out as unknown as ResourceTemplateSummary;
    }),
    prompts: model.prompts.map((prompt) => {
      const out: Record<string, unknown> = {};
      put(out, 'name', prompt.name);
      out.name ??= prompt.functionName;
      put(out, 'description', prompt.description);
      out.arguments = prompt.arguments.map((arg) => {
        const a: Record<string, unknown> = { name: arg.name, required: arg.required };
        put(a, 'description', arg.description);
        return a;
      });
      return out as unknown as PromptSummary;
    }),
    review: [...model.review],
  };
  // Lists the migrated server reads at run time (runtime bridge): their items are not listed above.
  if (model.runtimeLists?.length) summary.runtimeLists = model.runtimeLists.map((r) => ({ ...r }));
  return summary;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Review items in a stable, locale-independent order: file, line, column, code, message. */
export function sortReview(items: ReviewItem[]): ReviewItem[] {
  return [...items].sort(
    (a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.code, b.code) || cmp(a.message, b.message),
  );
}
