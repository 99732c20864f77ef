// Rule-table fragments the two SDK high-level server transforms share (FastMCP 1.0 in SDK v1 and
// SDK v2's MCPServer descend from the same code). Each fact was checked against the installed
// libraries (.venv/mcp1 mcp 1.30.0, .venv/fastmcp4 mcp 2.3.0 + fastmcp 4.2.3) and PrefectHQ/fastmcp
// docs/getting-started/upgrading/from-mcp-sdk*.mdx.
import { SETTINGS, type ContextRule, type CtorArgRule, type NameRule } from './sdk-server.js';

export const IMAGE_NAMES: Record<string, NameRule> = {
  Image: { to: 'fastmcp.utilities.types' },
  Audio: { to: 'fastmcp.utilities.types' },
};

/** prompts.base: FastMCP 4 has one `Message(content, role="user")`. */
export const MESSAGE_NAMES: Record<string, NameRule> = {
  Message: { to: 'fastmcp.prompts', role: 'message' },
  UserMessage: { to: 'fastmcp.prompts', name: 'Message', role: 'user-message' },
  AssistantMessage: { to: 'fastmcp.prompts', name: 'Message', role: 'assistant-message' },
  Prompt: {
    review: '`Prompt` objects of the SDK are not FastMCP 4 prompts',
    suggestion: 'Register the function with `@mcp.prompt` (or build a `fastmcp.prompts.Prompt`).',
  },
  PromptArgument: {
    review: '`PromptArgument` of the SDK is not used by FastMCP 4 prompts',
    suggestion: 'FastMCP 4 derives prompt arguments from the function signature; drop it or use `fastmcp.prompts.PromptArgument`.',
  },
};

export const EXCEPTION_NAMES: Record<string, NameRule> = {
  ToolError: { to: 'fastmcp.exceptions' },
  ResourceError: { to: 'fastmcp.exceptions' },
  ValidationError: { to: 'fastmcp.exceptions' },
  InvalidSignature: { to: 'fastmcp.exceptions' },
};

const settingRules: Record<string, CtorArgRule> = Object.fromEntries(SETTINGS.map((s) => [s, { kind: 'setting' } as CtorArgRule]));

/** Constructor options both sources share. */
export const COMMON_CTOR: Record<string, CtorArgRule> = {
  name: { kind: 'keep' },
  instructions: { kind: 'keep' },
  website_url: { kind: 'keep' },
  icons: { kind: 'keep' },
  lifespan: { kind: 'keep' },
  debug: { kind: 'debug' },
  log_level: { kind: 'setting' },
  warn_on_duplicate_tools: { kind: 'duplicates' },
  warn_on_duplicate_resources: { kind: 'duplicates' },
  warn_on_duplicate_prompts: { kind: 'duplicates' },
  dependencies: { kind: 'dependencies' },
  tools: {
    kind: 'review',
    severity: 'error',
    message: 'FastMCP 4 takes plain functions (or its own `Tool` objects) here, not SDK `Tool` objects',
    suggestion: 'Pass the underlying functions (`tools=[fn, ...]`) or register them with `@mcp.tool`.',
  },
  auth: {
    kind: 'review',
    severity: 'error',
    message: 'FastMCP 4 takes one `auth=` provider, not the SDK `AuthSettings`',
    suggestion: 'Replace the SDK auth plumbing with a FastMCP auth provider (JWTVerifier, RemoteAuthProvider, OAuthProxy, ...): https://gofastmcp.com/servers/auth/authentication.',
  },
  auth_server_provider: {
    kind: 'review',
    severity: 'error',
    message: 'FastMCP 4 has no `auth_server_provider=`; its one `auth=` provider carries the whole configuration',
    suggestion: 'Move the authorization-server setup into a FastMCP auth provider passed as `auth=`.',
  },
  token_verifier: {
    kind: 'review',
    severity: 'error',
    message: 'FastMCP 4 has no `token_verifier=`; token checks live in its `auth=` provider',
    suggestion: 'Use `auth=JWTVerifier(...)` (or another FastMCP token verifier) instead.',
  },
};

export const V1_CTOR: Record<string, CtorArgRule> = { ...settingRules, ...COMMON_CTOR };

/** Context members that changed the same way in both lineages. */
export const COMMON_CONTEXT: Record<string, ContextRule> = {
  log: { kind: 'log' },
  elicit: { kind: 'rename-kwarg', from: 'schema', to: 'response_type', message: '`elicit(message, schema=...)` is `elicit(message, response_type=...)` in FastMCP 4' },
  read_resource: {
    kind: 'review',
    severity: 'warning',
    message: '`{ctx}.read_resource(uri)` returns a `ResourceResult` in FastMCP 4: the contents are under `.contents` (the SDK returned the contents themselves)',
    suggestion: 'Iterate `(await {ctx}.read_resource(uri)).contents`; each item has `.content` and `.mime_type`.',
  },
  elicit_url: {
    kind: 'review',
    severity: 'error',
    message: '`{ctx}.elicit_url(...)` does not exist on the FastMCP 4 Context (and `{ctx}.elicit` is form elicitation, not the same thing)',
    suggestion: 'Keep the URL flow on the raw session: `await {ctx}.session.elicit_url(message, url, elicitation_id)`.',
  },
  close_standalone_sse_stream: {
    kind: 'review',
    severity: 'error',
    message: '`{ctx}.close_standalone_sse_stream()` has no FastMCP 4 equivalent',
    suggestion: 'Remove it, or keep the behaviour outside FastMCP; `{ctx}.close_sse_stream()` still exists for the request stream.',
  },
};
