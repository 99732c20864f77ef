// Low-level handlers the extractor did not attach to any server: `@x.list_tools()` on an object
// that is not a `Server(...)` created where we can see it (a parameter of `register_tools(server)`,
// a server built by a call we do not recognise), or an SDK v2 `Server(..., on_call_tool=...)`
// constructed in a shape we do not migrate. Never "nothing found": each one is an error item.
import type { ReviewItem } from '../../model/index.js';
import type { SyntaxNode } from '../../parse/python.js';
import type { LowlevelVersion } from '../python-lowlevel.js';
import { lowlevelServerCallees } from './lowlevel-discovery.js';
import { walk, type PyProject } from './project.js';
import { REVIEW_CODES, reviewAt } from './review.js';

const KINDS = new Set(['list_tools', 'call_tool', 'list_resources', 'read_resource', 'list_resource_templates', 'list_prompts', 'get_prompt']);

/**
 * Review items for handler registrations outside every migrated server. `seen` holds, per file,
 * the server variables (v1) or constructor calls' start offsets (v2) that were migrated.
 */
export function unseenHandlers(project: PyProject, version: LowlevelVersion, seen: { file: string; variable: string; callStart: number }[]): ReviewItem[] {
  const out: ReviewItem[] = [];
  for (const module of project.modules.values()) {
    const mine = seen.filter((s) => s.file === module.path);
    if (version === 'v1') {
      if (!/@[\w.]+\.(list_tools|call_tool|list_resources|read_resource|list_resource_templates|list_prompts|get_prompt)\(/.test(module.text)) continue;
      for (const node of walk(module.tree.rootNode)) {
        if (node.type !== 'decorator') continue;
        const expr = node.namedChild(0);
        const callee = expr?.type === 'call' ? expr.childForFieldName('function') : undefined;
        if (callee?.type !== 'attribute') continue;
        const kind = callee.childForFieldName('attribute')!.text;
        const receiver = callee.childForFieldName('object')!.text;
        if (!KINDS.has(kind) || mine.some((s) => s.variable === receiver)) continue;
        if (!looksLowlevel(module.text)) continue;
        out.push(
          reviewAt(
            REVIEW_CODES.toolListUnknown,
            'error',
            module.path,
            node,
            `@${receiver}.${kind}() registers a low-level handler on \`${receiver}\`, which is not a Server(...) created where the migration can follow it; this handler was not migrated`,
            'Create the server with Server("name") in the module that registers the handlers (or pass the handlers to it there) and run the migration again, or register these tools with FastMCP by hand.',
          ),
        );
      }
    } else {
      const callees = lowlevelServerCallees(module);
      if (!callees.size) continue;
      for (const node of walk(module.tree.rootNode)) {
        if (node.type !== 'call' || !callees.has(node.childForFieldName('function')?.text ?? '')) continue;
        if (!hasHandlerKwargs(node) || mine.some((s) => s.callStart === node.startIndex)) continue;
        out.push(
          reviewAt(
            REVIEW_CODES.toolListUnknown,
            'error',
            module.path,
            node,
            'This SDK v2 low-level Server(..., on_*=...) is not assigned to a name or returned from a factory, so it was not migrated',
            'Bind it first (server = Server(...)) or return it from a factory function, and run the migration again.',
          ),
        );
      }
    }
  }
  return out;
}

function hasHandlerKwargs(call: SyntaxNode): boolean {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).some((a) => a.type === 'keyword_argument' && /^on_/.test(a.childForFieldName('name')?.text ?? ''));
}

/** The module imports something from the MCP SDK's server side (so `@x.call_tool()` is the low-level API). */
function looksLowlevel(text: string): boolean {
  return /^[ \t]*(from|import)[ \t]+mcp\b/m.test(text);
}
