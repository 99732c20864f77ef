// The rule-table types of the SDK high-level server rewrites, and where each transport setting
// goes per kind of start-up call. The per-source tables are transforms/python-sdk-fastmcp-to-fastmcp.ts,
// transforms/python-mcpserver-to-fastmcp.ts and ../sdk-server-rules.ts.
import type { Severity } from '../../model/index.js';

// ---------------------------------------------------------------------------------------------
// Rule tables

/** What a name imported from the source package plays in the rewrite. */
export type NameRole = 'server' | 'context' | 'message' | 'user-message' | 'assistant-message' | 'prompts-module';

export interface NameMove {
  /** Module the name comes from in FastMCP 4. */
  to: string;
  /** New name (the local binding follows unless `keepLocal` or the import is aliased). */
  name?: string;
  keepLocal?: boolean;
  role?: NameRole;
}

export interface NameReview {
  review: string;
  suggestion: string;
  severity?: Severity;
  code?: string;
}

export type NameRule = NameMove | NameReview;

/** Transport settings: FastMCP 1.0 takes them in the constructor, SDK v2 in run()/the app factories, FastMCP 4 in run()/http_app(). */
export const SETTINGS = [
  'host',
  'port',
  'log_level',
  'mount_path',
  'sse_path',
  'message_path',
  'streamable_http_path',
  'json_response',
  'stateless_http',
  'event_store',
  'retry_interval',
  'session_idle_timeout',
  'max_sessions',
  'max_request_body_size',
  'transport_security',
] as const;
export type Setting = (typeof SETTINGS)[number];
export const SETTING_SET = new Set<string>(SETTINGS);

export type CtorArgRule =
  | { kind: 'keep' }
  | { kind: 'setting' }
  | { kind: 'debug' }
  | { kind: 'duplicates' }
  | { kind: 'dependencies' }
  /** Removed from the constructor (FastMCP 4 would raise on it) and reported. */
  | { kind: 'drop'; severity: Severity; message: string; suggestion: string }
  /** Left in place and reported: a human has to replace it. */
  | { kind: 'review'; severity: Severity; message: string; suggestion: string };

export type ContextRule =
  /** `ctx.log(level, message)` → `ctx.log(message, level=level)`. */
  | { kind: 'log'; dataIsAny?: boolean }
  /** `ctx.info(data)` and friends where the source accepted any JSON value (SDK v2). */
  | { kind: 'log-data' }
  | { kind: 'rename-kwarg'; from: string; to: string; message: string }
  /** `ctx.<attr>` → `ctx.<replacement>`. */
  | { kind: 'attr'; replacement: string; message: string }
  /** `ctx.headers` → `get_http_headers(include_all=True)`. */
  | { kind: 'headers' }
  | { kind: 'review'; severity: Severity; message: string; suggestion: string };

export interface SdkRules {
  transform: string;
  /** ChangeRecord rule prefix, e.g. `sdk-fastmcp`. */
  rule: string;
  /** The source package (its submodules included). */
  source: string;
  /** How the source names itself in messages. */
  label: string;
  /** Module → imported name → rule. Names not listed become FMM100 review items. */
  names: Record<string, Record<string, NameRule>>;
  /** Positional parameters of the source constructor, in order. */
  ctorPositional: string[];
  /** How many leading positional arguments FastMCP 4 takes the same way (name[, instructions]). */
  ctorPositionalKept: number;
  ctorArgs: Record<string, CtorArgRule>;
  /** Keyword arguments of run()/run_*_async()/sse_app()/streamable_http_app() read as settings. */
  callSettings: Set<Setting>;
  /** Positional parameters of run() after `transport`, and of sse_app(). */
  runPositional: string[];
  sseAppPositional: string[];
  context: Record<string, ContextRule>;
  decoratorPositional: { tool: string[]; prompt: string[] };
  /** Rename camelCase attribute reads of protocol types to SDK v2's snake_case. */
  camelCaseReads: boolean;
  /** Add `mask_error_details=True` (the source hid unexpected exception text from clients). */
  maskErrors: boolean;
  /** Reported (FMM106, info) where a prompt builds a `PromptMessage`, when the source sent those differently. */
  promptMessageNote?: string;
  /** Per-server behaviour note (FMM109). */
  behaviour: { message: string; suggestion: string };
}

