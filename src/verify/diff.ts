// Structural comparison of normalised values, producing one Difference per leaf that differs, each
// with a stable path (used by expectDifferences) and a sentence a person can act on.
import { isPlainObject, jsonEqual, preview } from './json.js';

export interface Difference {
  /** Where, e.g. `tools.add.inputSchema.properties.a.type`, `resources["file:///x"]`, `calls.tools[0].content[0].text`. */
  path: string;
  kind: 'missing' | 'extra' | 'changed';
  original?: unknown;
  migrated?: unknown;
  message: string;
}

export type Segment = string | number;

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function renderPath(segments: Segment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENT.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** A difference at `rel` inside a subject (a tool, a resource, a call…) described by `subject`. */
export interface Subject {
  /** e.g. `tool "add"` */
  label: string;
  /** Path of the subject itself, e.g. ['tools', 'add']. */
  base: Segment[];
  /** Whether `required` arrays below this subject are JSON-Schema `required` lists. */
  schemaKeys?: boolean;
}

export function diffValues(original: unknown, migrated: unknown, subject: Subject, rel: Segment[], out: Difference[]): void {
  if (jsonEqual(original, migrated)) return;
  const path = renderPath([...subject.base, ...rel]);
  if (isSchemaRequired(subject, rel) && (original === undefined || migrated === undefined)) {
    // An absent `required` is the empty set (normalisation drops `required: []`).
    const o = original ?? [];
    const m = migrated ?? [];
    if (Array.isArray(o) && Array.isArray(m) && [...o, ...m].every((x) => typeof x === 'string')) {
      diffRequired(o as string[], m as string[], subject, rel, out);
      return;
    }
  }
  if (original === undefined) {
    out.push({ path, kind: 'extra', migrated, message: extraMessage(subject, rel, migrated) });
    return;
  }
  if (migrated === undefined) {
    out.push({ path, kind: 'missing', original, message: missingMessage(subject, rel, original) });
    return;
  }
  if (isPlainObject(original) && isPlainObject(migrated)) {
    const keys = [...Object.keys(original), ...Object.keys(migrated).filter((k) => !(k in original))];
    for (const k of keys) diffValues(original[k], migrated[k], subject, [...rel, k], out);
    return;
  }
  if (Array.isArray(original) && Array.isArray(migrated)) {
    if (isSchemaRequired(subject, rel) && original.every((x) => typeof x === 'string') && migrated.every((x) => typeof x === 'string')) {
      diffRequired(original as string[], migrated as string[], subject, rel, out);
      return;
    }
    const n = Math.max(original.length, migrated.length);
    for (let i = 0; i < n; i++) diffValues(original[i], migrated[i], subject, [...rel, i], out);
    return;
  }
  out.push({
    path,
    kind: 'changed',
    original,
    migrated,
    message: `${where(subject, rel)} differs: original ${preview(original, 300)}, migrated ${preview(migrated, 300)}`,
  });
}

function isSchemaRequired(subject: Subject, rel: Segment[]): boolean {
  return !!subject.schemaKeys && rel[rel.length - 1] === 'required' && (rel[0] === 'inputSchema' || rel[0] === 'outputSchema');
}

/** `required` is a set: report each name that is required on one side only. */
function diffRequired(original: string[], migrated: string[], subject: Subject, rel: Segment[], out: Difference[]): void {
  const o = new Set(original);
  const m = new Set(migrated);
  const noun = rel.length === 2 && rel[0] === 'inputSchema' ? 'parameter' : 'property';
  const at = rel.length === 2 ? '' : ` (at ${renderPath(rel.slice(0, -1))})`;
  for (const name of o) {
    if (m.has(name)) continue;
    out.push({
      path: renderPath([...subject.base, ...rel, name]),
      kind: 'missing',
      original: name,
      message: `${subject.label}: ${noun} "${name}"${at} is required in the original but optional in the migrated server`,
    });
  }
  for (const name of m) {
    if (o.has(name)) continue;
    out.push({
      path: renderPath([...subject.base, ...rel, name]),
      kind: 'extra',
      migrated: name,
      message: `${subject.label}: ${noun} "${name}"${at} is optional in the original but required in the migrated server`,
    });
  }
}

function where(subject: Subject, rel: Segment[]): string {
  return rel.length === 0 ? subject.label : `${subject.label}: ${renderPath(rel)}`;
}

function namedChild(rel: Segment[]): { noun: string; name: string } | undefined {
  const last = rel[rel.length - 1];
  if (typeof last !== 'string') return undefined;
  if (rel.length === 3 && rel[0] === 'inputSchema' && rel[1] === 'properties') return { noun: 'parameter', name: last };
  if (rel.length === 2 && rel[0] === 'arguments') return { noun: 'argument', name: last };
  return undefined;
}

function missingMessage(subject: Subject, rel: Segment[], original: unknown): string {
  const child = namedChild(rel);
  if (rel.length === 0) return `${subject.label} is missing from the migrated server`;
  if (child) return `${subject.label}: ${child.noun} "${child.name}" is missing from the migrated server (original: ${preview(original)})`;
  return `${where(subject, rel)} is ${preview(original, 300)} in the original but absent in the migrated server`;
}

function extraMessage(subject: Subject, rel: Segment[], migrated: unknown): string {
  const child = namedChild(rel);
  if (rel.length === 0) return `the migrated server has an extra ${subject.label}`;
  if (child) return `${subject.label}: the migrated server has an extra ${child.noun} "${child.name}": ${preview(migrated)}`;
  return `${where(subject, rel)} is absent in the original but ${preview(migrated, 300)} in the migrated server`;
}

/**
 * Compares two keyed collections (tools by name, resources by URI…). A missing key and an extra
 * key whose definitions are otherwise identical are flagged as a probable rename.
 */
export function diffKeyed(
  original: Record<string, unknown>,
  migrated: Record<string, unknown>,
  collection: string,
  noun: string,
  out: Difference[],
  options: { schemaKeys?: boolean; comparable?: (item: unknown) => unknown } = {},
): void {
  const comparable = options.comparable ?? ((x: unknown) => x);
  const missing = Object.keys(original).filter((k) => !(k in migrated));
  const extra = Object.keys(migrated).filter((k) => !(k in original));
  const renamedTo = new Map<string, string>();
  for (const k of missing) {
    const match = extra.filter((e) => jsonEqual(comparable(original[k]), comparable(migrated[e])));
    if (match.length === 1) renamedTo.set(k, match[0]!);
  }
  const renamedFrom = new Map([...renamedTo].map(([a, b]) => [b, a]));
  for (const k of Object.keys(original)) {
    const subject: Subject = { label: `${noun} ${JSON.stringify(k)}`, base: [collection, k], schemaKeys: options.schemaKeys };
    if (k in migrated) {
      diffValues(original[k], migrated[k], subject, [], out);
    } else {
      const to = renamedTo.get(k);
      out.push({
        path: renderPath(subject.base),
        kind: 'missing',
        original: original[k],
        message:
          `${subject.label} is missing from the migrated server` +
          (to ? ` (the migrated server has ${noun} ${JSON.stringify(to)} with the same definition: renamed?)` : ''),
      });
    }
  }
  for (const k of extra) {
    const from = renamedFrom.get(k);
    out.push({
      path: renderPath([collection, k]),
      kind: 'extra',
      migrated: migrated[k],
      message:
        `the migrated server has an extra ${noun} ${JSON.stringify(k)}` +
        (from ? ` (same definition as the original's ${noun} ${JSON.stringify(from)}: renamed?)` : ''),
    });
  }
}
