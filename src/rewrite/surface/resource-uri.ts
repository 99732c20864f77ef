// Static resource URIs FastMCP 4 rejects at registration. FastMCP 4 (like mcp 1.x FastMCP and
// FastMCP 2/3) validates a resource URI as pydantic AnyUrl; SDK v2's MCPServer takes any string.
// Measured on pydantic 2 under fastmcp 4.2.3: rejected are URIs without a scheme (`x`,
// `/abs/path`), schemes that do not start with a letter or hold other characters than letters,
// digits, `+`, `-`, `.` (`1c://entity-sets`, `my_app://x`), and authorities with spaces or an
// unclosed `[`. Templates (`{param}` in the URI) are not validated that way.

/** Why FastMCP 4 would refuse this URI, or undefined when it accepts it. */
export function rejectedUri(uri: string): string | undefined {
  if (uri.includes('{')) return undefined;
  const scheme = /^([^:/?#]*):/.exec(uri);
  if (!scheme) return 'it has no scheme';
  if (!/^[A-Za-z][A-Za-z0-9+.-]*$/.test(scheme[1]!)) return `its scheme \`${scheme[1]}\` is not a valid URL scheme (a letter first, then letters, digits, +, -, .)`;
  if (uri.startsWith(`${scheme[1]}://`)) {
    const authority = uri.slice(scheme[1]!.length + 3).split(/[/?#]/)[0]!;
    if (/\s/.test(authority)) return 'its host part contains whitespace';
    if (authority.includes('[') && !authority.includes(']')) return 'its host part has an unclosed `[`';
  }
  return undefined;
}
