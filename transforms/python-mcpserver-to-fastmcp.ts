// SDK v2 `MCPServer` (`from mcp.server.mcpserver import MCPServer`, the renamed bundled FastMCP) →
// FastMCP 4, rewritten in place. The rules follow PrefectHQ/fastmcp docs/getting-started/upgrading/
// from-mcp-sdk-v2.mdx and were checked against mcp 2.3.0 and fastmcp 4.2.3; the engine is
// src/rewrite/sdk-server.ts.
import type { ProjectFile, Transform, TransformResult } from '../src/core/types.js';
import { REVIEW_CODES } from '../src/extract/python/review.js';
import { importsPackage, rewriteSdkServers, SETTINGS, type CtorArgRule, type NameRule, type SdkRules } from '../src/rewrite/sdk-server.js';
import { COMMON_CONTEXT, COMMON_CTOR, EXCEPTION_NAMES, IMAGE_NAMES, MESSAGE_NAMES } from '../src/rewrite/sdk-server-rules.js';

const SOURCE = 'mcp.server.mcpserver';

const RESOLVER: NameRule = {
  review: 'MCPServer resolvers (`Annotated[T, Resolve(fn)]` returning Elicit / Sample / ListRoots) have no mechanical FastMCP 4 translation',
  suggestion:
    'Elicitation ports almost directly: annotate the parameter `Annotated[T, Elicit("question")]` with `Elicit` from `fastmcp.elicitation` (declining falls back to the parameter default). Sampling and roots move to the guard pattern (return an `InputRequiredResult`); for generation, calling an LLM from the server is usually better, and roots are often simplest as ordinary tool arguments.',
  code: REVIEW_CODES.sdkResolver,
};

const EXTENSION: NameRule = {
  review: 'MCPServer extensions are registered differently in FastMCP 4',
  suggestion: 'Register the extension with `mcp.add_extension(...)` (see https://gofastmcp.com).',
};

const REQUEST_STATE = Object.fromEntries(
  ['RequestStateSecurity', 'RequestStateCodec', 'RequestStateBoundary', 'AESGCMRequestStateCodec', 'InvalidRequestState', 'authenticated_principal'].map((n) => [n, { to: 'mcp.server.request_state' } as NameRule]),
);

const MCPSERVER_NAMES: Record<string, NameRule> = {
  MCPServer: { to: 'fastmcp', name: 'FastMCP', role: 'server' },
  Context: { to: 'fastmcp', role: 'context' },
  ...IMAGE_NAMES,
  Message: MESSAGE_NAMES.Message!,
  UserMessage: MESSAGE_NAMES.UserMessage!,
  AssistantMessage: MESSAGE_NAMES.AssistantMessage!,
  Icon: { to: 'mcp_types' },
  ...REQUEST_STATE,
  ...Object.fromEntries(['Resolve', 'Elicit', 'Sample', 'ListRoots', 'ElicitationResult', 'AcceptedElicitation', 'DeclinedElicitation', 'CancelledElicitation'].map((n) => [n, RESOLVER])),
  ...Object.fromEntries(['Extension', 'ToolBinding', 'ResourceBinding', 'MethodBinding', 'require_client_extension'].map((n) => [n, EXTENSION])),
  ResourceSecurity: { review: 'FastMCP 4 has its own `ResourceSecurity` (fastmcp.resources) with its own options', suggestion: 'Rebuild the policy with `fastmcp.resources.ResourceSecurity` and pass it as `resource_security=`.' },
  DEFAULT_RESOURCE_SECURITY: { review: 'FastMCP 4 applies its own default resource security policy', suggestion: 'Leave `resource_security=` out to get the FastMCP 4 default, or build one with `fastmcp.resources.ResourceSecurity`.' },
};

const review = (severity: 'error' | 'warning' | 'info', message: string, suggestion: string): CtorArgRule => ({ kind: 'review', severity, message, suggestion });
const drop = (severity: 'error' | 'warning' | 'info', message: string, suggestion: string): CtorArgRule => ({ kind: 'drop', severity, message, suggestion });

