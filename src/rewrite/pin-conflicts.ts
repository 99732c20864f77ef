// Pins that cannot coexist with what FastMCP 4 needs (`starlette<1.0`, `pydantic<2.12`,
// `mcp>=1.9,<2` next to `fastmcp`): the project would not install, so the migrated server could
// not start. Only the specifier is rewritten, to the range the FastMCP 4 stack requires (an exact
// `==X` pin becomes `==<the version fastmcp 4.2.3 is tested with>`); every other byte of the file
// stays. Each rewrite keeps a warning at file:line naming the old pin, the new one and why, since
// the code may have needed the old range. Hash-locked lines and forms not read are reported
// (error), not edited.
import type { ChangeRecord, OutputFile, ProjectFile } from '../core/types.js';
import { dependenciesOf, isDependencyManifest, type DeclaredDependency } from '../discover/versions.js';
import type { ReviewItem } from '../model/index.js';
import { FASTMCP4_REQUIRES } from './dependency-data.js';
import { DEPENDENCY_CODES } from './dependencies.js';
import { compareVersions, compatible, parseVersion } from './pep440.js';
import { logicalLine } from './requirements-text.js';

export interface PinConflictResult {
  /** Manifests whose text changed (path, new text). */
  files: { path: string; text: string }[];
  changes: ChangeRecord[];
  review: ReviewItem[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The specifier the FastMCP 4 stack needs, for a pin written as `spec`. */
export function neededSpecifier(pkg: string, spec: string): string | undefined {
  const need = FASTMCP4_REQUIRES[pkg];
  if (!need) return undefined;
  if (/^\s*===?\s*[0-9][^,*]*$/.test(spec)) return `==${need.resolved}`;
  const clash = need.requires.filter((r) => compatible(spec, r.specifier) === false);
  const chosen = clash.length ? clash : need.requires;
  const clauses: string[] = [];
  for (const r of chosen) {
    // `<3.0.0,>=2.3.0` → `>=2.3.0,<3.0.0`: lower bounds first, as people write them.
    const parts = r.specifier.split(',').map((c) => c.trim()).filter(Boolean);
    parts.sort((a, b) => Number(a.startsWith('<')) - Number(b.startsWith('<')));
    for (const c of parts) if (!clauses.includes(c)) clauses.push(c);
  }
  // `>=0.31.1,>=0.35` → `>=0.35`: only the highest lower bound says anything.
  const lows = clauses.filter((c) => c.startsWith('>=') && parseVersion(c.slice(2)));
  const top = lows.reduce<string | undefined>((a, c) => (a === undefined || compareVersions(parseVersion(c.slice(2))!, parseVersion(a.slice(2))!) > 0 ? c : a), undefined);
  const out = clauses.filter((c) => !lows.includes(c) || c === top).join(',');
  return compatible(out, ...need.requires.map((r) => r.specifier)) === false ? undefined : out;
}

/** `name[extras] (spec) ; marker` with only `spec` replaced. */
function replaceSpecifier(req: string, spec: string): string | undefined {
  const m = /^(\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?)([^;]*)(;.*)?$/.exec(req);
  if (!m) return undefined;
  const core = /^(\s*\(?\s*)(.*?)(\s*\)?\s*)$/.exec(m[2]!)!;
  return m[1]! + core[1]! + spec + core[3]! + (m[3] ?? '');
}

/** The line with the requirement's specifier replaced; undefined for a form this does not edit. */
function editLine(line: string, dep: DeclaredDependency, spec: string): string | undefined {
  if (dep.section.startsWith('tool.poetry')) {
    const key = `(?:${escapeRe(dep.name)}|"${escapeRe(dep.name)}"|'${escapeRe(dep.name)}')`;
    const str = new RegExp(`^(\\s*${key}\\s*=\\s*)(["'])([^"']*)\\2`).exec(line);
    if (str) return `${str[1]}${str[2]}${spec}${str[2]}` + line.slice(str[0].length);
    const table = new RegExp(`^(\\s*${key}\\s*=\\s*\\{.*?\\bversion\\s*=\\s*)(["'])([^"']*)\\2`).exec(line);
    if (table) return `${table[1]}${table[2]}${spec}${table[2]}` + line.slice(table[0].length);
    return undefined;
  }
  const after = replaceSpecifier(dep.text, spec);
  if (after === undefined) return undefined;
  const quotes = dep.section === 'requirements' ? [''] : ['"', "'"];
  for (const q of quotes) {
    const at = line.indexOf(`${q}${dep.text}${q}`);
    if (at >= 0) return line.slice(0, at) + q + after + q + line.slice(at + dep.text.length + 2 * q.length);
  }
  return undefined;
}

/**
 * Rewrites every pin in `files` (the manifests as the run leaves them) that no version of what
 * `target` needs can satisfy, to the needed range; a warning (FMM260) per rewrite, an error where
 * the line cannot be edited.
 */
export function resolvePinConflicts(files: ProjectFile[], target = 'fastmcp 4.2.3', transform = 'pins', rule = 'pins.conflict'): PinConflictResult {
  const out: PinConflictResult = { files: [], changes: [], review: [] };
  for (const file of files) {
    if (!isDependencyManifest(file.path)) continue;
    const lines = file.text.split('\n');
    for (const dep of dependenciesOf(file)) {
      const need = FASTMCP4_REQUIRES[dep.package];
      if (!need || dep.url || dep.specifier === '') continue;
      if (compatible(dep.specifier, ...need.requires.map((r) => r.specifier)) !== false) continue;
      const clash = need.requires.filter((r) => compatible(dep.specifier, r.specifier) === false);
      const bySpec = new Map<string, string[]>();
      for (const r of clash.length ? clash : need.requires) bySpec.set(r.specifier, [...(bySpec.get(r.specifier) ?? []), r.by]);
      const why = [...bySpec].map(([s, by]) => `${by.join(', ')} need${by.length > 1 ? '' : 's'} ${dep.package}${s}`).join('; ');
      const original = lines[dep.line - 1] ?? '';
      const spec = neededSpecifier(dep.package, dep.specifier);
      const hashed = dep.section === 'requirements' && /\s--hash[=\s]/.test(logicalLine(lines, dep.line - 1));
      const edited = spec && !hashed ? editLine(original, dep, spec) : undefined;
      if (edited === undefined || edited === original) {
        out.review.push({
          code: DEPENDENCY_CODES.pinConflict,
          severity: 'error',
          file: file.path,
          line: dep.line,
          column: 1,
          message: `\`${dep.text}\` conflicts with ${target}: ${why}; no version satisfies both, so the migrated project will not install${hashed ? ' (the line is hash-locked)' : ''}`,
          snippet: original.trim(),
          suggestion: `Change it by hand so it admits ${dep.package} ${need.resolved} (the version ${target} is tested with), then re-lock. It was left as written.`,
        });
        continue;
      }
      lines[dep.line - 1] = edited;
      const newText = `${dep.name}${dep.extras.length ? `[${dep.extras.join(',')}]` : ''}${spec}`;
      out.changes.push({
        transform,
        rule,
        file: file.path,
        line: dep.line,
        automatic: true,
        message: `\`${dep.text}\` → \`${newText}\`: ${why}, and no version satisfies the old pin as well`,
      });
      out.review.push({
        code: DEPENDENCY_CODES.pinConflict,
        severity: 'warning',
        file: file.path,
        line: dep.line,
        column: 1,
        message: `the project pinned \`${dep.text}\`; ${why}, so the pin was changed to \`${newText}\` (the old one could not install next to ${target})`,
        snippet: edited.trim(),
        suggestion: `Check the code that needed the old pin (${dep.package} ${need.resolved} is the version ${target} is tested with), then re-lock.`,
      });
    }
    const text = lines.join('\n');
    if (text !== file.text) out.files.push({ path: file.path, text });
  }
  return out;
}


/**
 * For a transform that moves a project to FastMCP 4: the project's manifests as its `outputs`
 * leave them, with the conflicting pins rewritten (resolvePinConflicts). Returns `outputs` with
 * those manifests replaced or added (`before` = the file as the transform received it).
 */
export function resolveConflictsInOutputs(
  project: ProjectFile[],
  outputs: OutputFile[],
  transform: string,
  rule: string,
): { files: OutputFile[]; changes: ChangeRecord[]; review: ReviewItem[] } {
  const byPath = new Map(outputs.map((f) => [f.path, f]));
  const manifests = project
    .filter((f) => isDependencyManifest(f.path))
    .map((f) => ({ path: f.path, text: (byPath.get(f.path)?.text as string | undefined) ?? f.text, before: f.text }));
  const r = resolvePinConflicts(manifests, 'fastmcp 4.2.3', transform, rule);
  if (r.files.length === 0) return { files: outputs, changes: r.changes, review: r.review };
  const edited = new Map(r.files.map((f) => [f.path, f.text]));
  const files = outputs.map((f) => (edited.has(f.path) ? { ...f, text: edited.get(f.path)! } : f));
  for (const m of manifests) if (edited.has(m.path) && !byPath.has(m.path)) files.push({ path: m.path, text: edited.get(m.path)!, before: m.before });
  return { files, changes: r.changes, review: r.review };
}
