// Behaviour changes a client sees on every server migrated to a FastMCP major, whatever the code
// says: FastMCP 4 sends a derived `title` for a tool without one, and FastMCP 3 and 4 close every
// tool's input schema (`additionalProperties: false`: undeclared arguments are rejected). No
// option of fastmcp 4.2.3 turns either off (Tool.to_mcp_tool always fills the title; the argument
// model pydantic builds from the function forbids extra keys and `**kwargs` tools are refused), so
// the migration reports them, one review item per server and kind, with the remedy. `verify`
// lists the same changes at run time (docs/verify.md, "Known FastMCP 4 behaviour changes").
import { defaultToolTitle } from '../verify/behaviour.js';
import { staticText, type ReviewItem, type ServerModel, type ToolModel } from '../model/index.js';

export const BEHAVIOUR_CODES = {
  /** FastMCP 4 sends a derived title for tools without one. */
  derivedTitle: 'FMM030',
  /** The input schema of every tool gets `additionalProperties: false`. */
  extraArgumentsRejected: 'FMM031',
  /** An exception raised in a tool reaches the client with another text (or another shape). */
  toolErrorText: 'FMM033',
} as const;

/** How each framework shows an exception raised inside a tool to the client. */
const TOOL_ERROR_TEXT: Record<string, string> = {
  'python-lowlevel-v1': 'an error result with the exception message alone',
  'python-lowlevel-v2': 'a JSON-RPC error',
  'python-sdk-fastmcp': "an error result `Error executing tool <name>: <message>`",
  'python-mcpserver': "an error result `Error executing tool <name>: <message>`",
  'fastmcp-py-2': "an error result `Error calling tool '<name>': <message>`",
  'fastmcp-py-3': "an error result `Error calling tool '<name>': <message>`",
  'fastmcp-py-4': "an error result `Error calling tool '<name>': <message>`",
};

/** What each framework (a Transform's `from` / `to`) does to every tool it lists. */
const FRAMEWORK_DEFAULTS: Record<string, { derivedTitle: boolean; closedInput: boolean }> = {
  'fastmcp-py-3': { derivedTitle: false, closedInput: true },
  'fastmcp-py-4': { derivedTitle: true, closedInput: true },
};

const NO_DEFAULTS = { derivedTitle: false, closedInput: false };

const LIST_MAX = 5;

function toolLabel(t: ToolModel): string {
  const name = staticText(t.name);
  return name !== undefined ? name : t.name.kind === 'expr' ? t.name.source : '?';
}

function listed(items: string[]): string {
  const shown = items.slice(0, LIST_MAX).join(', ');
  return items.length > LIST_MAX ? `${shown}, … (${items.length - LIST_MAX} more)` : shown;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * The behaviour changes a server migrated from framework `from` to framework `to` (Transform ids
 * such as `python-lowlevel`, `fastmcp-py-3`, `fastmcp-py-4`) shows every client: at most one
 * review item per kind. Empty when the target adds nothing the source did not already do.
 */
export function frameworkBehaviourItems(server: ServerModel, from: string, to: string): ReviewItem[] {
  const target = FRAMEWORK_DEFAULTS[to] ?? NO_DEFAULTS;
  const source = FRAMEWORK_DEFAULTS[from] ?? NO_DEFAULTS;
  const out: ReviewItem[] = [];
  const where = { file: server.origin.file, line: server.origin.line, column: 1, snippet: '' };
  if (target.derivedTitle && !source.derivedTitle) {
    // FastMCP sends the tool's title, else annotations.title (what clients showed anyway), else a derived one.
    const untitled = server.tools.filter((t) => t.title === undefined && t.annotations?.title === undefined);
    if (untitled.length) {
      const examples = untitled.map((t) => {
        const name = staticText(t.name);
        return name !== undefined ? `${name} → "${defaultToolTitle(name)}"` : `${toolLabel(t)} → (derived at run time)`;
      });
      out.push({
        ...where,
        code: BEHAVIOUR_CODES.derivedTitle,
        severity: 'info',
        message: `FastMCP 4 adds a derived title to ${plural(untitled.length, 'tool')} without a title: ${listed(examples)}; clients may show it instead of the name`,
        suggestion:
          'Nothing to do if the derived titles read well. Otherwise pass title="..." to the tool decorator (FastMCP 4 has no option to send no title); `verify` lists these as known behaviour changes.',
      });
    }
  }
  if (target.closedInput && !source.closedInput) {
    const open = server.tools.filter((t) => (t.input as { additionalProperties?: unknown } | undefined)?.additionalProperties !== false);
    if (open.length) {
      out.push({
        ...where,
        code: BEHAVIOUR_CODES.extraArgumentsRejected,
        // A note, like FMM030: nothing to do unless a client sends undeclared arguments.
        severity: 'info',
        message: `FastMCP adds additionalProperties: false to the input schema of ${plural(open.length, 'tool')} (${listed(open.map(toolLabel))}): a call with undeclared arguments is now rejected instead of ignored`,
        suggestion:
          'Make sure clients send only the declared parameters, or declare the extra ones as optional parameters (FastMCP has no option to accept undeclared arguments).',
      });
    }
  }
  const before = TOOL_ERROR_TEXT[from];
  const after = TOOL_ERROR_TEXT[to];
  if (before && after && before !== after && server.tools.length) {
    out.push({
      ...where,
      code: BEHAVIOUR_CODES.toolErrorText,
      severity: 'info',
      message: `An exception raised in one of the ${plural(server.tools.length, 'tool')} reached clients as ${before}; FastMCP 4 sends ${after}`,
      suggestion:
        'Nothing to do unless a client parses error texts. To send the message alone, raise fastmcp.exceptions.ToolError(message) in the tool (FastMCP passes its text through unchanged); `verify` lists these as known behaviour changes.',
    });
  }
  return out;
}
