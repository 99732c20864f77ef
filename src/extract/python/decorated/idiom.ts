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
export function fastmcpIdiom(files: ProjectFile[]): string {
  const major = pinnedFastmcpMajor(files);
  if (major !== undefined) return `fastmcp-${major}`;
  if (isFastmcp2Project(files)) return 'fastmcp-2';
  if (isFastmcp3Project(files)) return 'fastmcp-3';
  return 'fastmcp-4';
}

export function idiomResolver(files: ProjectFile[]): (kind: ServerKind) => string {
  let fastmcp: string | undefined;
  return (kind) => {
    if (kind === 'sdk-fastmcp') return 'python-sdk-fastmcp';
    if (kind === 'mcpserver') return 'python-mcpserver';
    return (fastmcp ??= fastmcpIdiom(files));
  };
}
