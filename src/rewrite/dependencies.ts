// What the pin swap to fastmcp 4 does to the rest of a project's dependencies:
// - packages the code imports but only had through `mcp` 1.x (httpx, ...) are added next to the
//   new fastmcp pin, with the bound mcp 1.x required (addLostDependencies);
// - pins that no version of what FastMCP 4 needs can satisfy (`pydantic<2.12`, `starlette==0.x`):
//   pinConflicts reports them; src/rewrite/pin-conflicts.ts rewrites them (what run does).
// The facts come from src/rewrite/dependency-data.ts; the specifier check from pep440.ts.
import type { ChangeRecord, ProjectFile } from '../core/types.js';
import { dependenciesOf, isDependencyManifest, type DeclaredDependency } from '../discover/versions.js';
import { importedNames, walk } from '../extract/python/project.js';
import type { ReviewItem } from '../model/index.js';
import { parsePython } from '../parse/python.js';
import { readToml } from '../discover/toml.js';
import { FASTMCP4_REQUIRES, FASTMCP4_REQUIRES_PYTHON, type LostDependency } from './dependency-data.js';
import { compatible } from './pep440.js';

export const DEPENDENCY_CODES = {
  /** A project pin no version of what FastMCP 4 needs can satisfy. */
  pinConflict: 'FMM260',
  /** The project's Python range admits versions FastMCP 4 does not support. */
  pythonRange: 'FMM261',
} as const;

/** Top-level modules imported (absolute imports, any nesting level) by the project's Python files. */
export function importedModules(files: ProjectFile[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    if (!f.path.endsWith('.py')) continue;
    if (!/^\s*(import|from)\s/m.test(f.text)) continue;
    const tree = parsePython(f.text);
    for (const node of walk(tree.rootNode)) {
      if (node.type !== 'import_statement' && node.type !== 'import_from_statement') continue;
      for (const imp of importedNames(node)) {
        if (imp.level === 0 && imp.module) out.add(imp.module.split('.')[0]!);
      }
    }
  }
  return out;
}

function lineEnding(line: string): string {
  return line.endsWith('\r') ? '\r' : '';
}

/**
 * The new requirement lines for `reqs`, written next to the requirement on `anchor` (0-based
 * index into `lines`) in the style of that line; returns the edited lines, or undefined when the
 * line's form is not one this writes into.
 */
