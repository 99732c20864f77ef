// tree-sitter for Python: an error-tolerant concrete tree with byte ranges.
import { createRequire } from 'node:module';
import type ParserType from 'tree-sitter';

const require = createRequire(import.meta.url);
const Parser = require('tree-sitter') as typeof ParserType;
const PythonLanguage = require('tree-sitter-python');

export type SyntaxNode = ParserType.SyntaxNode;
export type Tree = ParserType.Tree;

let parser: ParserType | undefined;

export function parsePython(text: string): Tree {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(PythonLanguage);
  }
  // The default 32 KiB buffer makes tree-sitter read large files in chunks through a callback;
  // give it room for the whole file instead.
  return parser.parse(text, undefined, { bufferSize: Math.max(32 * 1024, Buffer.byteLength(text) * 2 + 1) });
}

export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

/** Every ERROR / MISSING node, first ones first. */
export function syntaxProblems(tree: Tree): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const visit = (node: SyntaxNode) => {
    if (node.isMissing) {
      problems.push({ line: node.startPosition.row + 1, column: node.startPosition.column + 1, message: `missing ${node.type}` });
      return;
    }
    if (node.type === 'ERROR') {
      problems.push({ line: node.startPosition.row + 1, column: node.startPosition.column + 1, message: 'syntax error' });
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) visit(child);
  };
  visit(tree.rootNode);
  return problems;
}

/** Problems of a Python source text; empty when it parses cleanly. */
export function checkPythonSyntax(text: string): SyntaxProblem[] {
  return syntaxProblems(parsePython(text));
}
