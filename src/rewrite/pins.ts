// Dependency pins for in-place rewrites: swap one requirement for another in pyproject.toml
// (PEP 621 arrays, dependency groups, uv, simple Poetry entries) and requirements*.txt, editing
// only the requirement itself ("pins only; no other edits to those files").
import type { ChangeRecord, OutputFile, ProjectFile } from '../core/types.js';
import { dependenciesOf, isDependencyManifest, normalizePackageName, type DeclaredDependency } from '../discover/versions.js';

/** The FastMCP 4 release the fixtures are verified against. */
export const FASTMCP4_VERSION = '4.2.3';

export interface PinSwap {
  /** Package whose requirement is replaced (normalised name, e.g. `mcp`). */
  from: string;
  /** Package that replaces it, pinned to `version`. */
  to: string;
  version: string;
}

function swapLine(line: string, dep: DeclaredDependency, swap: PinSwap): string | undefined {
  if (dep.section === 'requirements') {
    // `mcp[cli]>=1.9 ; marker  # comment` → `fastmcp==4.2.3 ; marker  # comment`
    const at = line.indexOf(dep.text);
    if (at < 0) return undefined;
    const marker = dep.marker ? `; ${dep.marker}` : '';
    return line.slice(0, at) + `${swap.to}==${swap.version}${marker}` + line.slice(at + dep.text.length);
  }
  if (dep.section.startsWith('tool.poetry')) {
    // Only the simple string form: `mcp = "^1.9"` → `fastmcp = "4.2.3"`.
    const m = new RegExp(`^(\\s*)${dep.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s*=\\s*)(["'])[^"']*\\3`).exec(line);
    if (!m) return undefined;
    return `${m[1]}${swap.to}${m[2]}${m[3]}${swap.version}${m[3]}` + line.slice(m[0].length);
  }
  // PEP 508 string in a TOML array: replace the string's content.
  for (const q of ['"', "'"]) {
    const quoted = `${q}${dep.text}${q}`;
    const at = line.indexOf(quoted);
    if (at < 0) continue;
    const marker = dep.marker ? `; ${dep.marker}` : '';
    return line.slice(0, at) + `${q}${swap.to}==${swap.version}${marker}${q}` + line.slice(at + quoted.length);
  }
  return undefined;
}

/**
 * Replaces every requirement on `swap.from` with `swap.to==version` in the project's dependency
 * manifests. A manifest that already declares `swap.to` is left alone (two requirements on the
 * same package are for a human to merge; `plan` lists what no transform changed).
 */
export function swapPins(files: ProjectFile[], swap: PinSwap, transform: string, rule: string): { files: OutputFile[]; changes: ChangeRecord[] } {
  const out: OutputFile[] = [];
  const changes: ChangeRecord[] = [];
  for (const file of files) {
    if (!isDependencyManifest(file.path)) continue;
    const deps = dependenciesOf(file);
    if (deps.some((d) => d.package === normalizePackageName(swap.to))) continue;
    const targets = deps.filter((d) => d.package === normalizePackageName(swap.from) && !d.url);
    if (!targets.length) continue;
    const lines = file.text.split('\n');
    for (const dep of targets) {
      const i = dep.line - 1;
      const swapped = swapLine(lines[i] ?? '', dep, swap);
      if (swapped === undefined || swapped === lines[i]) continue;
      lines[i] = swapped;
      changes.push({ transform, rule, file: file.path, line: dep.line, automatic: true, message: `\`${dep.text}\` → \`${swap.to}==${swap.version}\` (${swap.to} brings ${swap.from} with it)` });
    }
    const text = lines.join('\n');
    if (text !== file.text) out.push({ path: file.path, text, before: file.text });
  }
  return { files: out, changes };
}
