// Reads of the private component managers FastMCP 4 does not have (`mcp._tool_manager.list_tools()`,
// `mcp._tool_manager._tools`, the prompt manager the same way): rewritten to a read of FastMCP 4's
// local provider, so the server still starts. A loop that only forbids extra tool arguments
// (what FastMCP 4 does by default) is removed.
import type { SyntaxNode } from '../../parse/python.js';
import * as api from '../python-api.js';

export interface ManagerRead {
  start: number;
  end: number;
  text: string;
  /** What happened, for the change record. */
  message: string;
  /** The rewrite still reaches a private FastMCP 4 attribute (report it). */
  private: boolean;
}

const KINDS: Record<string, { list: string; dict: string; get: string; prefix: string }> = {
  _tool_manager: { list: 'list_tools', dict: '_tools', get: 'get_tool', prefix: 'tool:' },
  _prompt_manager: { list: 'list_prompts', dict: '_prompts', get: 'get_prompt', prefix: 'prompt:' },
};

/** `managerAttr` is the `s._tool_manager` attribute node; `server` the text of `s`. */
export function managerRead(managerAttr: SyntaxNode, server: string): ManagerRead | undefined {
  const kind = KINDS[managerAttr.childForFieldName('attribute')?.text ?? ''];
  if (!kind) return undefined;
  const outer = managerAttr.parent;
  if (outer?.type !== 'attribute' || outer.childForFieldName('object')?.id !== managerAttr.id) return undefined;
  const member = outer.childForFieldName('attribute')!.text;
  const components = `${server}.local_provider._components.values()`;
  // Inside an f-string's interpolation, the quote must differ from the string's own (Python < 3.12).
  const q = enclosingStringQuote(managerAttr) === '"' ? "'" : '"';
  const keep = `c.key.startswith(${q}${kind.prefix}${q})`;
  if (member === kind.list) {
    const call = api.callOfCallee(outer);
    if (!call || api.callArgs(call).length) return undefined;
    const loop = call.parent;
    if (kind.list === 'list_tools' && loop?.type === 'for_statement' && loop.childForFieldName('right')?.id === call.id && forbidsExtrasOnly(loop)) {
      const inBlock = loop.parent?.type === 'block';
      return {
        start: loop.startIndex,
        end: loop.endIndex,
        text: inBlock ? 'pass  # FastMCP 4 already rejects undeclared tool arguments (additionalProperties: false)' : '# FastMCP 4 already rejects undeclared tool arguments (additionalProperties: false)',
        message: `the loop that made every tool reject undeclared arguments through ${managerAttr.text} was removed: FastMCP 4 does that by default (and advertises additionalProperties: false)`,
        private: false,
      };
    }
    return { start: call.startIndex, end: call.endIndex, text: `[c for c in ${components} if ${keep}]`, message: `\`${call.text}\` reads FastMCP 4's local provider instead`, private: true };
  }
  if (member === kind.get) {
    // The SDK's get_tool(name) returned None for an unknown name, as dict.get does.
    const call = api.callOfCallee(outer);
    const args = call ? api.callArgs(call) : [];
    if (!call || args.length !== 1 || args[0]!.kind !== 'positional') return undefined;
    return { start: call.startIndex, end: call.endIndex, text: `{c.name: c for c in ${components} if ${keep}}.get(${args[0]!.value.text})`, message: `\`${call.text}\` reads FastMCP 4's local provider instead`, private: true };
  }
  if (member === kind.dict) {
    return { start: outer.startIndex, end: outer.endIndex, text: `{c.name: c for c in ${components} if ${keep}}`, message: `\`${outer.text}\` reads FastMCP 4's local provider instead`, private: true };
  }
  return undefined;
}

/**
 * Every statement of the loop body is one of: `t.fn_metadata.arg_model.model_config["extra"] = "forbid"`,
 * `t.fn_metadata.arg_model.model_rebuild(...)`, `t.parameters["additionalProperties"] = False`.
 */
function forbidsExtrasOnly(loop: SyntaxNode): boolean {
  const target = loop.childForFieldName('left');
  const body = loop.childForFieldName('body');
  if (target?.type !== 'identifier' || !body || loop.childForFieldName('alternative')) return false;
  const t = target.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = [
    new RegExp(`^${t}\\.fn_metadata\\.arg_model\\.model_config\\[\\s*["']extra["']\\s*\\]\\s*=\\s*["']forbid["']$`),
    new RegExp(`^${t}\\.fn_metadata\\.arg_model\\.model_rebuild\\([^()]*\\)$`),
    new RegExp(`^${t}\\.parameters\\[\\s*["']additionalProperties["']\\s*\\]\\s*=\\s*False$`),
  ];
  const stmts = body.namedChildren.filter((c) => c.type !== 'comment');
  return stmts.length > 0 && stmts.every((s) => s.type === 'expression_statement' && patterns.some((p) => p.test(s.text.trim())));
}

function enclosingStringQuote(node: SyntaxNode): string | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'string') return /^[A-Za-z]*(["'])/.exec(p.text)?.[1];
  }
  return undefined;
}
