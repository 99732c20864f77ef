// The resources and resource templates of a low-level server: `Resource(...)` / `ResourceTemplate(...)`
// entries of its list handlers, each served by the read_resource handler with its own URI.
import type { ResourceModel, ResourceTemplateModel } from '../../model/index.js';
import { pyExpr } from '../../model/index.js';
import type { SyntaxNode } from '../../parse/python.js';
import { pyString } from '../../emit/python/literal.js';
import type { LowlevelContext } from './lowlevel-context.js';
import { dispatchedHandler, dispatcher } from './lowlevel-dispatcher.js';
import { listedItems, staticOrRuntime } from './lowlevel-lists.js';
import { fieldValue, newFunctionName, staticString } from './lowlevel-values.js';
import { lineOf } from './project.js';
import { REVIEW_CODES as C, reviewAt } from './review.js';
import { RuntimeListNeeded, shortSource, staticNode } from './runtime-lists.js';
import { CallValue, type StaticValue } from './static-eval.js';

/** Each kind read statically, or none when it is served at run time (runtime bridge). */
export function readResources(cx: LowlevelContext, listFn?: SyntaxNode, templatesFn?: SyntaxNode, readFn?: SyntaxNode): { resources: ResourceModel[]; templates: ResourceTemplateModel[] } {
  const resources: ResourceModel[] = [];
  const templates: ResourceTemplateModel[] = [];
  // Reported below, and only when static resources need the split (templates never use it).
  const { keyParam: uriParam, split } = dispatcher(cx, readFn, undefined, '', 'uri');
  const staticResources = listFn ? staticOrRuntime(cx, 'resources', () => {
    const found: ResourceModel[] = [];
    for (const item of listedItems(cx, listFn, 'resource')) {
      if (!(item instanceof CallValue) || item.simpleName !== 'Resource') throw new RuntimeListNeeded(`a resource list entry is not a Resource(...) call (\`${shortSource(staticNode(item) ?? listFn)}\`)`, staticNode(item) ?? listFn);
      const uri = fieldValue(cx, unwrapUrl(item.kwarg('uri')), item.node, 'The resource URI');
      if (!uri) throw new RuntimeListNeeded('a resource URI cannot be read statically', item.node);
      const staticUri = uri.kind === 'literal' ? String(uri.value) : undefined;
      const name = fieldValue(cx, item.kwarg('name'), item.node, 'The resource name');
      const functionName = newFunctionName(cx, `resource_${staticString(name) ?? staticUri ?? 'resource'}`, 'resource');
      // v1 hands the read handler an AnyUrl, v2 a plain str.
      const uriSource = staticUri !== undefined ? pyString(staticUri) : uri.kind === 'expr' ? uri.source : '""';
      const keyValue = pyExpr(cx.version === 'v2' ? uriSource : `AnyUrl(${uriSource})`);
      found.push({
        uri,
        name,
        title: fieldValue(cx, item.kwarg('title'), item.node, 'The resource title'),
        description: fieldValue(cx, item.kwarg('description'), item.node, 'The resource description'),
        mimeType: fieldValue(cx, item.kwarg('mimeType'), item.node, 'The resource mime type'),
        functionName,
        handler: dispatchedHandler(cx, readFn, uriParam, undefined, split?.bodies, staticUri, keyValue, [], 'resource', item.node),
        line: lineOf(item.node),
      });
    }
    return found;
  }) : [];
  resources.push(...staticResources);
  const staticTemplates = templatesFn ? staticOrRuntime(cx, 'resourceTemplates', () => {
    const found: ResourceTemplateModel[] = [];
    for (const item of listedItems(cx, templatesFn, 'resource template')) {
      if (!(item instanceof CallValue) || item.simpleName !== 'ResourceTemplate') throw new RuntimeListNeeded(`a template list entry is not a ResourceTemplate(...) call (\`${shortSource(staticNode(item) ?? templatesFn)}\`)`, staticNode(item) ?? templatesFn);
      const uriTemplate = fieldValue(cx, item.kwarg('uriTemplate'), item.node, 'The URI template');
      if (uriTemplate?.kind !== 'literal') throw new RuntimeListNeeded('a URI template is not known statically', item.node);
      const template = String(uriTemplate.value);
      // Only simple `{name}` placeholders map onto function parameters.
      if (/\{(?![A-Za-z_][A-Za-z0-9_]*\})/.test(template)) throw new RuntimeListNeeded(`the URI template ${template} uses placeholders other than {name}`, item.node);
      const variables = [...template.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]);
      const name = fieldValue(cx, item.kwarg('name'), item.node, 'The template name');
      const functionName = newFunctionName(cx, `template_${staticString(name) ?? 'resource'}`, 'template');
      // Templates are served by the original read handler with the URI rebuilt from the parameters.
      const rebuilt = `f${pyString(template.replace(/[{}]/g, (b) => b + b).replace(/\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g, '{$1}'))}`;
      const keyValue = pyExpr(cx.version === 'v2' ? rebuilt : `AnyUrl(${rebuilt})`);
      const handler = dispatchedHandler(cx, readFn, uriParam, undefined, undefined, undefined, keyValue, [], 'resource template', item.node);
      handler.params = variables.map((v) => ({ param: v, key: v, schema: { type: 'string' }, required: true }));
      found.push({
        uriTemplate,
        name,
        title: fieldValue(cx, item.kwarg('title'), item.node, 'The template title'),
        description: fieldValue(cx, item.kwarg('description'), item.node, 'The template description'),
        mimeType: fieldValue(cx, item.kwarg('mimeType'), item.node, 'The template mime type'),
        functionName,
        variables,
        handler,
        line: lineOf(item.node),
      });
    }
    return found;
  }) : [];
  templates.push(...staticTemplates);
  if (readFn && !split && resources.length) {
    cx.review.push(reviewAt(C.dispatchNotSplit, 'info', cx.file, readFn, 'The read_resource dispatcher could not be split per URI; each resource calls the whole original body with its own URI', 'Fine as is; inline each branch by hand when convenient.'));
  }
  return { resources, templates };
}

function unwrapUrl(v: StaticValue | undefined): StaticValue | undefined {
  if (v instanceof CallValue && /^(AnyUrl|FileUrl|HttpUrl|str)$/.test(v.simpleName) && v.args.length === 1) return v.args[0];
  return v;
}
