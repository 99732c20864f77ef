// After a hop moved the `fastmcp` pin (fastmcp 3 → 4), add the packages the code imports that the
// old release brought with it and the new one does not (httpx: FastMCP 4 moved to httpx2), next
// to the moved pin, the way the mcp → fastmcp swap does (src/rewrite/pins.ts swapPins).
import type { ChangeRecord, OutputFile, ProjectFile } from '../core/types.js';
import { dependenciesOf, normalizePackageName } from '../discover/versions.js';
import { addLostDependencies, importedModules } from './dependencies.js';
import type { LostDependency } from './dependency-data.js';

export interface HopLostOptions {
  /** The package whose pin moved (`fastmcp`). */
  package: string;
  lost: LostDependency[];
  oldStack: string;
  newStack: string;
  transform: string;
  rule: string;
}

/**
 * `pinned` are the manifests rewritePins changed (with `before`), `changes` its ChangeRecords;
 * returns the manifests with the lost packages added and the ChangeRecords for them.
 */
export function addLostOnHop(project: ProjectFile[], pinned: OutputFile[], changes: ChangeRecord[], options: HopLostOptions): { files: OutputFile[]; changes: ChangeRecord[] } {
  const pkg = normalizePackageName(options.package);
  if (pinned.length === 0) return { files: pinned, changes: [] };
  const imported = importedModules(project);
  const state = new Map(pinned.map((f) => [f.path, { text: f.text as string, offset: 0, before: dependenciesOf({ path: f.path, text: f.before ?? '' }) }]));
  const added: ChangeRecord[] = [];
  for (const c of [...changes].sort((a, b) => a.line - b.line)) {
    const st = state.get(c.file);
    if (!st) continue;
    const replaced = st.before.find((d) => d.line === c.line && d.package === pkg);
    const pin = dependenciesOf({ path: c.file, text: st.text }).find((d) => d.package === pkg && d.line === c.line + st.offset);
    if (!replaced || !pin) continue;
    const r = addLostDependencies({ path: c.file, text: st.text }, replaced, pin, { imported, ...options });
    st.text = r.text;
    st.offset += r.added;
    added.push(...r.changes);
  }
  return { files: pinned.map((f) => ({ ...f, text: state.get(f.path)!.text })), changes: added };
}
