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
  // FMM1xx: in-place rewrites of the SDK-bundled FastMCP (mcp.server.fastmcp) and SDK v2 MCPServer
  // (mcp.server.mcpserver) into FastMCP 4 — src/rewrite/sdk-server.ts. docs/sdk-fastmcp.md lists them.
  sdkImport: 'FMM100',
  sdkConstructorArg: 'FMM101',
  sdkDependencies: 'FMM102',
  sdkTransportSetting: 'FMM103',
  sdkHttpApp: 'FMM104',
  sdkContext: 'FMM105',
  sdkPromptMessages: 'FMM106',
  sdkResultText: 'FMM107',
  sdkEmptyDescription: 'FMM108',
  sdkBehaviour: 'FMM109',
  sdkServerObject: 'FMM110',
  sdkResolver: 'FMM111',
  sdkLogData: 'FMM112',
  sdkDecoratorArg: 'FMM113',
  sdkPromptArgument: 'FMM114',
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
