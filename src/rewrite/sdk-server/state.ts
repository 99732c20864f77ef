// The state one run of the SDK high-level server rewrite keeps per server and per module, the
// callbacks every step records through, and small tree helpers the steps share.
import type { PyModule } from '../../extract/python/project.js';
import type { Severity } from '../../model/index.js';
import type { SyntaxNode } from '../../parse/python.js';
import * as api from '../python-api.js';
import type { NameRole, SdkRules, Setting } from './rules.js';

/** What every step records through: ChangeRecords and review items of this run. */
export interface Run {
  rules: SdkRules;
  record(file: string, node: SyntaxNode, rule: string, automatic: boolean, message: string): void;
  flag(file: string, node: SyntaxNode, rule: string, code: string, severity: Severity, message: string, suggestion: string): void;
}

// ---------------------------------------------------------------------------------------------
// Analysis state

export interface SettingValue {
  name: Setting;
  arg: api.ArgInfo;
  text: string;
  /** A literal: safe to copy into another scope or module. */
  literal: boolean;
}

export interface ServerInfo {
  mod: PyModule;
  call: SyntaxNode;
  variable?: string;
  /** Function holding the constructor call (undefined at module level). */
  scope?: SyntaxNode;
  settings: SettingValue[];
  targets: number;
  /** What happened to each constructor setting at the start-up calls: moved / dropped / reported. */
  outcome: Map<string, Set<'moved' | 'dropped' | 'reported'>>;
}

export interface ModuleState {
  mod: PyModule;
  edits: api.EditSet;
  imports: string[];
  /** Locals bound to source names, by role. */
  roles: Map<string, NameRole>;
  /** Locals whose binding was renamed by the import rewrite: old → new. */
  renamed: Map<string, string>;
  /** Local name of FastMCP 4's prompt Message, once bound or planned. */
  messageLocal?: string;
  touched: boolean;
}

const LITERAL_TYPES = new Set(['integer', 'float', 'true', 'false', 'none', 'string', 'concatenated_string']);

export function isLiteral(node: SyntaxNode): boolean {
  if (node.type === 'string') return !node.namedChildren.some((c) => c.type === 'interpolation');
  if (node.type === 'unary_operator') return node.namedChildren.every(isLiteral);
  if (node.type === 'list' || node.type === 'tuple') return node.namedChildren.every(isLiteral);
  return LITERAL_TYPES.has(node.type);
}

export const CAMEL_TO_SNAKE: Record<string, string> = Object.fromEntries(
  [
    'cacheScope', 'clientInfo', 'costPriority', 'createMessage', 'createdAt', 'destructiveHint', 'elicitationId', 'hasMore', 'idempotentHint',
    'includeContext', 'inputSchema', 'intelligencePriority', 'isError', 'lastModified', 'listChanged', 'maxTokens', 'mimeType',
    'modelPreferences', 'nextCursor', 'openWorldHint', 'outputSchema', 'progressToken', 'promptsListChanged', 'protocolVersion',
    'readOnlyHint', 'requestId', 'requestedSchema', 'resourceTemplates', 'serverInfo', 'speedPriority', 'statusMessage', 'stopReason',
    'stopSequences', 'structuredContent', 'systemPrompt', 'toolsListChanged', 'uriTemplate', 'websiteUrl',
  ].map((c) => [c, c.replace(/[A-Z]/g, (m) => '_' + m.toLowerCase())]),
);

/** Return annotations whose values FastMCP 1.0 and FastMCP 4 turn into the same content blocks. */
export function isPlainResult(annotation: SyntaxNode | null | undefined, kind: 'tool' | 'resource'): boolean {
  if (!annotation) return true;
  const text = annotation.text.replace(/\s+/g, '');
  const parts = text.replace(/^Optional\[(.*)\]$/, '$1|None').split('|');
  const scalar = kind === 'tool' ? /^(str|int|float|bool|None|bytes)$/ : /^(str|bytes|None)$/;
  return parts.every((p) => scalar.test(p) || /(Image|Audio|File|Content|ContentBlock|EmbeddedResource|ResourceLink)\b/.test(p));
}

/** Locals naming `mcp.types` (or `mcp_types`) modules, and names imported from them (local → imported). */
export function mcpTypesLocals(root: SyntaxNode): { modules: Set<string>; names: Map<string, string> } {
  const modules = new Set<string>();
  const names = new Map<string, string>();
  for (const site of api.findImports(root, (m) => m === 'mcp.types' || m === 'mcp_types' || m === 'mcp')) {
    for (const n of site.names) {
      if (site.kind === 'import') {
        if (n.alias && (n.name === 'mcp.types' || n.name === 'mcp_types')) modules.add(n.alias);
        else if (n.name === 'mcp_types') modules.add('mcp_types');
      } else if (site.module === 'mcp') {
        if (n.name === 'types') modules.add(n.local);
      } else names.set(n.local, n.name);
    }
  }
  return { modules, names };
}

/** Names imported from `typing` (local names). */
export function typingImports(root: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const site of api.findImports(root, (m) => m === 'typing')) for (const n of site.names) if (site.kind === 'from' && n.name === n.local) out.add(n.local);
  return out;
}
