// Tool parameter annotations FastMCP 4 cannot build a schema for, where the SDK's FastMCP and
// MCPServer could. Measured: mcp 1.30.0 FastMCP and mcp 2.3.0 MCPServer accept a union with a
// `bytearray` (or `memoryview`) member — pydantic with arbitrary types leaves that member out of
// the schema (`str | bytearray` advertises {"type": "string"}) — while FastMCP 2/3/4 raise
// PydanticSchemaGenerationError at registration (the server does not start). A JSON argument never
// arrives as a bytearray, so dropping the member keeps the advertised schema and the behaviour.
// A bare `bytearray` (or one nested in a container) failed in the SDK too and is left alone.
import type { SyntaxNode } from '../../parse/python.js';
import type { Edit } from '../python-api.js';

const UNSUPPORTED = new Set(['bytearray', 'memoryview', 'builtins.bytearray', 'builtins.memoryview']);

export interface UnionFix {
  node: SyntaxNode;
  edit: Edit;
  dropped: string[];
}

function unionLeaves(node: SyntaxNode): SyntaxNode[] {
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '|') {
    return [...unionLeaves(node.childForFieldName('left')!), ...unionLeaves(node.childForFieldName('right')!)];
  }
  return [node];
}

const isUnionName = (n: SyntaxNode | null | undefined) => !!n && (n.text === 'Union' || n.text === 'typing.Union' || n.text === 't.Union');

/** Members of `Union[...]` (generic_type in annotations, subscript in expressions). */
function unionArgs(node: SyntaxNode): SyntaxNode[] | undefined {
  if (node.type === 'generic_type' && isUnionName(node.namedChildren[0])) return node.namedChildren[1]?.namedChildren.filter((c) => c.type !== 'comment');
  if (node.type === 'subscript' && isUnionName(node.childForFieldName('value'))) return node.childrenForFieldName('subscript').filter((c) => c.type !== 'comment');
  return undefined;
}

const bare = (n: SyntaxNode) => (n.type === 'type' && n.namedChildren.length === 1 ? n.namedChildren[0]! : n);

/** Unions inside one annotation that have an unsupported member next to supported ones. */
export function unsupportedUnionMembers(annotation: SyntaxNode | undefined): UnionFix[] {
  if (!annotation) return [];
  const out: UnionFix[] = [];
  const visit = (node: SyntaxNode): void => {
    const args = unionArgs(node);
    if (args) {
      const keep = args.filter((a) => !UNSUPPORTED.has(bare(a).text));
      if (keep.length && keep.length < args.length) {
        const list = node.type === 'generic_type' ? node.namedChildren[1]! : node;
        const open = list.children.find((c) => c.type === '[')!;
        const close = [...list.children].reverse().find((c) => c.type === ']')!;
        out.push({ node, edit: { start: open.endIndex, end: close.startIndex, text: keep.map((k) => k.text).join(', ') }, dropped: args.filter((a) => !keep.includes(a)).map((a) => a.text) });
        return;
      }
    }
    if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '|') {
      const leaves = unionLeaves(node);
      const keep = leaves.filter((l) => !UNSUPPORTED.has(l.text));
      if (keep.length && keep.length < leaves.length) {
        out.push({ node, edit: { start: node.startIndex, end: node.endIndex, text: keep.map((k) => k.text).join(' | ') }, dropped: leaves.filter((l) => !keep.includes(l)).map((l) => l.text) });
        return;
      }
      for (const l of leaves) visit(l);
      return;
    }
    for (const c of node.namedChildren) visit(c);
  };
  visit(annotation);
  return out;
}
