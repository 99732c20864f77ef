// Prompts: FastMCP 4 accepts only strings and `Message` objects from a prompt, and has one
// `Message(content, role=...)` where the SDK had UserMessage / AssistantMessage.
import { REVIEW_CODES } from '../../extract/python/review.js';
import type { SyntaxNode } from '../../parse/python.js';
import * as api from '../python-api.js';
import { mcpTypesLocals, type ModuleState, type Run } from './state.js';

/** `UserMessage(x)` → `Message(x)`, `AssistantMessage(x)` → `Message(x, role="assistant")`, `base.UserMessage` likewise. */
export function messageHelpers(run: Run, states: Iterable<ModuleState>): void {
  for (const st of states) {
    const root = st.mod.tree.rootNode;
    const file = st.mod.path;
    const assistantCallees = new Set([...st.roles].filter(([, r]) => r === 'assistant-message').map(([l]) => l));
    for (const call of api.callsOfName(root, assistantCallees)) addAssistantRole(run, st, call);
    const modules = new Set([...st.roles].filter(([, r]) => r === 'prompts-module').map(([l]) => l));
    if (modules.size) {
      for (const attr of api.attributeAccesses(root, modules, new Set(['UserMessage', 'AssistantMessage']))) {
        const name = attr.childForFieldName('attribute')!;
        st.edits.add({ start: name.startIndex, end: name.endIndex, text: 'Message' });
        run.record(file, attr, 'prompt-message', true, `\`${attr.text}\` is \`Message\` in FastMCP 4`);
        const call = api.callOfCallee(attr);
        if (call && name.text === 'AssistantMessage') addAssistantRole(run, st, call);
      }
    }
  }
}

function messageLocal(st: ModuleState): string {
  if (st.messageLocal) return st.messageLocal;
  const bound = st.mod.bindings.has('Message');
  const local = bound ? 'FastMCPMessage' : 'Message';
  st.imports.push(bound ? 'from fastmcp.prompts import Message as FastMCPMessage' : 'from fastmcp.prompts import Message');
  st.messageLocal = local;
  return local;
}

export function rewritePromptMessages(run: Run, st: ModuleState, fn: SyntaxNode, fnName: string): void {
  const { rules } = run;
  const flag = run.flag.bind(run);
  const record = run.record.bind(run);
  const file = st.mod.path;
  const body = fn.childForFieldName('body')!;
  let rewrote = false;
  let leftover = false;
  const mcpTypes = mcpTypesLocals(st.mod.tree.rootNode);
  for (const node of api.walkScope(body)) {
    if (node.type === 'dictionary') {
      const pairs = node.namedChildren.filter((c) => c.type === 'pair');
      const keys = pairs.map((p) => api.stringLiteralValue(p.childForFieldName('key')));
      if (!keys.includes('role')) continue;
      const role = pairs[keys.indexOf('role')]?.childForFieldName('value');
      const content = pairs[keys.indexOf('content')]?.childForFieldName('value');
      const onlyRoleContent = keys.length === 2 && keys.includes('content') && pairs.length === node.namedChildren.filter((c) => c.type !== 'comment').length;
      let contentText = content?.text;
      if (content?.type === 'dictionary') {
        const cp = content.namedChildren.filter((c) => c.type === 'pair');
        const ck = cp.map((p) => api.stringLiteralValue(p.childForFieldName('key')));
        const typeValue = api.stringLiteralValue(cp[ck.indexOf('type')]?.childForFieldName('value'));
        contentText = ck.length === 2 && typeValue === 'text' && ck.includes('text') ? cp[ck.indexOf('text')]!.childForFieldName('value')!.text : undefined;
      }
      if (!onlyRoleContent || !role || contentText === undefined) {
        leftover = true;
        flag(file, node, 'prompt-message', REVIEW_CODES.sdkPromptMessages, 'warning', `prompt \`${fnName}\` builds a message as a dict in a shape the migration does not convert (FastMCP 4 rejects dict messages; only {"role", "content": <text>} dicts are rewritten)`, 'Return `Message(content, role=...)` objects from `fastmcp.prompts` (or plain strings).');
        continue;
      }
      const roleValue = api.stringLiteralValue(role);
      const args = [contentText, ...(roleValue === 'user' ? [] : [`role=${role.text}`])];
      st.edits.add({ start: node.startIndex, end: node.endIndex, text: `${messageLocal(st)}(${args.join(', ')})` });
      record(file, node, 'prompt-message', true, 'dict prompt message is a `Message` in FastMCP 4 (FastMCP 1.0 coerced dicts; FastMCP 4 requires Message objects or strings)');
      rewrote = true;
    } else if (node.type === 'call') {
      const callee = node.childForFieldName('function')!;
      const isPromptMessage =
        (callee.type === 'identifier' && mcpTypes.names.get(callee.text) === 'PromptMessage') ||
        (callee.type === 'attribute' && callee.childForFieldName('attribute')!.text === 'PromptMessage' && mcpTypes.modules.has(callee.childForFieldName('object')!.text));
      if (!isPromptMessage) continue;
      st.edits.add({ start: callee.startIndex, end: callee.endIndex, text: messageLocal(st) });
      if (rules.promptMessageNote) {
        flag(file, node, 'prompt-message', REVIEW_CODES.sdkPromptMessages, 'info', `prompt \`${fnName}\`: \`PromptMessage(...)\` is now \`Message(...)\` from \`fastmcp.prompts\`. ${rules.promptMessageNote}`, 'Check that clients expected the message itself (they almost certainly did).');
      } else record(file, node, 'prompt-message', true, '`PromptMessage(role=..., content=...)` is `Message(...)` from `fastmcp.prompts` in FastMCP 4');
      rewrote = true;
    }
  }
  const returns = fn.childForFieldName('return_type');
  if (!rewrote && !leftover && returns && /\bdict\b|\bDict\b|PromptMessage/.test(returns.text)) {
    flag(file, returns, 'prompt-message', REVIEW_CODES.sdkPromptMessages, 'warning', `prompt \`${fnName}\` is annotated \`${returns.text}\`: FastMCP 4 accepts only strings and \`Message\` objects`, 'Build the messages with `Message(content, role=...)` from `fastmcp.prompts`.');
  }
}


function addAssistantRole(run: Run, st: ModuleState, call: SyntaxNode): void {
  if (api.keywordArg(call, 'role')) return;
  st.edits.add(api.rewriteArgs(st.mod.text, call, { add: ['role="assistant"'] }));
  run.record(st.mod.path, call, 'prompt-message', true, 'AssistantMessage(...) is Message(..., role="assistant") in FastMCP 4');
}
