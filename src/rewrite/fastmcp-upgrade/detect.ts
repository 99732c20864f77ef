// Which FastMCP major a project is written for. The pin decides when there is one (`fastmcp`
// in pyproject.toml / requirements*.txt: an exact or locked version, else the floor of the
// constraint); without a pin, the use of an API that only that major has. Either way the project
// must import `fastmcp`.
import type { ProjectFile } from '../../core/types.js';
import { detectVersions, importsOf } from '../../discover/versions.js';

/** The `fastmcp` major the manifests pin, if any. */
export function pinnedFastmcpMajor(files: ProjectFile[]): number | undefined {
  return detectVersions(files).packages.find((p) => p.package === 'fastmcp')?.major;
}

export function importsFastmcp(files: ProjectFile[]): boolean {
  return files.some((f) => f.path.endsWith('.py') && (importsOf(f)?.idioms.includes('fastmcp') ?? false));
}

/** Code only FastMCP 2 runs (each of these raises or misbehaves on FastMCP 3). */
const ONLY_2: RegExp[] = [
  /\b(on_duplicate_tools|on_duplicate_resources|on_duplicate_prompts|tool_serializer|include_fastmcp_meta|tool_transformations)\s*=/,
  /\.(get_tools|get_resources|get_prompts|get_resource_templates)\(\s*\)/,
  /\.send_(tool|resource|prompt)_list_changed\(/,
  /\bWSTransport\b/,
  /\bshow_cli_banner\b|\bFASTMCP_SHOW_CLI_BANNER\b/,
  /@\w+\.(tool|resource|prompt)\([^)]*\benabled\s*=/,
  /^(?![^#\n]*\bawait\b)[^#\n]*\b(ctx|context)\.(get_state|set_state)\(/m,
  /\bFastMCP\([^)]*\b(host|port|sse_path|message_path|streamable_http_path|json_response|stateless_http|include_tags|exclude_tags)\s*=/,
];

/** Code FastMCP 3 runs and FastMCP 4 does not (deprecated in 3, removed in 4, or SDK v1 only). */
const ONLY_3: RegExp[] = [
  /\.import_server\(/,
  /\.add_tool_transformation\(|\.remove_tool_transformation\(/,
  /\bFastMCP\.as_proxy\(/,
  /\.mount\([^)]*\b(prefix|as_proxy)\s*=/,
  /\bsampling_handler(_behavior)?\s*=/,
  /\bexclude_args\s*=/,
  /\b(ctx|context)\.(sample|sample_step|list_roots)\(/,
  /\bMcpError\(\s*ErrorData\(/,
  /from\s+mcp\.shared\.exceptions\s+import\b[^\n]*\bMcpError\b/,
  /from\s+mcp\s+import\b[^\n]*\bMcpError\b/,
  /\bfastmcp\.(server\.(proxy|openapi|tasks)|prompts\.prompt|tools\.tool|resources\.resource)\b/,
  /\bFastMCPOpenAPI\b/,
];

function fastmcpSources(files: ProjectFile[]): string[] {
  return files.filter((f) => f.path.endsWith('.py') && (importsOf(f)?.idioms.includes('fastmcp') ?? false)).map((f) => f.text);
}

function uses(files: ProjectFile[], patterns: RegExp[]): boolean {
  return fastmcpSources(files).some((text) => patterns.some((p) => p.test(text)));
}

/** A FastMCP 2 project: imports fastmcp and pins 2.x, or (no pin) uses an API only FastMCP 2 has. */
export function isFastmcp2Project(files: ProjectFile[]): boolean {
  if (!importsFastmcp(files)) return false;
  const major = pinnedFastmcpMajor(files);
  if (major !== undefined) return major === 2;
  return uses(files, ONLY_2);
}

/** A FastMCP 3 project: imports fastmcp and pins 3.x, or (no pin) uses an API FastMCP 4 no longer has. */
export function isFastmcp3Project(files: ProjectFile[]): boolean {
  if (!importsFastmcp(files)) return false;
  const major = pinnedFastmcpMajor(files);
  if (major !== undefined) return major === 3;
  return uses(files, ONLY_3);
}
