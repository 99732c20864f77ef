// The dispatch handlers of a low-level server (`call_tool`, `read_resource`, `get_prompt`): their
// key and arguments parameters, their split per key (src/extract/python/dispatch.ts), and the body
// each generated tool/resource/prompt function runs.
import type { HandlerModel, ParamBinding, Value } from '../../model/index.js';
import { parsePython, type SyntaxNode } from '../../parse/python.js';
import { pyString } from '../../emit/python/literal.js';
import { dropSelfAssignments, rewriteArgumentReads, type ParamInfo } from './arguments.js';
import type { DispatchSplitter } from './dispatch.js';
import type { LowlevelContext } from './lowlevel-context.js';
import { lineOf } from './project.js';
import { REVIEW_CODES as C, reviewAt } from './review.js';
import { functionScope } from './static-eval.js';
import { applyEdits, lineStartOf, reindent } from './text.js';

/**
 * Names the handler body uses for the dispatch key and the arguments: v1 parameters
 * `(name, arguments)`; v2 attributes of `params` (`params.name`, `params.arguments`).
 */
function dispatchNames(cx: LowlevelContext, fn: SyntaxNode, key: 'name' | 'uri'): { keyParam?: string; argsParam?: string } {
  const params = parameterNames(fn);
  if (cx.version === 'v1') return { keyParam: params[0], argsParam: params[1] };
  const p = params[1];
  return p ? { keyParam: `${p}.${key}`, argsParam: `${p}.arguments` } : {};
}

/** The parameter names of a function definition, in order. */
export function parameterNames(fn: SyntaxNode): string[] {
  const params = fn.childForFieldName('parameters')?.namedChildren ?? [];
  return params.map((p) => (p.type === 'identifier' ? p.text : (p.childForFieldName('name')?.text ?? p.namedChild(0)?.text ?? '')));
}

function isAsync(fn: SyntaxNode): boolean {
  return fn.children.some((c) => c.type === 'async');
}

/**
 * The dispatcher's key and arguments parameter names and its per-key split. When a message is
 * given, a dispatcher that cannot be split is reported with it (it still works, kept whole).
 */
export function dispatcher(cx: LowlevelContext, fn: SyntaxNode | undefined, unsplitMessage?: string, unsplitSuggestion = '', key: 'name' | 'uri' = 'name'): { keyParam?: string; argsParam?: string; split?: ReturnType<DispatchSplitter['split']> } {
  if (!fn) return {};
  const { keyParam, argsParam } = dispatchNames(cx, fn, key);
  if (!keyParam) return {};
  const split = cx.splitter.split(fn, keyParam, functionScope(fn, cx.scope));
  if (!split && unsplitMessage) cx.review.push(reviewAt(C.dispatchNotSplit, 'info', cx.file, fn, unsplitMessage, unsplitSuggestion));
  return { keyParam, argsParam, split };
}

/**
 * The per-key handler: the split branch when there is one, else the whole dispatcher
 * body with the key bound, so behaviour is kept either way.
 */
export function dispatchedHandler(
  cx: LowlevelContext,
  fn: SyntaxNode | undefined,
  keyParam: string | undefined,
  argsParam: string | undefined,
  bodies: Map<string, string> | undefined,
  staticKey: string | undefined,
  keyValue: Value,
  bindings: ParamBinding[],
  what: string,
  node: SyntaxNode,
): HandlerModel {
  if (!fn) {
    cx.review.push(reviewAt(C.noBranch, 'error', cx.file, node, `No handler is registered for this ${what}`, `Write the ${what} body by hand.`));
    return { language: 'python', file: cx.file, line: lineOf(node), body: `raise NotImplementedError("no handler was registered for this ${what}")`, isAsync: false, params: bindings, needsArgumentsDict: false, argumentsName: 'arguments' };
  }
  let body = staticKey !== undefined ? bodies?.get(staticKey) : undefined;
  if (bodies && body === undefined) {
    cx.review.push(reviewAt(C.noBranch, 'warning', cx.file, node, `No branch of the dispatcher handles ${what} ${staticKey ?? '(runtime name)'}; it runs the whole dispatcher body`, 'Check what the original server did for this name.'));
  }
  body ??= wholeBody(cx.module.text, fn);
  if (cx.version === 'v2' && keyParam) {
    // `params.name` / `params.arguments` read like the v1 parameters from here on.
    const plainKey = keyParam.split('.').pop()!;
    // `uri = params.uri` becomes `uri = uri`: drop it.
    body = dropSelfAssignments(replaceReferences(body, argsParam ? { [keyParam]: plainKey, [argsParam]: 'arguments' } : { [keyParam]: plainKey }));
    const requestObject = keyParam.split('.')[0];
    if (new RegExp(`\\b${requestObject}\\b`).test(body)) {
      cx.review.push(reviewAt(C.requestContext, 'warning', cx.file, fn, `The ${what} handler reads \`${requestObject}\` beyond its name and arguments; those reads were left as they are and will fail`, 'Take what you need from a `ctx: Context` parameter (ctx.request_context.meta, ...) instead.'));
    }
    keyParam = plainKey;
    if (argsParam) argsParam = 'arguments';
  }
  const params: ParamInfo[] = bindings.map((b) => ({ key: b.key, param: b.param, defaultsToNone: !b.required && b.schema.default === undefined && !b.source?.default }));
  const rewritten = rewriteArgumentReads(body, argsParam, keyParam, params);
  let finalBody = rewritten.body;
  if (rewritten.usesKey && keyParam) finalBody = `${keyParam} = ${keyValue.kind === 'literal' ? pyLiteralKey(keyValue) : keyValue.source}\n${finalBody}`;
  return {
    language: 'python',
    file: cx.file,
    line: lineOf(fn),
    body: finalBody,
    isAsync: isAsync(fn),
    params: bindings,
    needsArgumentsDict: rewritten.needsArgumentsDict,
    argumentsName: argsParam ?? 'arguments',
  };
}

/** Replaces whole references (identifiers or dotted attributes) by source text. */
function replaceReferences(body: string, renames: Record<string, string>): string {
  const tree = parsePython(body);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: SyntaxNode) => {
    if ((node.type === 'attribute' || node.type === 'identifier') && node.text in renames) {
      edits.push({ start: node.startIndex, end: node.endIndex, text: renames[node.text] });
      return;
    }
    for (const c of node.namedChildren) visit(c);
  };
  visit(tree.rootNode);
  return applyEdits(body, edits);
}

/** The source of a function body, dedented (string literal lines kept as they are). */
function wholeBody(text: string, fn: SyntaxNode): string {
  const body = fn.childForFieldName('body')!;
  return reindent(text.slice(lineStartOf(text, body.startIndex), body.endIndex), 0);
}

function pyLiteralKey(v: Value & { kind: 'literal' }): string {
  return typeof v.value === 'string' ? pyString(v.value) : String(v.value);
}