export const MCPSERVER_RULES: SdkRules = {
  transform: 'python-mcpserver-to-fastmcp',
  rule: 'mcpserver',
  source: SOURCE,
  label: 'MCPServer (SDK v2)',
  names: {
    'mcp.server.mcpserver': MCPSERVER_NAMES,
    'mcp.server.mcpserver.server': { MCPServer: MCPSERVER_NAMES.MCPServer!, Context: MCPSERVER_NAMES.Context! },
    'mcp.server.mcpserver.context': { Context: MCPSERVER_NAMES.Context! },
    'mcp.server.mcpserver.exceptions': { ...EXCEPTION_NAMES, MCPServerError: { to: 'fastmcp.exceptions', name: 'FastMCPError' } },
    'mcp.server.mcpserver.utilities.types': { ...IMAGE_NAMES },
    'mcp.server.mcpserver.prompts': { base: { to: 'fastmcp', name: 'prompts', keepLocal: true, role: 'prompts-module' }, Prompt: MESSAGE_NAMES.Prompt! },
    'mcp.server.mcpserver.prompts.base': MESSAGE_NAMES,
  },
  ctorPositional: ['name', 'title', 'description', 'instructions', 'website_url', 'icons', 'version', 'auth_server_provider', 'token_verifier'],
  ctorPositionalKept: 1,
  ctorArgs: {
    ...COMMON_CTOR,
    version: { kind: 'keep' },
    request_state_security: { kind: 'keep' },
    resource_security: review('warning', 'FastMCP 4 takes its own `fastmcp.resources.ResourceSecurity` here', 'Rebuild the policy with `fastmcp.resources.ResourceSecurity`, or leave it out for the FastMCP 4 default.'),
    title: drop('info', 'FastMCP 4 servers have no title', 'Put what the title said into `instructions=` if clients should see it.'),
    description: drop('info', 'FastMCP 4 servers have no description', 'Put what the description said into `instructions=` if clients should see it.'),
    resources: review('error', 'FastMCP 4 has no `resources=` constructor option; dropping it would silently drop the resources', 'Register each resource with `@mcp.resource(uri)` or `mcp.add_resource(...)`.'),
    // Removed (FastMCP 4 raises on them, so the server would not start) and reported.
    cache_hints: drop('warning', 'FastMCP 4 has no `cache_hints=`; it spells caching `cache_ttl=` and `cache_scope=`', 'Re-create the caching with `cache_ttl=` / `cache_scope=` if clients relied on it.'),
    extensions: drop('warning', 'FastMCP 4 registers extensions after construction', 'Call `mcp.add_extension(...)` for each extension.'),
    subscriptions: drop('error', 'FastMCP 4 has no pluggable subscription bus: cross-replica resource-update fan-out goes away', 'Confirm the deployment can live without cross-replica subscription fan-out.'),
    middleware: review('error', 'FastMCP 4 takes `middleware=` too, but its own `fastmcp.server.middleware.Middleware` classes, not SDK `ServerMiddleware`', 'Port each middleware to a FastMCP `Middleware` subclass (typed hooks such as on_call_tool, or on_message for the raw pass).'),
  },
  callSettings: new Set(SETTINGS),
  runPositional: [],
  sseAppPositional: [],
  context: {
    ...COMMON_CONTEXT,
    log: { kind: 'log', dataIsAny: true },
    debug: { kind: 'log-data' },
    info: { kind: 'log-data' },
    warning: { kind: 'log-data' },
    error: { kind: 'log-data' },
    mcp_server: { kind: 'attr', replacement: 'fastmcp', message: '`ctx.mcp_server` is `ctx.fastmcp` in FastMCP 4' },
    protocol_version: { kind: 'attr', replacement: 'request_context.protocol_version', message: '`ctx.protocol_version` is `ctx.request_context.protocol_version` in FastMCP 4' },
    headers: { kind: 'headers' },
    client_capabilities: {
      kind: 'review',
      severity: 'error',
      message: '`{ctx}.client_capabilities` does not exist on the FastMCP 4 Context',
      suggestion: 'Read the capabilities off the session (`{ctx}.session`), e.g. with `{ctx}.session.check_client_capability(...)`.',
    },
    ...Object.fromEntries(
      ['notify_tools_changed', 'notify_resources_changed', 'notify_prompts_changed', 'notify_resource_updated'].map((n) => [
        n,
        {
          kind: 'review',
          severity: 'error',
          message: `\`{ctx}.${n}()\` does not exist on the FastMCP 4 Context`,
          suggestion: 'Send the matching `mcp_types` notification with `await {ctx}.send_notification(...)`; list-changed notifications are sent for you when components change through `{ctx}.enable_components` / `{ctx}.disable_components`.',
        } as const,
      ]),
    ),
  },
  decoratorPositional: {
    tool: ['name', 'title', 'description', 'annotations', 'icons', 'meta', 'structured_output'],
    prompt: ['name', 'title', 'description', 'icons'],
  },
  camelCaseReads: false,
  maskErrors: true,
  behaviour: {
    message:
      'FastMCP 4 rejects tool calls that carry arguments the function does not declare (MCPServer ignored them), and words tool errors differently: a masked error is "Error calling tool \'<name>\'" (MCPServer: "Error executing tool <name>") and a ToolError is its message alone (MCPServer: "Error executing tool <name>: <message>")',
    suggestion: 'Nothing to change in the code; tell clients that send extra arguments (accept them as optional parameters if you must keep them working).',
  },
};

export const pythonMcpserverToFastmcp: Transform = {
  id: 'python-mcpserver-to-fastmcp',
  title: 'Python SDK v2 MCPServer (mcp.server.mcpserver) → FastMCP 4',
  from: 'python-mcpserver',
  to: 'fastmcp-py-4',
  inPlace: true,
  description:
    'Rewrites servers built on `from mcp.server.mcpserver import MCPServer` in place: MCPServer → FastMCP, imports, run()/app transport options, Context renames (mcp_server, headers, protocol_version, log, elicit); the rest is reported.',
  applies(files: ProjectFile[]): boolean {
    return importsPackage(files, SOURCE);
  },
  run(files: ProjectFile[]): TransformResult {
    return rewriteSdkServers(files, MCPSERVER_RULES);
  },
};
