// The idiom string of a decorator-style server: which library (and, for the standalone `fastmcp`
// package, which major) the project runs it on.
import type { ProjectFile } from '../../../core/types.js';
import { isFastmcp2Project, isFastmcp3Project, pinnedFastmcpMajor } from '../../../rewrite/fastmcp-upgrade/detect.js';
import type { ServerKind } from './servers.js';

export const DECORATED_IDIOMS = ['python-sdk-fastmcp', 'python-mcpserver', 'fastmcp-2', 'fastmcp-3', 'fastmcp-4'] as const;

/**
 * `fastmcp-<major>`: the major the manifests pin (lockfile, `==`, else the constraint's floor);
 * without a pin, FastMCP 2 or 3 when the code uses an API only that major has (the same test the
 * upgrade transforms use to decide whether they apply), else FastMCP 4.
 */
export function fastmcpIdiom(files: ProjectFile[], serverFiles?: Set<string>): string {
  // Only manifests carry pins; the APIs are looked for in the files that build or register on the
  // servers (all files importing fastmcp when not given). Parse no more than those.
  const major = pinnedFastmcpMajor(files.filter((f) => !f.path.endsWith('.py')));
  if (major !== undefined) return `fastmcp-${major}`;
  const sources = files.filter(
    (f) => f.path.endsWith('.py') && (serverFiles ? serverFiles.has(f.path) : /^[ \t]*(from[ \t]+fastmcp\b|import[ \t]+fastmcp\b)/m.test(f.text)),
  );
  if (isFastmcp2Project(sources)) return 'fastmcp-2';
  if (isFastmcp3Project(sources)) return 'fastmcp-3';
  return 'fastmcp-4';
}

/** `serverFiles()`: the files that build fastmcp servers or register on them (asked once, lazily). */
export function idiomResolver(files: ProjectFile[], serverFiles: () => Set<string>): (kind: ServerKind) => string {
  let fastmcp: string | undefined;
  return (kind) => {
    if (kind === 'sdk-fastmcp') return 'python-sdk-fastmcp';
    if (kind === 'mcpserver') return 'python-mcpserver';
    return (fastmcp ??= fastmcpIdiom(files, serverFiles()));
  };
}

/**
 * The listing APIs each idiom's server object has (checked against mcp 1.30.0, mcp 2.3.0 and
 * fastmcp 2/3/4): a call to one it lacks raises at run time (or does nothing when the error is
 * swallowed), so it does not change what clients see.
 */
/** `del mcp._tool_manager._tools[name]` and `.pop(name)` on the private managers. */
const PRIVATE_REMOVALS = ['private.remove_tool', 'private.remove_prompt', 'private.remove_resource'];

const LISTING_APIS: Record<string, string[]> = {
  'python-sdk-fastmcp': ['remove_tool', ...PRIVATE_REMOVALS],
  'python-mcpserver': ['remove_tool', 'remove_prompt', ...PRIVATE_REMOVALS],
  'fastmcp-2': [...PRIVATE_REMOVALS, 'remove_tool', 'remove_prompt', 'remove_resource', 'add_tool_transformation', 'mount', 'import_server', 'include_tags', 'exclude_tags', 'tool_transformations', 'enabled', 'component.disable'],
  'fastmcp-3': ['remove_tool', 'local_provider.remove_tool', 'local_provider.remove_prompt', 'local_provider.remove_resource', 'disable', 'enable', 'add_tool_transformation', 'add_transform', 'mount', 'import_server'],
  'fastmcp-4': ['local_provider.remove_tool', 'local_provider.remove_prompt', 'local_provider.remove_resource', 'disable', 'enable', 'add_transform', 'mount'],
};

export function supportsListingApi(idiom: string, api: string): boolean {
  const apis = LISTING_APIS[idiom];
  // An idiom this table does not know (fastmcp-0, fastmcp-5): assume the call works.
  return apis ? apis.includes(api) : true;
}