// ---------------------------------------------------------------------------------------------
// Where each transport setting goes, per kind of start-up call

export type TargetKind = 'stdio' | 'sse-run' | 'http-run' | 'dynamic-run' | 'sse-app' | 'http-app';
export type Dest = { to: string } | 'drop' | { review: string };

const RUN_ONLY = 'run() does not take it: build the app with `mcp.http_app(...)` (which does) and serve it with uvicorn, or leave it out';

export function destination(kind: TargetKind, setting: Setting): Dest {
  const review = (why: string): Dest => ({ review: why });
  const common: Partial<Record<Setting, Dest>> = {
    mount_path: review('FastMCP 4 has no `mount_path`: mount the app from `mcp.http_app(transport="sse")` under that prefix instead'),
    message_path: review('FastMCP 4 takes the SSE message path from the FASTMCP_MESSAGE_PATH environment variable only'),
    max_request_body_size: review('FastMCP 4 has no request body limit setting: enforce it in an ASGI middleware or your proxy'),
    transport_security: review('FastMCP 4 spells this `host_origin_protection=`, `allowed_hosts=` and `allowed_origins=` on run()/http_app()'),
    max_sessions: review('FastMCP 4 has no session cap setting'),
  };
  switch (kind) {
    case 'stdio':
      return setting === 'log_level' ? { to: 'log_level' } : 'drop';
    case 'dynamic-run':
      if (setting === 'log_level') return { to: 'log_level' };
      return review('the transport is chosen at run time and FastMCP 4 rejects HTTP settings on stdio: pass it to run() on the HTTP branch only');
    case 'sse-run': {
      const map: Partial<Record<Setting, Dest>> = { host: { to: 'host' }, port: { to: 'port' }, log_level: { to: 'log_level' }, sse_path: { to: 'path' } };
      return map[setting] ?? (['mount_path', 'message_path', 'max_request_body_size', 'transport_security'].includes(setting) ? common[setting]! : 'drop');
    }
    case 'http-run': {
      const map: Partial<Record<Setting, Dest>> = {
        host: { to: 'host' },
        port: { to: 'port' },
        log_level: { to: 'log_level' },
        streamable_http_path: { to: 'path' },
        json_response: { to: 'json_response' },
        stateless_http: { to: 'stateless_http' },
        event_store: review(RUN_ONLY),
        retry_interval: review(RUN_ONLY),
        session_idle_timeout: review(RUN_ONLY),
      };
      return map[setting] ?? (['max_sessions', 'max_request_body_size', 'transport_security'].includes(setting) ? common[setting]! : 'drop');
    }
    case 'sse-app': {
      if (setting === 'sse_path') return { to: 'path' };
      if (setting === 'host') return review('in FastMCP 4 the host belongs to `mcp.run(host=...)` or to the server that serves this app');
      return ['mount_path', 'message_path', 'max_request_body_size', 'transport_security'].includes(setting) ? common[setting]! : 'drop';
    }
    case 'http-app': {
      const map: Partial<Record<Setting, Dest>> = {
        streamable_http_path: { to: 'path' },
        json_response: { to: 'json_response' },
        stateless_http: { to: 'stateless_http' },
        event_store: { to: 'event_store' },
        retry_interval: { to: 'retry_interval' },
        session_idle_timeout: { to: 'session_idle_timeout' },
      };
      if (setting === 'host') return review('in FastMCP 4 the host belongs to `mcp.run(host=...)` or to the server that serves this app');
      return map[setting] ?? (['max_sessions', 'max_request_body_size', 'transport_security'].includes(setting) ? common[setting]! : 'drop');
    }
  }
}