function insertNextTo(lines: string[], anchor: number, dep: DeclaredDependency, reqs: string[]): string[] | undefined {
  const line = lines[anchor]!;
  const eol = lineEnding(line);
  const body = eol ? line.slice(0, -1) : line;
  const indent = /^\s*/.exec(body)![0];
  if (dep.section === 'requirements') {
    return [...lines.slice(0, anchor + 1), ...reqs.map((r) => `${indent}${r}${eol}`), ...lines.slice(anchor + 1)];
  }
  if (dep.section.startsWith('tool.poetry')) {
    const added = reqs.map((r) => {
      const m = /^([A-Za-z0-9._-]+)(.*)$/.exec(r)!;
      const [spec, marker] = m[2]!.split(';').map((s) => s.trim());
      return marker ? `${indent}${m[1]} = { version = "${spec}", markers = "${marker.replace(/"/g, "'")}" }${eol}` : `${indent}${m[1]} = "${spec}"${eol}`;
    });
    return [...lines.slice(0, anchor + 1), ...added, ...lines.slice(anchor + 1)];
  }
  // A PEP 508 string in a TOML array.
  for (const q of ['"', "'"]) {
    const quoted = `${q}${dep.text}${q}`;
    const at = body.indexOf(quoted);
    if (at < 0) continue;
    const end = at + quoted.length;
    const rest = body.slice(end);
    const own = body.slice(0, at).trim() === '' && /^\s*,?\s*(#.*)?$/.test(rest);
    const quote = (r: string) => `${q}${r.replace(new RegExp(q, 'g'), q === '"' ? "'" : '"')}${q}`;
    if (own) {
      // One requirement per line: new lines below it, each with a trailing comma.
      const withComma = /^\s*,/.test(rest) ? body : body.slice(0, end) + ',' + rest;
      return [...lines.slice(0, anchor), withComma + eol, ...reqs.map((r) => `${indent}${quote(r)},${eol}`), ...lines.slice(anchor + 1)];
    }
    // Several on one line (`dependencies = ["fastmcp==4.2.3", "x"]`): right after it.
    const added = reqs.map((r) => `, ${quote(r)}`).join('');
    return [...lines.slice(0, anchor), body.slice(0, end) + added + rest + eol, ...lines.slice(anchor + 1)];
  }
  return undefined;
}

export interface LostDependencyContext {
  /** Modules the project imports (importedModules). */
  imported: Set<string>;
  /** Packages that left with the replaced requirement. */
  lost: LostDependency[];
  /** Who replaced it, for the messages: `mcp 1.x`. */
  oldStack: string;
  newStack: string;
  transform: string;
  rule: string;
}

/**
 * In one manifest whose requirement on line `line` (1-based, as the file was before this hop) was
 * replaced by the new pin — `replaced` is the old requirement, `pin` the new one in `text` at line
 * `atLine` — adds the lost packages the code imports and the manifest does not declare, next to
 * the new pin, with a ChangeRecord each.
 */
export function addLostDependencies(
  file: { path: string; text: string },
  replaced: DeclaredDependency,
  pin: DeclaredDependency,
  ctx: LostDependencyContext,
): { text: string; changes: ChangeRecord[]; added: number } {
  const declared = new Set(dependenciesOf(file).map((d) => d.package));
  const missing = ctx.lost.filter(
    (l) => (!l.extra || replaced.extras.includes(l.extra)) && !declared.has(l.package) && l.modules.some((m) => ctx.imported.has(m)),
  );
  if (missing.length === 0) return { text: file.text, changes: [], added: 0 };
  const reqs = missing.map((l) => `${l.package}${l.specifier}${replaced.marker ? `; ${replaced.marker}` : ''}`);
  const lines = file.text.split('\n');
  const edited = insertNextTo(lines, pin.line - 1, pin, reqs);
  if (!edited) return { text: file.text, changes: [], added: 0 };
  const changes = missing.map((l, i) => {
    const used = l.modules.filter((m) => ctx.imported.has(m)).join(', ');
    return {
      transform: ctx.transform,
      rule: ctx.rule,
      file: file.path,
      line: replaced.line,
      automatic: true,
      message:
        `added \`${reqs[i]}\`: the code imports ${used}, which ${ctx.oldStack} brought with it and ${ctx.newStack} does not` +
        (l.extra ? ` (from the \`${replaced.name}[${l.extra}]\` extra)` : ''),
    };
  });
  return { text: edited.join('\n'), changes, added: edited.length - lines.length };
}

/**
 * Requirements in the project's manifests that no version of what the FastMCP 4 stack needs can
 * satisfy: one error each, at file:line, with the remedy. Nothing is rewritten.
 */
export function pinConflicts(files: ProjectFile[], target = 'fastmcp 4.2.3'): ReviewItem[] {
  const out: ReviewItem[] = [];
  for (const file of files) {
    if (!isDependencyManifest(file.path)) continue;
    const lines = file.text.split('\n');
    for (const dep of dependenciesOf(file)) {
      const need = FASTMCP4_REQUIRES[dep.package];
      if (!need || dep.url || dep.specifier === '') continue;
      const each = need.requires.filter((r) => compatible(dep.specifier, r.specifier) === false);
      const all = compatible(dep.specifier, ...need.requires.map((r) => r.specifier));
      if (all !== false) continue;
      const shown = (each.length ? each : need.requires).map((r) => `${r.by} requires ${dep.package}${r.specifier}`).join('; ');
      out.push({
        code: DEPENDENCY_CODES.pinConflict,
        severity: 'error',
        file: file.path,
        line: dep.line,
        column: 1,
        message: `\`${dep.text}\` conflicts with ${target}: ${shown}; no version satisfies both, so the migrated project will not install`,
        snippet: (lines[dep.line - 1] ?? '').trim(),
        suggestion: `Widen or drop this pin so it admits ${dep.package} ${need.resolved} (the version ${target} is tested with), then re-lock. It was left as written.`,
      });
    }
  }
  return out;
}

/** `requires-python` (PEP 621) and Poetry's `python = "..."` in a pyproject.toml, with their lines. */
function pythonRanges(file: ProjectFile): { specifier: string; line: number; text: string }[] {
  const out: { specifier: string; line: number; text: string }[] = [];
  for (const table of readToml(file.text)) {
    if (table.arrayElement) continue;
    const where = table.path.join('.');
    for (const entry of table.entries) {
      const key = [...table.path, ...entry.key].join('.');
      if (entry.value.kind !== 'string') continue;
      if (key === 'project.requires-python') out.push({ specifier: entry.value.value, line: entry.line, text: `requires-python = "${entry.value.value}"` });
      else if (key === 'tool.poetry.dependencies.python' || (where === 'tool.poetry.dependencies' && entry.key.join('.') === 'python')) {
        out.push({ specifier: entry.value.value, line: entry.line, text: `python = "${entry.value.value}"` });
      }
    }
  }
  return out;
}

/**
 * A project Python range that admits versions the FastMCP 4 stack does not support
 * (`requires-python = ">=3.10"`: fastmcp 4.2.3 needs 3.11): lockers that resolve for the whole
 * range (uv, Poetry, PDM) fail, and pip cannot install it on those versions. A warning at
 * file:line each; nothing is rewritten.
 */
export function pythonRangeItems(files: ProjectFile[], target = 'fastmcp 4.2.3'): ReviewItem[] {
  const out: ReviewItem[] = [];
  for (const file of files) {
    if (!file.path.endsWith('pyproject.toml')) continue;
    const lines = file.text.split('\n');
    for (const range of pythonRanges(file)) {
      const need = FASTMCP4_REQUIRES_PYTHON.filter((r) => compatible(range.specifier, `<${r.specifier.replace(/^>=/, '')}`) === true);
      if (need.length === 0 || !FASTMCP4_REQUIRES_PYTHON.every((r) => r.specifier.startsWith('>='))) continue;
      const floor = need[0]!.specifier;
      out.push({
        code: DEPENDENCY_CODES.pythonRange,
        severity: 'warning',
        file: file.path,
        line: range.line,
        column: 1,
        message: `\`${range.text}\` admits Python versions ${target} does not support (${need.map((r) => `${r.by} requires Python${r.specifier}`).join('; ')}): uv/Poetry/PDM cannot lock the project and pip cannot install it there`,
        snippet: (lines[range.line - 1] ?? '').trim(),
        suggestion: `Raise the lower bound to ${floor.replace(/^>=/, '')} (e.g. \`requires-python = "${floor}"\`). It was left as written.`,
      });
    }
  }
  return out;
}
