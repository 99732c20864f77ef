// The tools of a low-level server: `Tool(...)` entries of its list_tools handler (name, title,
// description, input/output schema, annotations), each served by its call_tool branch.
import type { ParamBinding, SchemaNode, ToolAnnotationsModel, ToolModel } from '../../model/index.js';
import type { SyntaxNode } from '../../parse/python.js';
import type { LowlevelContext } from './lowlevel-context.js';
import { dispatchedHandler, dispatcher } from './lowlevel-dispatcher.js';
import { listedItems, staticOrRuntime } from './lowlevel-lists.js';
import { fieldValue, newFunctionName } from './lowlevel-values.js';
import { lineOf } from './project.js';
import { REVIEW_CODES as C, reviewAt } from './review.js';
import { argumentKeysRead, RuntimeListNeeded, shortSource, staticNode, unknownIsPortable } from './runtime-lists.js';
import { pydanticFields, SchemaProblem, schemaFromAnnotation, schemaFromStatic, toJson } from './schema.js';
import { CallValue, ClassValue, DictValue, Unknown, type StaticValue } from './static-eval.js';

/** The tools, read statically, or none when they are served at run time (runtime bridge). */
export function readTools(cx: LowlevelContext, listFn?: SyntaxNode, callFn?: SyntaxNode): ToolModel[] {
  if (!listFn) return [];
  return staticOrRuntime(cx, 'tools', () => {
    const listed = listedItems(cx, listFn, 'tool');
    const names = listed.map((t) => (t instanceof CallValue && typeof t.kwarg('name', 0) === 'string' ? (t.kwarg('name', 0) as string) : undefined)).filter((n): n is string => !!n);
    try {
      const { keyParam, argsParam, split } = dispatcher(cx, callFn, 'The call_tool dispatcher could not be split per tool; each tool calls the whole original dispatcher body with its own name', 'Fine as is; inline the branch of each tool by hand when convenient.');
      const tools: ToolModel[] = [];
      for (const item of listed) {
        if (!(item instanceof CallValue) || item.simpleName !== 'Tool') throw new RuntimeListNeeded(`a tool list entry is not a Tool(...) call (\`${shortSource(staticNode(item) ?? listFn)}\`)`, staticNode(item) ?? listFn);
        tools.push(readTool(cx, item, callFn, keyParam, argsParam, split?.bodies));
      }
      return tools;
    } catch (e) {
      throw e instanceof RuntimeListNeeded ? new RuntimeListNeeded(e.reason, e.node, names) : e;
    }
  });
}

function readTool(cx: LowlevelContext, def: CallValue, callFn: SyntaxNode | undefined, keyParam: string | undefined, argsParam: string | undefined, bodies?: Map<string, string>): ToolModel {
  const nameValue = def.kwarg('name', 0);
  const name = fieldValue(cx, nameValue, def.node, 'The tool name');
  if (!name) throw new RuntimeListNeeded(`a tool's name cannot be read statically (\`${shortSource(def.node)}\`)`, def.node);
  const staticName = name.kind === 'literal' ? String(name.value) : undefined;
  const functionName = newFunctionName(cx, staticName ?? 'tool', 'tool');
  const description = fieldValue(cx, def.kwarg('description', 2), def.node, `The description of tool ${staticName ?? functionName}`);
  const title = fieldValue(cx, def.kwarg('title', 1), def.node, 'The tool title');
  const { input, bindings, inputModel } = toolInput(cx, def, staticName ?? functionName);
  const annotations = toolAnnotations(cx, def.kwarg('annotations'), def.node);
  let output: ToolModel['output'];
  const outputSchema = def.kwarg('outputSchema');
  if (outputSchema !== undefined && outputSchema !== null) {
    output = toJson(outputSchema);
    if (output === undefined) throw new RuntimeListNeeded(`the output schema of tool ${staticName ?? functionName} is computed at run time (\`${shortSource(staticNode(outputSchema) ?? def.node)}\`)`, def.node);
    cx.review.push(reviewAt(C.outputSchema, 'warning', cx.file, def.node, `Tool ${staticName ?? functionName} declares an outputSchema; it is passed to FastMCP as output_schema`, 'Check that the tool returns structured content matching it.'));
  }
  const handler = dispatchedHandler(cx, callFn, keyParam, argsParam, bodies, staticName, name, bindings, 'tool', def.node);
  if (handler.needsArgumentsDict && staticName !== undefined && bodies?.has(staticName)) {
    // The original hands the body any key the client sends; typed parameters would refuse the undeclared ones.
    const declared = new Set(bindings.map((b) => b.key));
    const stray = argumentKeysRead(handler.body, handler.argumentsName).filter((k) => !declared.has(k));
    if (stray.length) throw new RuntimeListNeeded(`tool ${staticName} reads argument ${stray.map((k) => JSON.stringify(k)).join(', ')} that its input schema does not declare`, def.node);
  }
  return { name, functionName, title, description, input, inputModel, output, annotations, handler, line: lineOf(def.node) };
}

