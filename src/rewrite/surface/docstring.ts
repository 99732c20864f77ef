// What a component's docstring makes each FastMCP lineage advertise, read statically.
//
// Measured (tests/fixtures under fixtures/*/docstring-*): the SDK-bundled FastMCP (mcp 1.x) and
// SDK v2's MCPServer advertise the raw `fn.__doc__` (indentation and trailing blank line kept) for
// tools, prompts and resources; FastMCP 2 advertises `inspect.getdoc(fn)` (= inspect.cleandoc)
// and never parses it. FastMCP 3 and 4 parse the docstring of tools and prompts with griffe
// (fastmcp/utilities/docstring_parsing.py): the description is the text before the first
// structured section (Args:, Returns:, Examples:, numpy underlines, :param ...), and the entries
// of a parameters section become parameter descriptions (fastmcp/tools/function_parsing.py,
// fastmcp/prompts/function_prompt.py); without a section it is `inspect.getdoc(fn)`. Resources and
// templates use `inspect.getdoc(fn)` as is.
import type { SyntaxNode } from '../../parse/python.js';

export interface Docstring {
  /** The string literal (a `string` or `concatenated_string` node). */
  node: SyntaxNode;
  /** Its value, when it can be read without evaluating escapes. */
  value?: string;
}

/** The docstring literal of a function (a plain or concatenated string first in its body; f- and b-strings are not docstrings). */
export function docstringOf(fn: SyntaxNode): Docstring | undefined {
  const body = fn.childForFieldName('body');
  const first = body?.namedChildren.find((c) => c.type !== 'comment');
  const lit = first?.type === 'expression_statement' && first.namedChildren.length === 1 ? first.namedChildren[0] : undefined;
  if (!lit || (lit.type !== 'string' && lit.type !== 'concatenated_string')) return undefined;
  const parts = lit.type === 'string' ? [lit] : lit.namedChildren.filter((c) => c.type === 'string');
  let value: string | undefined = '';
  for (const part of parts) {
    const m = /^([A-Za-z]*)("""|'''|"|')([\s\S]*)\2$/.exec(part.text);
    if (!m) return undefined;
    const prefix = m[1]!.toLowerCase();
    if (prefix.includes('f') || prefix.includes('b')) return undefined;
    const raw = prefix.includes('r');
    const content = m[3]!.replace(/\r\n?/g, '\n');
    if (value !== undefined && (raw || !content.includes('\\'))) value += content;
    else value = undefined;
  }
  return { node: lit, value };
}

/** Python's inspect.cleandoc (3.11). */
export function cleandoc(doc: string): string {
  const lines = expandTabs(doc).split('\n');
  let margin = Infinity;
  for (const line of lines.slice(1)) {
    const stripped = line.replace(/^\s+/, '');
    if (stripped.length) margin = Math.min(margin, line.length - stripped.length);
  }
  if (lines.length) lines[0] = lines[0]!.replace(/^\s+/, '');
  if (margin < Infinity) for (let i = 1; i < lines.length; i++) lines[i] = lines[i]!.slice(margin);
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  while (lines.length && !lines[0]) lines.shift();
  return lines.join('\n');
}

function expandTabs(s: string): string {
  return s
    .split('\n')
    .map((line) => {
      let out = '';
      for (const ch of line) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
      return out;
    })
    .join('\n');
}

/**
 * Could griffe find a structured section in this (cleaned) docstring? Conservative: a line that
 * is only `Word words:` (a Google section or admonition title), a numpy underline, or a Sphinx
 * field (`:param x:`). A false "yes" only costs an explicit `description=` that was not needed.
 */
export function mayHaveSections(doc: string): boolean {
  return doc.split('\n').some((line) => /^\s*[A-Za-z][\w \t-]*:\s*$/.test(line) || /^\s*-{3,}\s*$/.test(line) || /^\s*:[A-Za-z]+(\s[^:]*)?:/.test(line));
}

const PARAM_SECTIONS = /^(args|arguments|params|parameters|keyword args|keyword arguments|other args|other arguments|other params|other parameters)\s*:\s*$/i;

/**
 * Parameter names a docstring describes in a parameters section (Google `Args:`, numpy
 * `Parameters` + underline, Sphinx `:param x:`): FastMCP 3/4 copy these into the input schema.
 */
export function describedParameters(doc: string, params: string[]): string[] {
  const lines = doc.split('\n');
  const found = new Set<string>();
  const wanted = new Set(params);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const sphinx = /^\s*:param\s+(?:[^:]*\s)?\*{0,2}(\w+)\s*:/.exec(line);
    if (sphinx && wanted.has(sphinx[1]!)) found.add(sphinx[1]!);
    const google = PARAM_SECTIONS.test(line.trim()) && /:\s*$/.test(line);
    const numpy = /^\s*(parameters|other parameters)\s*$/i.test(line) && /^\s*-{3,}\s*$/.test(lines[i + 1] ?? '');
    if (!google && !numpy) continue;
    const base = line.length - line.trimStart().length;
    for (let j = i + (numpy ? 2 : 1); j < lines.length; j++) {
      const entry = lines[j]!;
      if (!entry.trim()) continue;
      const indent = entry.length - entry.trimStart().length;
      if (google && indent <= base) break;
      if (numpy && /^\s*-{3,}\s*$/.test(lines[j + 1] ?? '')) break;
      const m = google ? /^\s*\*{0,2}(\w+)\s*(\([^)]*\))?\s*:/.exec(entry) : /^\s*\*{0,2}(\w+)\s*(:.*)?$/.exec(entry);
      if (m && wanted.has(m[1]!)) found.add(m[1]!);
    }
  }
  return params.filter((p) => found.has(p));
}
