// Known FastMCP 4 behaviour changes. A client can see each of these, so verify never normalises
// them away silently: it takes them out of the differences and lists them apart, each with its
// path, what it means for a client and what to do about it (docs/verify.md). `--strict` counts
// them as differences.
import { renderPath, type Segment } from './diff.js';
import { isPlainObject, preview } from './json.js';

type Obj = Record<string, unknown>;

export type BehaviourChangeKind =
  /** The migrated tool has a title the original did not send (derived from the name, or copied from annotations.title). */
  | 'derived-title'
  /** The migrated tool's input schema says `additionalProperties: false`: undeclared arguments are rejected. */
  | 'extra-arguments-rejected'
  /** An optional property is spelled `T | null` with `default: null` on one side only. */
  | 'optional-nullable'
  /** A tool error's text gained FastMCP's `Error calling tool '<name>': ` prefix. */
  | 'tool-error-prefix'
  /** The migrated output schema carries FastMCP's `x-fastmcp-wrap-result: true` marker (review item FMM126). */
  | 'output-wrap-marker'
  /** FastMCP 2's "Generic wrapper for non-object return types." output-schema description is gone (FMM124). */
  | 'output-wrap-description';

/** The description FastMCP 2 put on the object wrapping a non-object result. */
export const FASTMCP2_WRAP_DESCRIPTION = 'Generic wrapper for non-object return types.';

export interface BehaviourChange {
  kind: BehaviourChangeKind;
  /** Same path syntax as a Difference, e.g. `tools.git_add.title`. */
  path: string;
  original?: unknown;
  migrated?: unknown;
  /** `tools.git_add.title: (absent) → "Git Add" — FastMCP 4 derives a title; clients may show it`. */
  message: string;
  /** One line: what a client sees differently. */
  meaning: string;
  /** One line: what to do about it. */
  remedy: string;
}

/**
 * FastMCP 4's title for a tool registered without one (fastmcp/tools/base.py `_default_title`):
 * `name.replace("_", " ").replace("-", " ").title()`. Python's str.title() upper-cases a cased
 * character that follows an uncased one and lower-cases every other cased character.
 */
