// The prompts of a low-level server: `Prompt(...)` entries of its list_prompts handler (name,
// title, description, arguments), each served by its get_prompt branch.
import type { ParamBinding, PromptModel } from '../../model/index.js';
import type { SyntaxNode } from '../../parse/python.js';
import type { LowlevelContext } from './lowlevel-context.js';
import { dispatchedHandler, dispatcher } from './lowlevel-dispatcher.js';
import { listedItems, staticOrRuntime } from './lowlevel-lists.js';
import { fieldValue, newFunctionName, staticString } from './lowlevel-values.js';
import { lineOf } from './project.js';
import { RuntimeListNeeded, shortSource, staticNode } from './runtime-lists.js';
import { CallValue } from './static-eval.js';

/** The prompts, read statically, or none when they are served at run time (runtime bridge). */
export function readPrompts(cx: LowlevelContext, listFn?: SyntaxNode, getFn?: SyntaxNode): PromptModel[] {
  if (!listFn) return [];
  return staticOrRuntime(cx, 'prompts', () => staticPrompts(cx, listFn, getFn));
}

function staticPrompts(cx: LowlevelContext, listFn: SyntaxNode, getFn?: SyntaxNode): PromptModel[] {
  const listed = listedItems(cx, listFn, 'prompt');
  const { keyParam, argsParam, split } = dispatcher(cx, getFn, 'The get_prompt dispatcher could not be split per prompt; each prompt calls the whole original body with its own name', 'Fine as is.');
  const prompts: PromptModel[] = [];
  for (const item of listed) {
    if (!(item instanceof CallValue) || item.simpleName !== 'Prompt') throw new RuntimeListNeeded(`a prompt list entry is not a Prompt(...) call (\`${shortSource(staticNode(item) ?? listFn)}\`)`, staticNode(item) ?? listFn);
    const name = fieldValue(cx, item.kwarg('name'), item.node, 'The prompt name');
    if (!name) throw new RuntimeListNeeded('a prompt name cannot be read statically', item.node);
    const staticName = staticString(name);
    const args = item.kwarg('arguments');
    const argumentsModel: PromptModel['arguments'] = [];
    if (args !== undefined && args !== null && !Array.isArray(args)) throw new RuntimeListNeeded('the prompt arguments cannot be read statically', item.node);
    for (const a of Array.isArray(args) ? args : []) {
      if (!(a instanceof CallValue) || typeof a.kwarg('name') !== 'string' || (a.kwarg('required') !== undefined && typeof a.kwarg('required') !== 'boolean' && a.kwarg('required') !== null)) {
        throw new RuntimeListNeeded('a prompt argument cannot be read statically', item.node);
      }
      argumentsModel.push({ name: a.kwarg('name') as string, description: fieldValue(cx, a.kwarg('description'), a.node, 'The argument description'), required: a.kwarg('required') === true });
    }
    const bindings: ParamBinding[] = argumentsModel.map((a) => ({ param: a.name, key: a.name, schema: { type: 'string' }, required: a.required }));
    prompts.push({
      name,
      title: fieldValue(cx, item.kwarg('title'), item.node, 'The prompt title'),
      description: fieldValue(cx, item.kwarg('description'), item.node, 'The prompt description'),
      arguments: argumentsModel,
      functionName: newFunctionName(cx, `prompt_${staticName ?? 'prompt'}`, 'prompt'),
      handler: dispatchedHandler(cx, getFn, keyParam, argsParam, split?.bodies, staticName, name, bindings, 'prompt', item.node),
      line: lineOf(item.node),
    });
  }
  return prompts;
}
