// SDK v1 bundled FastMCP (`from mcp.server.fastmcp import FastMCP`, "FastMCP 1.0") → FastMCP 4,
// rewritten in place. The rules follow PrefectHQ/fastmcp docs/getting-started/upgrading/
// from-mcp-sdk(-v1).mdx and were checked against mcp 1.30.0 and fastmcp 4.2.3; the engine is
// src/rewrite/sdk-server.ts.
import type { ProjectFile, Transform, TransformResult } from '../src/core/types.js';
import { importsPackage, rewriteSdkServers, type SdkRules } from '../src/rewrite/sdk-server.js';
import { COMMON_CONTEXT, EXCEPTION_NAMES, IMAGE_NAMES, MESSAGE_NAMES, V1_CTOR } from '../src/rewrite/sdk-server-rules.js';

const SOURCE = 'mcp.server.fastmcp';

const SDK_RESOURCE_CLASS = {
  review: 'the SDK resource classes are not FastMCP 4 resources',
  suggestion: 'Register the function with `@mcp.resource(uri)`, or build the resource with the `fastmcp.resources` classes (TextResource, FileResource, ...).',
};

export const SDK_FASTMCP_RULES: SdkRules = {
  transform: 'python-sdk-fastmcp-to-fastmcp',
  rule: 'sdk-fastmcp',
  source: SOURCE,
  label: 'FastMCP 1.0 (mcp.server.fastmcp)',
  names: {
    'mcp.server.fastmcp': {
      FastMCP: { to: 'fastmcp', role: 'server' },
      Context: { to: 'fastmcp', role: 'context' },
      ...IMAGE_NAMES,
      Icon: { to: 'mcp.types' },
    },
    'mcp.server.fastmcp.server': {
      FastMCP: { to: 'fastmcp', role: 'server' },
      Context: { to: 'fastmcp', role: 'context' },
      Settings: { review: 'FastMCP 1.0 `Settings` has no FastMCP 4 counterpart', suggestion: 'Pass transport settings to `mcp.run(...)` / `mcp.http_app(...)`; global settings live in `fastmcp.settings` (FASTMCP_* environment variables).' },
    },
    'mcp.server.fastmcp.exceptions': { ...EXCEPTION_NAMES, FastMCPError: { to: 'fastmcp.exceptions' } },
    'mcp.server.fastmcp.utilities.types': { ...IMAGE_NAMES },
    'mcp.server.fastmcp.utilities.logging': { get_logger: { to: 'fastmcp.utilities.logging' }, configure_logging: { to: 'fastmcp.utilities.logging' } },
    'mcp.server.fastmcp.prompts': { base: { to: 'fastmcp', name: 'prompts', keepLocal: true, role: 'prompts-module' }, Prompt: MESSAGE_NAMES.Prompt! },
    'mcp.server.fastmcp.prompts.base': MESSAGE_NAMES,
    'mcp.server.fastmcp.resources': Object.fromEntries(
      ['Resource', 'TextResource', 'BinaryResource', 'FunctionResource', 'FileResource', 'HttpResource', 'DirectoryResource', 'ResourceTemplate', 'ResourceManager'].map((n) => [n, SDK_RESOURCE_CLASS]),
    ),
    'mcp.server.fastmcp.tools': {
      Tool: { review: 'FastMCP 1.0 `Tool` objects are not FastMCP 4 tools', suggestion: 'Register the function with `@mcp.tool` or `mcp.add_tool(fn)`; FastMCP 4 builds its own `fastmcp.tools.Tool`.' },
    },
  },
  ctorPositional: ['name', 'instructions', 'website_url', 'icons', 'auth_server_provider', 'token_verifier', 'event_store', 'retry_interval'],
  ctorPositionalKept: 2,
  ctorArgs: V1_CTOR,
  callSettings: new Set(['mount_path']),
  runPositional: ['mount_path'],
  sseAppPositional: ['mount_path'],
  context: COMMON_CONTEXT,
  decoratorPositional: {
    tool: ['name', 'title', 'description', 'annotations', 'icons', 'meta', 'structured_output'],
    prompt: ['name', 'title', 'description', 'icons'],
  },
  camelCaseReads: true,
  maskErrors: false,
  promptMessageNote: 'FastMCP 1.0 sent a returned PromptMessage as a JSON dump of the whole message in a text block; FastMCP 4 sends the message as written, so the prompt text clients see changes (for the better).',
  behaviour: {
    message:
      'FastMCP 4 rejects tool calls that carry arguments the function does not declare (FastMCP 1.0 ignored them), and words tool errors differently: "Error calling tool \'<name>\': <message>", and a ToolError\'s message on its own (FastMCP 1.0: "Error executing tool <name>: <message>")',
    suggestion: 'Nothing to change in the code; tell clients that parse error text or send extra arguments. Accept extras explicitly as optional parameters if some clients send them.',
  },
};

export const pythonSdkFastmcpToFastmcp: Transform = {
  id: 'python-sdk-fastmcp-to-fastmcp',
  title: 'Python SDK v1 bundled FastMCP (mcp.server.fastmcp) → FastMCP 4',
  from: 'python-sdk-fastmcp',
  to: 'fastmcp-py-4',
  inPlace: true,
  description:
    'Rewrites servers built on `from mcp.server.fastmcp import FastMCP` in place: imports, constructor settings moved to run()/http_app(), sse_app()/streamable_http_app(), Context.log/elicit, prompt dict messages, decorator options; the rest is reported.',
  applies(files: ProjectFile[]): boolean {
    return importsPackage(files, SOURCE);
  },
  run(files: ProjectFile[]): TransformResult {
    return rewriteSdkServers(files, SDK_FASTMCP_RULES);
  },
};
