// The intermediate model: plain data shared by every extractor and emitter.
// No parser objects live here, so a model can be printed as JSON, diffed and tested.

/** A value read from user code: a literal we know, or a source expression we must carry as-is. */
export type Value =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'expr'; language: 'python' | 'typescript'; source: string };

export const literal = (value: string | number | boolean | null): Value => ({ kind: 'literal', value });
export const pyExpr = (source: string): Value => ({ kind: 'expr', language: 'python', source });

/** The statically known text of a value, if any. */
export function staticText(value: Value | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'literal') return value.value === null ? undefined : String(value.value);
  return undefined;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

interface SchemaCommon {
  description?: Value;
  /** JSON default, when the source states one. */
  default?: JsonValue;
  title?: string;
  /** Keys we carry but do not model (minimum, pattern, format, ...). */
  extra?: Record<string, JsonValue>;
}

export interface ObjectProperty {
  name: string;
  schema: SchemaNode;
}

/** The JSON-Schema subset every source and target can speak. */
export type SchemaNode = SchemaCommon &
  (
    | { type: 'string' }
    | { type: 'integer' }
    | { type: 'number' }
    | { type: 'boolean' }
    | { type: 'null' }
    | { type: 'any' }
    | { type: 'array'; items?: SchemaNode }
    | {
        type: 'object';
        properties: ObjectProperty[];
        required: string[];
        additionalProperties?: boolean | SchemaNode;
        /** A named model (pydantic class) this object came from, if any. */
        modelName?: string;
      }
    | { type: 'enum'; values: (string | number | boolean | null)[] }
    | { type: 'literal'; value: string | number | boolean | null }
    | { type: 'union'; anyOf: SchemaNode[] }
  );

/** How a parameter of the generated function maps onto the original argument dict. */
export interface ParamBinding {
  /** Python identifier used in the generated function. */
  param: string;
  /** Key in the original `arguments` dict. */
  key: string;
  schema: SchemaNode;
  required: boolean;
  /** Annotation and default copied verbatim from the source (pydantic model fields). */
  source?: { annotation: string; default?: string };
}

/**
 * A handler body lifted out of a dispatcher. `body` is source text (dedented, no
 * trailing newline) that already reads parameters instead of the arguments dict, unless
 * `needsArgumentsDict` says the body still uses `arguments` as a whole.
 */
export interface HandlerModel {
  language: 'python' | 'typescript';
  file: string;
  line: number;
  body: string;
  isAsync: boolean;
  params: ParamBinding[];
  /** The body uses the arguments mapping as a whole; the emitter rebuilds it. */
  needsArgumentsDict: boolean;
  /** Name the body uses for the arguments mapping (e.g. `arguments`). */
  argumentsName: string;
}

export interface ToolAnnotationsModel {
  title?: Value;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface ToolModel {
  name: Value;
  /** A Python identifier for the generated function. */
  functionName: string;
  title?: Value;
  description?: Value;
  input: SchemaNode & { type: 'object' };
  /** Source of the input schema, kept when it is a pydantic model so the emitter can reuse it. */
  inputModel?: string;
  output?: JsonValue;
  annotations?: ToolAnnotationsModel;
  handler: HandlerModel;
  line: number;
}

export interface ResourceModel {
  uri: Value;
  name?: Value;
  title?: Value;
  description?: Value;
  mimeType?: Value;
  functionName: string;
  handler: HandlerModel;
  line: number;
}

export interface ResourceTemplateModel {
  uriTemplate: Value;
  name?: Value;
  title?: Value;
  description?: Value;
  mimeType?: Value;
  functionName: string;
  /** Placeholders of the template, in order. */
  variables: string[];
  handler: HandlerModel;
  line: number;
}

export interface PromptArgumentModel {
  name: string;
  description?: Value;
  required: boolean;
}

export interface PromptModel {
  name: Value;
  title?: Value;
  description?: Value;
  arguments: PromptArgumentModel[];
  functionName: string;
  handler: HandlerModel;
  line: number;
}

export type TransportModel =
  | { kind: 'stdio' }
  | { kind: 'sse'; host?: Value; port?: Value; path?: Value }
  | { kind: 'streamable-http'; host?: Value; port?: Value; path?: Value; /** Extra run() keywords (json_response, stateless_http). */ options?: { name: string; value: Value }[] };

export type Severity = 'error' | 'warning' | 'info';

export interface ReviewItem {
  /** Stable code, e.g. FMM-PY-LL-003. */
  code: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  message: string;
  snippet: string;
  suggestion: string;
}

export interface ServerModel {
  name: Value;
  version?: Value;
  instructions?: Value;
  /** Python identifier bound to the server object. */
  variable: string;
  transports: TransportModel[];
  tools: ToolModel[];
  resources: ResourceModel[];
  resourceTemplates: ResourceTemplateModel[];
  prompts: PromptModel[];
  origin: { file: string; line: number; idiom: string; factory?: string };
  review: ReviewItem[];
  /**
   * Lists the migrated server reads at run time from the original handlers (a list only known at
   * run time); their items are not in `tools` / `resources` / `prompts`.
   */
  runtimeLists?: RuntimeListModel[];
}

export interface RuntimeListModel {
  kind: 'tools' | 'resources' | 'resourceTemplates' | 'prompts';
  file: string;
  line: number;
  /** Why the list cannot be read statically. */
  reason: string;
}
