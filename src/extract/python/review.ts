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
  // FMM023: an SDK 1.x API that mcp 2.3.0 (under FastMCP 4) does not have — src/emit/python/sdk-v2-compat.ts
  sdkV1Api: 'FMM023',
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
  // FMM120–FMM129: what every in-place rewrite (SDK FastMCP, MCPServer, FastMCP 2/3) cannot keep of
  // the surface clients see — src/rewrite/surface/. docs/sdk-fastmcp.md lists them.
  surfaceDocstringParams: 'FMM120',
  surfaceOutputSchema: 'FMM121',
  surfaceResourceUri: 'FMM122',
  surfaceParamType: 'FMM123',
  surfaceWrapDescription: 'FMM124',
  surfaceInternals: 'FMM125',
  surfaceWrapMarker: 'FMM126',
  // FMM2xx: FastMCP major-version upgrades in place (2 → 3, 3 → 4) — src/rewrite/fastmcp-upgrade/
  // and dependency pins (src/rewrite/pins.ts). docs/fastmcp-upgrades.md lists them.
  fmConstructorArg: 'FMM200',
  fmTransportSetting: 'FMM201',
  fmListing: 'FMM202',
  fmState: 'FMM203',
  fmPromptResult: 'FMM204',
  fmComponentObject: 'FMM205',
  fmAuthEnv: 'FMM206',
  fmRemovedApi: 'FMM207',
  fmDeprecatedApi: 'FMM208',
  fmBackgroundTasks: 'FMM209',
  fmTypesImport: 'FMM210',
  fmMcpError: 'FMM211',
  fmRawSession: 'FMM212',
  fmSampling: 'FMM213',
  fmHttpx: 'FMM214',
  fmMcpPin: 'FMM215',
  pinManual: 'FMM250',
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

/** A project file that does not parse: reported, skipped, never rewritten. */
export function unparsableInputItem(broken: { path: string; line: number; column: number; message: string }, text: string): ReviewItem {
  return {
    code: REVIEW_CODES.parseError,
    severity: 'error',
    file: broken.path,
    line: broken.line,
    column: broken.column,
    message: `${broken.path} does not parse (${broken.message}); it was skipped`,
    snippet: (text.split('\n')[broken.line - 1] ?? '').trim(),
    suggestion: 'Fix the syntax error and run the migration again.',
  };
}

/** A rewritten module that would not parse: it is not written. `what` says which kind of rewrite. */
export function unparsableOutputItem(path: string, output: string, problem: { line: number; column: number; message: string }, what: 'migrated' | 'upgraded'): ReviewItem {
  return {
    code: REVIEW_CODES.parseError,
    severity: 'error',
    file: path,
    line: problem.line,
    column: problem.column,
    message: `The ${what} module would not parse (${problem.message}); it was not written`,
    snippet: output.split('\n')[problem.line - 1]?.trim() ?? '',
    suggestion: 'Report this as a fastmcp-migrate bug with the input file.',
  };
}
