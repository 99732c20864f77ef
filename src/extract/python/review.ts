// Review items for Python sources: one stable code per kind of construct we do not convert.
import type { ReviewItem, Severity } from '../../model/index.js';
import type { SyntaxNode } from '../../parse/python.js';

export const REVIEW_CODES = {
  parseError: 'FMM001',
  unsupportedHandler: 'FMM010',
  toolListUnknown: 'FMM011',
  dispatchNotSplit: 'FMM012',
  noBranch: 'FMM013',
  schemaNotCarried: 'FMM014',
  runtimeValue: 'FMM015',
  requestContext: 'FMM016',
  transportUnknown: 'FMM017',
  serverOption: 'FMM018',
  resultType: 'FMM019',
  outputSchema: 'FMM020',
  parameterName: 'FMM021',
} as const;

export function reviewAt(
  code: string,
  severity: Severity,
  file: string,
  node: SyntaxNode,
  message: string,
  suggestion: string,
): ReviewItem {
  const firstLine = node.text.split('\n')[0];
  const snippet = firstLine.length > 160 ? firstLine.slice(0, 157) + '...' : firstLine;
  return {
    code,
    severity,
    file,
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    message,
    snippet,
    suggestion,
  };
}