function toolInput(cx: LowlevelContext, def: CallValue, toolName: string): { input: SchemaNode & { type: 'object' }; bindings: ParamBinding[]; inputModel?: string } {
  const raw = def.kwarg('inputSchema');
  const empty = { type: 'object' as const, properties: [], required: [] };
  // `Model.schema()` is pydantic's older spelling of the same schema.
  if (raw instanceof CallValue && (raw.simpleName === 'model_json_schema' || raw.simpleName === 'schema') && raw.target && raw.args.length === 0 && raw.kwargs.size === 0) {
    const fields = pydanticFields(raw.target);
    if (fields) {
      const bindings: ParamBinding[] = fields.map((f) => ({
        param: f.name,
        key: f.name,
        schema: schemaFromAnnotation(f.annotation),
        required: f.required,
        source: { annotation: f.annotation, default: f.defaultSource },
      }));
      if (raw.target.module !== cx.module) cx.layout.extraImports.push({ module: raw.target.module.moduleName, name: raw.target.name });
      return {
        input: { type: 'object', properties: bindings.map((b) => ({ name: b.key, schema: b.schema })), required: bindings.filter((b) => b.required).map((b) => b.key), modelName: raw.target.name },
        bindings,
        inputModel: raw.target.name,
      };
    }
  }
  if (raw === undefined) return { input: empty, bindings: [] };
  // Only a schema read fully and exactly becomes typed parameters; any other is advertised
  // exactly as the original computes it, through the runtime bridge.
  const runtimePart = runtimeSchemaPart(cx, raw);
  if (runtimePart) throw new RuntimeListNeeded(`the input schema of tool ${toolName} is computed at run time (\`${shortSource(runtimePart)}\`)`, runtimePart);
  try {
    const schema = schemaFromStatic(raw, `inputSchema of ${toolName}`, true);
    if (schema.type !== 'object') throw new SchemaProblem(`inputSchema of ${toolName} is not an object schema`);
    const bindings = schema.properties.map((p) => ({ param: p.name, key: p.name, schema: p.schema, required: schema.required.includes(p.name) }));
    return { input: schema, bindings };
  } catch (e) {
    if (!(e instanceof SchemaProblem)) throw e;
    throw new RuntimeListNeeded(`${e.message}, so it is advertised as the original computes it`, def.node);
  }
}

/**
 * The first part of a schema that is neither a literal nor a description expression the
 * generated code can evaluate the same way (same module, names visible at module level).
 */
function runtimeSchemaPart(cx: LowlevelContext, v: StaticValue, key?: string): SyntaxNode | undefined {
  if (v instanceof DictValue) {
    for (const [k, x] of v.entries) {
      const part = runtimeSchemaPart(cx, x, k);
      if (part) return part;
    }
    return undefined;
  }
  if (Array.isArray(v)) return v.map((x) => runtimeSchemaPart(cx, x)).find((p) => p);
  if (v instanceof Unknown || v instanceof CallValue) {
    const module = v instanceof Unknown ? v.module : v.scope.module;
    if (key === 'description' && module === cx.module && unknownIsPortable(v.node, cx.factory ? [cx.factory] : [])) return undefined;
    return v.node;
  }
  if (v instanceof ClassValue) return v.node;
  return undefined;
}

function toolAnnotations(cx: LowlevelContext, v: StaticValue | undefined, node: SyntaxNode): ToolAnnotationsModel | undefined {
  if (v === undefined || v === null) return undefined;
  const entries = v instanceof CallValue ? v.kwargs : v instanceof DictValue ? v.entries : undefined;
  if (!entries) throw new RuntimeListNeeded(`tool annotations cannot be read statically (\`${shortSource(staticNode(v) ?? node)}\`)`, staticNode(v) ?? node);
  const out: ToolAnnotationsModel = {};
  for (const [rawKey, x] of entries) {
    const k = rawKey.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    if (k === 'title') out.title = fieldValue(cx, x, node, 'The annotation title');
    else if (['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'].includes(k) && typeof x === 'boolean') out[k as 'readOnlyHint'] = x;
    else throw new RuntimeListNeeded(`tool annotation ${k} cannot be carried statically`, node);
  }
  return out;
}
