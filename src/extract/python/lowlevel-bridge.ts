// The runtime bridge of a low-level server: which lists are served at run time by the original
// handlers (src/emit/python/runtime-bridge.ts), and the review item saying why for each.
import type { ServerModel } from '../../model/index.js';
import { CAMEL_CASE_READ } from '../../emit/python/runtime-bridge.js';
import type { LowlevelContext } from './lowlevel-context.js';
import { HANDLER_KINDS, unsupportedAdvice, type HandlerSite } from './lowlevel-handlers.js';
import type { BridgeLayout } from './lowlevel-layout.js';
import { REVIEW_CODES as C, reviewAt } from './review.js';
import { BRIDGE_KINDS, bridgeKindsOf, decoratorObjects, helperRegistrations, SURFACE, type HelperRegistration } from './runtime-lists.js';

/**
 * Handlers registered by helper functions (`register_tools(server)`) are served at run time: notes
 * the kinds they serve in `cx.runtimeKinds` (v1 only; v2 handlers are constructor arguments).
 */
export function helperRegisteredHandlers(cx: LowlevelContext, handlers: HandlerSite[]): HelperRegistration[] {
  const helpers = cx.version === 'v1' ? helperRegistrations(cx.project, cx.module, cx.variable, cx.factory?.childForFieldName('body') ?? cx.module.tree.rootNode) : [];
  for (const h of helpers) {
    for (const handler of h.handlers.filter((x) => !HANDLER_KINDS.has(x))) {
      cx.review.push(reviewAt(C.unsupportedHandler, 'warning', cx.file, h.argument, `\`${h.callee}(${cx.variable})\` (${h.file}:${h.line}) registers a ${handler} handler, which has no FastMCP equivalent: it is accepted and not called`, unsupportedAdvice(handler)));
    }
    for (const handler of h.handlers) {
      for (const kind of bridgeKindsOf(handler)) {
        // A kind is bridged when its list handler is the helper's, or its dispatch handler is and the list is here.
        const listHandler = BRIDGE_KINDS[kind][0];
        if (handler !== listHandler && !handlers.some((x) => x.kind === listHandler)) continue;
        if (!cx.runtimeKinds.has(kind)) cx.runtimeKinds.set(kind, { reason: `their handlers are registered by \`${h.callee}(${cx.variable})\` (${h.file}:${h.line})`, node: h.argument, names: [] });
      }
    }
  }
  return helpers;
}

/** Keeps the handlers of the lists served at run time and says so in the review. */
export function bridgeLayout(cx: LowlevelContext, handlers: HandlerSite[], helpers: HelperRegistration[], model: ServerModel): void {
  if (!cx.runtimeKinds.size) return;
  const camelCaseReads = cx.version === 'v1' && [...cx.project.modules.values()].some((m) => CAMEL_CASE_READ.test(m.text));
  const bridge: BridgeLayout = {
    kinds: [...cx.runtimeKinds.keys()],
    retarget: [],
    v2Handlers: {},
    helperArguments: helpers.map((h) => h.argument),
    helperReceivers: helpers.map((h) => ({ file: h.file, variable: h.param })),
    camelCaseReads,
  };
  model.runtimeLists = [];
  for (const [kind, { reason, node, names }] of cx.runtimeKinds) {
    const kept = handlers.filter((h) => (BRIDGE_KINDS[kind] as readonly string[]).includes(h.kind));
    for (const h of kept) {
      cx.layout.handlers = cx.layout.handlers.filter((d) => d.id !== h.decorated.id);
      if (cx.version === 'v2') bridge.v2Handlers[h.kind] = h.def.childForFieldName('name')!.text;
      // read_resource serves resources and templates: retargeted once.
      else for (const o of decoratorObjects(h.decorated, cx.variable, h.kind)) if (!bridge.retarget.some((r) => r.id === o.id)) bridge.retarget.push(o);
    }
    const what = { tools: 'tool', resources: 'resource', resourceTemplates: 'resource template', prompts: 'prompt' }[kind];
    const [listName, callName] = BRIDGE_KINDS[kind];
    const listed = names.length ? ` (${names.length} seen statically: ${names.join(', ')})` : '';
    model.runtimeLists.push({ kind, file: cx.file, line: node.startPosition.row + 1, reason });
    cx.review.push(
      reviewAt(
        C.toolListUnknown,
        'info',
        cx.file,
        node,
        `The ${what}s are served at run time (runtime bridge) because ${reason}. Every ${what}${listed} is registered at run time from the original ${listName}/${callName} handlers, kept as they were, with ${SURFACE[kind]} exactly as they list it`,
        `Nothing to do; to get one FastMCP function per ${what}, build the ${what} list from literals or module constants and run the migration again.`,
      ),
    );
  }
  cx.layout.bridge = bridge;
}
