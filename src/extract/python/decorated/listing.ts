// Applies a server's own operations to its components: composition (mounted / imported servers,
// with their prefix), tool transformations, and visibility (tags, names). The result is what a
// client would list at start-up.
import type { PromptModel, ResourceModel, ResourceTemplateModel, ServerModel, ToolModel, Value } from '../../../model/index.js';
import type { SyntaxNode } from '../../../parse/python.js';
import type { PyModule } from '../project.js';
import { literal } from '../../../model/index.js';
import { CallValue, DictValue, moduleScope, type StaticEvaluator, type StaticValue } from '../static-eval.js';
import type { OperationSite } from './server-calls.js';
import type { ServerSite } from './servers.js';

type Component = ToolModel | PromptModel | ResourceModel | ResourceTemplateModel;

export interface Listing {
  tools: ToolModel[];
  resources: ResourceModel[];
  resourceTemplates: ResourceTemplateModel[];
  prompts: PromptModel[];
}

/** Tags given at registration (`tags={...}`), per component model. */
export type TagMap = WeakMap<object, string[]>;

const valueText = (v: Value) => (v.kind === 'literal' ? String(v.value) : undefined);

function prefixed(name: Value, prefix: string): Value {
  const text = valueText(name);
  return text === undefined ? name : literal(`${prefix}_${text}`);
}

/** FastMCP 2.x+ path format: `proto://path` → `proto://prefix/path`. */
function prefixedUri(uri: Value, prefix: string): Value {
  const text = valueText(uri);
  if (text === undefined) return uri;
  const m = /^([^:]+:\/\/)(.*)$/.exec(text);
  return literal(m ? `${m[1]}${prefix}/${m[2]}` : `${prefix}/${text}`);
}

export class ListingBuilder {
  private readonly done = new Map<ServerSite, Listing>();
  private readonly active = new Set<ServerSite>();

  constructor(
    private readonly own: Map<ServerSite, ServerModel>,
    private readonly operations: OperationSite[],
    private readonly tags: TagMap,
    private readonly evaluator: StaticEvaluator,
  ) {}

  listing(site: ServerSite): Listing {
    const cached = this.done.get(site);
    if (cached) return cached;
    const model = this.own.get(site)!;
    const out: Listing = { tools: [...model.tools], resources: [...model.resources], resourceTemplates: [...model.resourceTemplates], prompts: [...model.prompts] };
    if (this.active.has(site)) return out;
    this.active.add(site);
    const ops = this.operations.filter((o) => o.server === site).map((o) => o.operation);
    for (const op of ops) {
      if (op.op !== 'mount') continue;
      for (const child of op.children) {
        if (child === site) continue;
        const sub = this.listing(child);
        const p = op.prefix;
        const copy = <T extends object>(c: T, patch: Partial<T>): T => {
          const n = { ...c, ...patch };
          const t = this.tags.get(c);
          if (t) this.tags.set(n, t);
          return n;
        };
        out.tools.push(...sub.tools.map((t) => (p ? copy(t, { name: prefixed(t.name, p) }) : t)));
        out.prompts.push(...sub.prompts.map((t) => (p ? copy(t, { name: prefixed(t.name, p) }) : t)));
        out.resources.push(...sub.resources.map((r) => (p ? copy(r, { uri: prefixedUri(r.uri, p) }) : r)));
        out.resourceTemplates.push(...sub.resourceTemplates.map((r) => (p ? copy(r, { uriTemplate: prefixedUri(r.uriTemplate, p) }) : r)));
      }
    }
    for (const op of ops) {
      if (op.op !== 'transform') continue;
      out.tools = out.tools.map((t) => {
        if (valueText(t.name) !== op.tool) return t;
        const n = this.transform(t, op.config, op.module);
        this.tags.set(n, this.tags.get(t) ?? []);
        return n;
      });
    }
    for (const op of ops) {
      if (op.op !== 'disable' && op.op !== 'only') continue;
      const applies = (kind: string) => !op.components || op.components.some((k) => k === kind || (kind === 'template' && /template/.test(k)));
      const keys = (c: Component) =>
        ['name' in c && c.name ? valueText(c.name) : undefined, 'uri' in c ? valueText(c.uri) : undefined, 'uriTemplate' in c ? valueText(c.uriTemplate) : undefined].filter(
          (x): x is string => x !== undefined,
        );
      const matches = (c: Component) => !!(op.names && keys(c).some((k) => op.names!.includes(k))) || !!(op.tags && (this.tags.get(c) ?? []).some((t) => op.tags!.includes(t)));
      const keep = (c: Component, kind: string) => (!applies(kind) ? true : op.op === 'disable' ? !matches(c) : matches(c));
      out.tools = out.tools.filter((c) => keep(c, 'tool'));
      out.prompts = out.prompts.filter((c) => keep(c, 'prompt'));
      out.resources = out.resources.filter((c) => keep(c, 'resource'));
      out.resourceTemplates = out.resourceTemplates.filter((c) => keep(c, 'template'));
    }
    this.active.delete(site);
    this.done.set(site, out);
    return out;
  }

  /** `ToolTransformConfig(name=, title=, description=, arguments={old: ArgTransformConfig(name=, description=, hide=)})`. */
  private transform(tool: ToolModel, config: SyntaxNode, module: PyModule): ToolModel {
    const v = this.evaluator.evaluate(config, moduleScope(module));
    const entries = v instanceof CallValue ? v.kwargs : v instanceof DictValue ? v.entries : undefined;
    if (!entries) return tool;
    const out: ToolModel = { ...tool, input: { ...tool.input, properties: [...tool.input.properties], required: [...tool.input.required] } };
    const text = (x: StaticValue | undefined) => (typeof x === 'string' ? x : undefined);
    if (text(entries.get('name'))) out.name = literal(text(entries.get('name'))!);
    if (text(entries.get('title'))) out.title = literal(text(entries.get('title'))!);
    if (text(entries.get('description')) !== undefined) out.description = literal(text(entries.get('description'))!);
    const args = entries.get('arguments');
    if (args instanceof DictValue) {
      for (const [arg, cfg] of args.entries) {
        const kw = cfg instanceof CallValue ? cfg.kwargs : cfg instanceof DictValue ? cfg.entries : undefined;
        const at = out.input.properties.findIndex((p) => p.name === arg);
        if (!kw || at < 0) continue;
        if (kw.get('hide') === true) {
          out.input.properties.splice(at, 1);
          out.input.required = out.input.required.filter((r) => r !== arg);
          continue;
        }
        const prop = { ...out.input.properties[at], schema: { ...out.input.properties[at].schema } };
        const newName = text(kw.get('name'));
        if (newName) {
          out.input.required = out.input.required.map((r) => (r === arg ? newName : r));
          prop.name = newName;
        }
        const desc = text(kw.get('description'));
        if (desc !== undefined) prop.schema.description = literal(desc);
        out.input.properties[at] = prop;
      }
    }
    return out;
  }
}
