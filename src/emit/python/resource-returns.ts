// A low-level read handler that returns what a helper of its own builds (`return _text_resource(uri,
// text)`, the helper returning `ReadResourceResult(contents=[TextResourceContents(...)])`): the
// static conversion of the handler body cannot see into the helper, and FastMCP 4 refuses what it
// returns ("contents must be str, bytes, or list[ResourceContent]"). Such a return is converted at
// run time, the way the runtime bridge converts an original read handler's answer.
import { parsePython, type SyntaxNode } from '../../parse/python.js';
import { walk } from '../../extract/python/project.js';
import { applyEdits, type Edit } from '../../extract/python/text.js';

/** Calls whose result FastMCP 4 accepts as it is, or that the body conversion already handled. */
const ACCEPTED = new Set(['ResourceContent', 'ResourceResult', 'str', 'bytes', 'dumps', 'format', 'join', 'read', 'read_text', 'read_bytes', 'decode', 'encode', 'getvalue', 'b64decode']);

export const RESOURCE_RESULT_HELPER = `def _fastmcp_migrate_resource_result(value):
    """What the original read handler's helper returned, as FastMCP 4 accepts it (fastmcp-migrate)."""
    import base64
    from fastmcp.resources import ResourceContent, ResourceResult

    if isinstance(value, (str, bytes, ResourceResult)):
        return value
    items = value if isinstance(value, (list, tuple)) else getattr(value, "contents", None)
    if not isinstance(items, (list, tuple)):
        return value
    out = []
    for c in items:
        if isinstance(c, ResourceContent):
            out.append(c)
        elif hasattr(c, "text") or hasattr(c, "blob"):
            data = c.text if hasattr(c, "text") else base64.b64decode(c.blob)
            out.append(ResourceContent(data, mime_type=getattr(c, "mime_type", None), meta=getattr(c, "meta", None)))
        elif hasattr(c, "content"):
            mime = c.mime_type or ("text/plain" if isinstance(c.content, str) else "application/octet-stream")
            out.append(ResourceContent(c.content, mime_type=mime, meta=getattr(c, "meta", None)))
        else:
            return value
    return ResourceResult(out)`;

const calleeName = (call: SyntaxNode): string | undefined => {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.type === 'identifier' ? fn.text : undefined;
};

/** Wraps `return helper(...)` (a plain-name call of the user's own) in the run-time conversion. */
export function convertHelperReturns(body: string, helpers: Set<string>): { body: string; wrapped: boolean } {
  const tree = parsePython(body);
  const edits: Edit[] = [];
  for (const node of walk(tree.rootNode)) {
    if (node.type !== 'return_statement') continue;
    let value = node.namedChild(0);
    if (value?.type === 'await') value = value.namedChild(0);
    if (value?.type !== 'call' || value.childForFieldName('function')?.type !== 'identifier') continue;
    const name = calleeName(value);
    if (!name || ACCEPTED.has(name) || !helpers.has(name)) continue;
    const expr = node.namedChild(0)!;
    edits.push({ start: expr.startIndex, end: expr.endIndex, text: `_fastmcp_migrate_resource_result(${expr.text})` });
  }
  return edits.length ? { body: applyEdits(body, edits), wrapped: true } : { body, wrapped: false };
}

/** Module-level functions of a module whose source builds low-level read results. */
export function resultBuildingHelpers(moduleText: string): Set<string> {
  const out = new Set<string>();
  const tree = parsePython(moduleText);
  for (const stmt of tree.rootNode.namedChildren) {
    const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (def?.type !== 'function_definition') continue;
    if (/\b(ReadResourceResult|TextResourceContents|BlobResourceContents|ReadResourceContents)\s*\(/.test(def.text)) out.add(def.childForFieldName('name')!.text);
  }
  return out;
}
