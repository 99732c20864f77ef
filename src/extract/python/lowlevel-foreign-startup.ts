// Start-up blocks the per-server reader cannot tie to a server: the server object comes from a
// factory (`server = create_server(config)`) or another module, and the stdio block runs it by a
// local name: `async with stdio_server() as (r, w): await server.run(r, w, server.create_initialization_options())`.
// In a project whose low-level servers become FastMCP objects that call would raise AttributeError
// at start-up; the block becomes `await server.run_async()` (FastMCP 4 serves stdio by default).
import type { ReviewItem } from '../../model/index.js';
import { parsePython, type SyntaxNode } from '../../parse/python.js';
import { walk } from './project.js';
import { REVIEW_CODES as C, reviewAt } from './review.js';
import { stdioCall, stdioStreamArgs } from './startup.js';
import { indentAt, lineStartOf } from './text.js';

/** Rewrites every such block in `text`; returns the new text (unchanged when none) and one info item per block. */
export function convertForeignStartups(path: string, text: string): { text: string; review: ReviewItem[] } {
  if (!/\bstdio_server\b/.test(text) || !/\.create_initialization_options\s*\(/.test(text)) return { text, review: [] };
  const tree = parsePython(text);
  const edits: { start: number; end: number; text: string }[] = [];
  const review: ReviewItem[] = [];
  for (const node of walk(tree.rootNode)) {
    if (node.type !== 'with_statement' || !node.children.some((c) => c.type === 'async')) continue;
    if (!stdioCall(node) || stdioStreamArgs(node).length) continue;
    const clauses = node.children.filter((c) => c.type === 'with_clause');
    const items = clauses.flatMap((c) => c.namedChildren.filter((n) => n.type === 'with_item'));
    if (items.length !== 1) continue;
    const streams = [...walk(items[0]!)].filter((n) => n.type === 'as_pattern_target').flatMap((t) => [...walk(t)].filter((n) => n.type === 'identifier').map((n) => n.text));
    const body = node.childForFieldName('body');
    const stmts = body?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
    if (streams.length !== 2 || stmts.length !== 1 || stmts[0]!.type !== 'expression_statement') continue;
    const awaited = stmts[0]!.namedChildren[0];
    const call = awaited?.type === 'await' ? awaited.namedChildren[0] : undefined;
    const server = runReceiver(call, streams);
    if (!server) continue;
    const start = lineStartOf(text, node.startIndex);
    const indent = ' '.repeat(indentAt(text, node.startIndex));
    edits.push({ start, end: node.endIndex, text: `${indent}await ${server}.run_async()` });
    review.push(
      reviewAt(
        C.transportUnknown,
        'info',
        path,
        node,
        `The stdio start-up of \`${server}\` (a low-level server built elsewhere) now calls FastMCP's \`${server}.run_async()\`, which serves stdin/stdout the same way`,
        'Nothing to change; pass `transport=` to run_async() if this block should serve another transport.',
      ),
    );
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: out, review };
}

/** `X.run(r, w, X.create_initialization_options(...))` with the with block's two streams: X, or undefined. */
function runReceiver(call: SyntaxNode | undefined | null, streams: string[]): string | undefined {
  if (call?.type !== 'call') return undefined;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'run') return undefined;
  const server = fn.childForFieldName('object')!.text;
  if (!/^[A-Za-z_][\w.]*$/.test(server)) return undefined;
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
  if (args.length !== 3 || args[0]!.text !== streams[0] || args[1]!.text !== streams[1]) return undefined;
  const opts = args[2]!;
  if (opts.type !== 'call' || opts.childForFieldName('function')?.text !== `${server}.create_initialization_options`) return undefined;
  return server;
}
