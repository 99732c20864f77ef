// FastMCP 3 → FastMCP 4 (on the MCP Python SDK v2), rewritten in place
// (src/rewrite/fastmcp-upgrade/v3-to-v4.ts). Also recognises fastmcp-2-to-3's output by its pin.
import type { ProjectFile, Transform, TransformResult } from '../src/core/types.js';
import { isFastmcp3Project, upgradeFastmcp3to4 } from '../src/rewrite/fastmcp-upgrade/index.js';

export const fastmcp3To4: Transform = {
  id: 'fastmcp-3-to-4',
  title: 'FastMCP 3 → FastMCP 4 (in place)',
  from: 'fastmcp-py-3',
  to: 'fastmcp-py-4',
  inPlace: true,
  description:
    'Upgrades a FastMCP 3 server in place for FastMCP 4 and MCP SDK v2: mcp.types → mcp_types, McpError construction, snake_case protocol fields, APIs FastMCP 4 removed (import_server, as_proxy, add_tool_transformation, mount(prefix=), FastMCPOpenAPI, moved modules), httpx2 client factories, the fastmcp pin; the rest is reported.',
  applies(files: ProjectFile[]): boolean {
    return isFastmcp3Project(files);
  },
  run(files: ProjectFile[]): TransformResult {
    return upgradeFastmcp3to4(files);
  },
};
