// Dependency pin changes: what the transforms did to pyproject.toml / requirements*.txt, read back
// as requirements (`mcp>=1.9` → `fastmcp==4.2.3`) rather than as a text diff.
import { dependenciesOf, isDependencyManifest, type DeclaredDependency } from '../discover/versions.js';

export interface PinChange {
  file: string;
  /** Line of the first requirement removed (in the file before), else of the first one added (after). */
  line: number;
  /** Requirements as written before the change that are gone after it. */
  before: string[];
  /** Requirements as written after the change that were not there before. */
  after: string[];
}

function key(d: DeclaredDependency): string {
  return `${d.section}\u0000${d.text}`;
}

/**
 * The requirements an edit of one manifest removed and added (each section compared as a
 * multiset, so reordering is no change). Undefined when the file is not a dependency manifest
 * or its requirements did not change.
 */
export function pinChange(file: string, before: string | undefined, after: string | undefined): PinChange | undefined {
  if (!isDependencyManifest(file) || before === after) return undefined;
  const old = before === undefined ? [] : dependenciesOf({ path: file, text: before });
  const now = after === undefined ? [] : dependenciesOf({ path: file, text: after });
  const remaining = new Map<string, number>();
  for (const d of now) remaining.set(key(d), (remaining.get(key(d)) ?? 0) + 1);
  const removed: DeclaredDependency[] = [];
  for (const d of old) {
    const n = remaining.get(key(d)) ?? 0;
    if (n > 0) remaining.set(key(d), n - 1);
    else removed.push(d);
  }
  const kept = new Map<string, number>();
  for (const d of old) kept.set(key(d), (kept.get(key(d)) ?? 0) + 1);
  const added: DeclaredDependency[] = [];
  for (const d of now) {
    const n = kept.get(key(d)) ?? 0;
    if (n > 0) kept.set(key(d), n - 1);
    else added.push(d);
  }
  if (removed.length === 0 && added.length === 0) return undefined;
  return {
    file,
    line: removed[0]?.line ?? added[0]!.line,
    before: removed.map((d) => d.text),
    after: added.map((d) => d.text),
  };
}

/** Pin changes over a set of edited files, sorted by path. */
export function pinChanges(files: { path: string; before?: string; after?: string }[]): PinChange[] {
  return files
    .flatMap((f) => pinChange(f.path, f.before, f.after) ?? [])
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

/** `mcp>=1.9, mcp-types → fastmcp==4.2.3` (`(none)` for an empty side). */
export function formatPinChange(p: PinChange): string {
  const side = (list: string[]) => (list.length ? list.join(', ') : '(none)');
  return `${side(p.before)} → ${side(p.after)}`;
}