export function defaultToolTitle(name: string): string {
  const spaced = name.replace(/[_-]/g, ' ');
  let out = '';
  let prevCased = false;
  for (const ch of spaced) {
    const cased = ch.toLowerCase() !== ch.toUpperCase();
    out += cased ? (prevCased ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    prevCased = cased;
  }
  return out;
}

function change(kind: BehaviourChangeKind, segments: Segment[], original: unknown, migrated: unknown, meaning: string, remedy: string): BehaviourChange {
  const path = renderPath(segments);
  const out: BehaviourChange = { kind, path, message: `${path}: ${preview(original, 120)} → ${preview(migrated, 120)} — ${meaning}`, meaning, remedy };
  if (original !== undefined) out.original = original;
  if (migrated !== undefined) out.migrated = migrated;
  return out;
}

export const BEHAVIOUR_TEXT: Record<BehaviourChangeKind, { meaning: string; remedy: string }> = {
  'derived-title': {
    meaning: 'FastMCP 4 derives a title; clients may show it instead of the name',
    remedy: 'Pass title= to the tool decorator if another display name is wanted (FastMCP 4 has no option to send none).',
  },
  'extra-arguments-rejected': {
    meaning: 'FastMCP 4 adds additionalProperties: false: calls with undeclared arguments are now rejected',
    remedy: 'Make sure clients send only the declared parameters, or declare the extra ones (FastMCP 4 has no option to accept undeclared arguments).',
  },
  'optional-nullable': {
    meaning: 'the optional parameter is spelled `T | null` with default null on one side only: an explicit null is accepted on that side only',
    remedy: 'Nothing to do unless a client sends null for this parameter; otherwise give the parameter a non-None default.',
  },
  'output-wrap-marker': {
    meaning: 'FastMCP 4 marks a wrapped result schema with x-fastmcp-wrap-result: true; the schema accepts the same results ({"result": ...}), only clients that read the extension keyword see it',
    remedy: 'Nothing to do; the migration reported it as FMM126.',
  },
  'output-wrap-description': {
    meaning: "FastMCP 4 no longer describes the object wrapping a non-object result; the schema accepts the same results",
    remedy: 'Nothing to do unless a client shows output-schema descriptions; the migration reported it as FMM124.',
  },
  'tool-error-prefix': {
    meaning: "FastMCP 4 prefixes a tool's error text with \"Error calling tool '<name>': \"",
    remedy: 'Raise fastmcp.exceptions.ToolError(message) in the tool to send the message alone.',
  },
};

/**
 * Takes the known behaviour changes out of one normalised tool pair (mutates `migrated`, and
 * `original` for the root `additionalProperties`), so the diff that follows sees only the rest.
 * `nullableO` / `nullableM`: schema paths (relative to the tool) where the optional-nullable
 * spelling was reduced on each side.
 */
export function takeToolBehaviourChanges(
  name: string,
  original: Obj,
  migrated: Obj,
  nullableO: string[],
  nullableM: string[],
  out: BehaviourChange[],
): void {
  const base: Segment[] = ['tools', name];
  // Title: FastMCP 4 sends self.title, else annotations.title, else the derived one.
  if (original.title === undefined && typeof migrated.title === 'string') {
    const annotationTitle = isPlainObject(original.annotations) ? original.annotations.title : undefined;
    const derived = typeof annotationTitle === 'string' ? annotationTitle : defaultToolTitle(name);
    if (migrated.title === derived) {
      const t = BEHAVIOUR_TEXT['derived-title'];
      const meaning = typeof annotationTitle === 'string' ? 'FastMCP 4 copies annotations.title to title; clients show the same text' : t.meaning;
      out.push(change('derived-title', [...base, 'title'], undefined, migrated.title, meaning, t.remedy));
      delete migrated.title;
    }
  }
  // Root additionalProperties: false on the migrated input schema only.
  const so = original.inputSchema;
  const sm = migrated.inputSchema;
  if (isPlainObject(sm) && sm.additionalProperties === false && !(isPlainObject(so) && so.additionalProperties === false)) {
    const was = isPlainObject(so) ? so.additionalProperties : undefined;
    if (was === undefined || was === true) {
      const t = BEHAVIOUR_TEXT['extra-arguments-rejected'];
      out.push(change('extra-arguments-rejected', [...base, 'inputSchema', 'additionalProperties'], was, false, t.meaning, t.remedy));
      delete sm.additionalProperties;
      if (isPlainObject(so)) delete so.additionalProperties;
    }
  }
  // Output schema: FastMCP 4's wrap marker added, FastMCP 2's wrapper description gone.
  const oo = original.outputSchema;
  const om = migrated.outputSchema;
  if (isPlainObject(om) && om['x-fastmcp-wrap-result'] === true && !(isPlainObject(oo) && 'x-fastmcp-wrap-result' in oo) && isPlainObject(oo)) {
    const w = BEHAVIOUR_TEXT['output-wrap-marker'];
    out.push(change('output-wrap-marker', [...base, 'outputSchema', 'x-fastmcp-wrap-result'], undefined, true, w.meaning, w.remedy));
    delete om['x-fastmcp-wrap-result'];
  }
  if (isPlainObject(oo) && oo.description === FASTMCP2_WRAP_DESCRIPTION && isPlainObject(om) && om.description === undefined) {
    const w = BEHAVIOUR_TEXT['output-wrap-description'];
    out.push(change('output-wrap-description', [...base, 'outputSchema', 'description'], oo.description, undefined, w.meaning, w.remedy));
    delete oo.description;
  }
  const setO = new Set(nullableO);
  const setM = new Set(nullableM);
  const t = BEHAVIOUR_TEXT['optional-nullable'];
  for (const p of nullableM) {
    if (!setO.has(p)) out.push({ ...change('optional-nullable', [...base], 'T', 'T | null', t.meaning, t.remedy), path: `${renderPath(base)}.${p}`, message: `${renderPath(base)}.${p}: T → T | null (default null) — the migrated server also accepts an explicit null` });
  }
  for (const p of nullableO) {
    if (!setM.has(p)) out.push({ ...change('optional-nullable', [...base], 'T | null', 'T', t.meaning, t.remedy), path: `${renderPath(base)}.${p}`, message: `${renderPath(base)}.${p}: T | null (default null) → T — the migrated server rejects an explicit null the original accepted` });
  }
}

/**
 * When both sides report a tool error, FastMCP wraps the handler's message as
 * `Error calling tool '<name>': <message>`; the v1 low-level server sends `<message>` alone.
 * Mutates the migrated result so the wrapped text compares equal, and lists the change.
 */
export function takeToolErrorPrefix(toolName: string, callPath: Segment[], original: Obj, migrated: Obj, out: BehaviourChange[]): void {
  if (original.isError !== true || migrated.isError !== true) return;
  if (!Array.isArray(original.content) || !Array.isArray(migrated.content)) return;
  const prefix = `Error calling tool '${toolName}': `;
  const t = BEHAVIOUR_TEXT['tool-error-prefix'];
  migrated.content = migrated.content.map((block, i) => {
    const o = (original.content as unknown[])[i];
    if (!isPlainObject(block) || !isPlainObject(o) || block.type !== 'text' || o.type !== 'text') return block;
    if (typeof block.text === 'string' && block.text === prefix + String(o.text)) {
      out.push(change('tool-error-prefix', [...callPath, 'content', i, 'text'], o.text, block.text, t.meaning, t.remedy));
      return { ...block, text: o.text };
    }
    return block;
  });
}
