// Dependency pins for in-place rewrites: move a package's requirement to a new release (keeping the
// pin style: `==`, `>=…,<…`, `~=`, Poetry `^`/`~`, extras, markers, comments) or replace another
// package's requirement by it, in pyproject.toml (PEP 621 arrays, optional dependencies, dependency
// groups, uv, simple Poetry entries) and requirements*.txt. Only the requirement text changes:
// "pins only; no other edits to those files".
import type { ChangeRecord, OutputFile, ProjectFile } from '../core/types.js';
import { REVIEW_CODES } from '../extract/python/review.js';
import type { ReviewItem } from '../model/index.js';
import { dependenciesOf, isDependencyManifest, normalizePackageName, type DeclaredDependency } from '../discover/versions.js';
import { addLostDependencies, importedModules } from './dependencies.js';
import { LOST_WITH_MCP1 } from './dependency-data.js';
import { resolveConflictsInOutputs } from './pin-conflicts.js';
import { logicalLine } from './requirements-text.js';

/** The FastMCP 4 release the fixtures are verified against. */
export const FASTMCP4_VERSION = '4.2.3';
/** The FastMCP 3 release the fastmcp-2-to-3 fixtures are verified against. */
export const FASTMCP3_VERSION = '3.4.11';

export interface PinRewriteOptions {
  /** The package whose pins move to `version` (e.g. `fastmcp`). */
  package: string;
  version: string;
  /** Packages whose requirements become `<package>==<version>` (e.g. `['mcp']` when FastMCP replaces the SDK). */
  replacePackages?: string[];
  /** ChangeRecord fields (defaults: `pins`, `pin.<package>`). */
  transform?: string;
  rule?: string;
}

export interface PinRewriteResult {
  /** Changed manifests only. */
  files: OutputFile[];
  changes: ChangeRecord[];
  /** Pins that could not be rewritten safely (hash-locked lines, forms the rewrite does not read). */
  review: ReviewItem[];
}

// ---------------------------------------------------------------------------------------------
// Version specifiers

function parts(version: string): string[] {
  return version.split('.');
}

/** `target` cut (or zero-padded) to `n` release components. */
function components(target: string, n: number): string {
  const p = parts(target.replace(/[^0-9.].*$/, ''));
  const out = p.slice(0, n);
  while (out.length < n) out.push('0');
  return out.join('.');
}

/** Numeric comparison of release numbers (`3` < `3.4.11` < `4`). */
function compareVersions(a: string, b: string): number {
  const pa = parts(a).map(Number);
  const pb = parts(b.replace(/[^0-9.].*$/, '')).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function major(version: string): number {
  return Number(/^\d+/.exec(version)?.[0] ?? NaN);
}

const CLAUSE = /(===|==|~=|!=|<=|>=|<|>|\^|~)?(\s*)v?(\d+(?:\.\d+)*)(\.\*)?([A-Za-z0-9.+-]*)/g;

/**
 * Moves a version specifier to `target`, keeping its style: `==2.14.7` → `==3.4.11`,
 * `>=2.3,<3` → `>=3.4.11,<4`, `~=2.3` → `~=3.4`, `==2.*` → `==3.*`, Poetry `^2.3` → `^3.4` and
 * `2.14.7` → `3.4.11`. Exclusions (`!=`) and upper bounds above the target stay as written. Spaces
 * between clauses are kept. An empty specifier stays empty (nothing is pinned, so nothing moves).
 */
export function retargetSpecifier(spec: string, target: string): string {
  if (!/\d/.test(spec)) return spec;
  const tmajor = major(target);
  return spec.replace(CLAUSE, (whole, op: string | undefined, space: string, ver: string, wildcard: string | undefined) => {
    const n = parts(ver).length;
    switch (op ?? '') {
      case '':
      case '==':
      case '===':
        if (wildcard) return `${op ?? ''}${space}${components(target, n)}.*`;
        return `${op ?? ''}${space}${target}`;
      case '>=':
      case '>':
        return `>=${space}${target}`;
      case '~=':
        return `~=${space}${components(target, Math.max(2, n))}`;
      case '^':
      case '~':
        return `${op}${space}${components(target, Math.max(1, n))}`;
      case '<':
      case '<=': {
        // An upper bound that still admits the target stays as written.
        const cmp = compareVersions(ver, target);
        if (wildcard === undefined && (cmp > 0 || (op === '<=' && cmp === 0))) return whole;
        const next = [String(tmajor + 1), ...Array(Math.max(0, n - 1)).fill('0')].join('.');
        return `<${space}${next}`;
      }
      default:
        return whole; // `!=`: an exclusion of an old release is harmless
    }
  });
}

// ---------------------------------------------------------------------------------------------
// One requirement line

interface LineEdit {
  line: string;
  before: string;
  after: string;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `name[extras] spec ; marker` → the same with the specifier moved to `target`. */
function retargetRequirement(req: string, target: string): string {
  const m = /^(\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?)([^;]*)(;.*)?$/.exec(req);
  if (!m) return req;
  return m[1]! + retargetSpecifier(m[2]!, target) + (m[3] ?? '');
}

/** `mcp[cli]>=1.9 ; marker` → `fastmcp==4.2.3; marker` (a new requirement, written the usual way). */
function replaceRequirement(req: string, pkg: string, version: string): string {
  const semi = req.indexOf(';');
  if (semi < 0) return `${pkg}==${version}`;
  return `${pkg}==${version}; ${req.slice(semi + 1).trim()}`;
}

function editLine(line: string, dep: DeclaredDependency, mode: 'retarget' | 'replace', pkg: string, version: string): LineEdit | undefined {
  const rewrite = (req: string) => (mode === 'retarget' ? retargetRequirement(req, version) : replaceRequirement(req, pkg, version));
  if (dep.section === 'requirements') {
    const at = line.indexOf(dep.text);
    if (at < 0) return undefined;
    const after = rewrite(dep.text);
    return { line: line.slice(0, at) + after + line.slice(at + dep.text.length), before: dep.text, after };
  }
  if (dep.section.startsWith('tool.poetry')) {
    // `fastmcp = "^2.3"` or `fastmcp = { version = "^2.3", extras = ["cli"] }` on one line.
    const key = `(?:${escapeRe(dep.name)}|"${escapeRe(dep.name)}"|'${escapeRe(dep.name)}')`;
    const str = new RegExp(`^(\\s*)(${key})(\\s*=\\s*)(["'])([^"']*)\\4`).exec(line);
    if (str) {
      const name = mode === 'replace' ? pkg : str[2]!;
      const value = mode === 'replace' ? version : retargetSpecifier(str[5]!, version);
      const out = `${str[1]}${name}${str[3]}${str[4]}${value}${str[4]}` + line.slice(str[0].length);
      return { line: out, before: line.trim(), after: out.trim() };
    }
    const table = new RegExp(`^(\\s*)(${key})(\\s*=\\s*\\{.*?\\bversion\\s*=\\s*)(["'])([^"']*)\\4`).exec(line);
    if (table) {
      const name = mode === 'replace' ? pkg : table[2]!;
      const value = mode === 'replace' ? version : retargetSpecifier(table[5]!, version);
      const out = `${table[1]}${name}${table[3]}${table[4]}${value}${table[4]}` + line.slice(table[0].length);
      return { line: out, before: line.trim(), after: out.trim() };
    }
    return undefined;
  }
  // A PEP 508 string in a TOML array.
  for (const q of ['"', "'"]) {
    const quoted = `${q}${dep.text}${q}`;
    const at = line.indexOf(quoted);
    if (at < 0) continue;
    const after = rewrite(dep.text);
    return { line: line.slice(0, at) + q + after + q + line.slice(at + quoted.length), before: dep.text, after };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The project

function review(file: string, line: number, snippet: string, message: string, suggestion: string): ReviewItem {
  return { code: REVIEW_CODES.pinManual, severity: 'warning', file, line, column: 1, message, snippet: snippet.trim(), suggestion };
}

/**
 * Moves every requirement on `options.package` to `options.version` (pin style kept) and replaces
 * every requirement on a `replacePackages` package by `<package>==<version>` (its marker kept, its
 * extras dropped). A manifest that declares both the package and one it would replace keeps the
 * replaced requirement and gets a review item: two requirements are for a human to merge.
 * Unpinned requirements (`fastmcp`) and URL requirements are left alone.
 */
export function rewritePins(files: ProjectFile[], options: PinRewriteOptions): PinRewriteResult {
  const pkg = normalizePackageName(options.package);
  const replace = new Set((options.replacePackages ?? []).map(normalizePackageName));
  const transform = options.transform ?? 'pins';
  const rule = options.rule ?? `pin.${pkg}`;
  const out: PinRewriteResult = { files: [], changes: [], review: [] };
  for (const file of files) {
    if (!isDependencyManifest(file.path)) continue;
    const deps = dependenciesOf(file).filter((d) => !d.url);
    const declaresPackage = deps.some((d) => d.package === pkg);
    const lines = file.text.split('\n');
    for (const dep of deps) {
      const mode = dep.package === pkg ? 'retarget' : replace.has(dep.package) ? 'replace' : undefined;
      if (!mode) continue;
      const i = dep.line - 1;
      const line = lines[i] ?? '';
      if (mode === 'replace' && declaresPackage) {
        out.review.push(
          review(file.path, dep.line, line, `\`${dep.text}\` is declared next to \`${options.package}\`, which replaces it; it was left as written`, `Remove the \`${dep.name}\` requirement (${options.package} ${options.version} brings the ${dep.name} release it needs) or make sure its range admits that release.`),
        );
        continue;
      }
      if (dep.section === 'requirements' && /\s--hash[=\s]/.test(logicalLine(lines, i))) {
        out.review.push(
          review(file.path, dep.line, line, `\`${dep.text}\` is hash-locked; changing its version would break the hashes, so it was left as written`, `Regenerate the locked requirements with ${options.package} ${options.version} (e.g. \`pip-compile --generate-hashes\` / \`uv pip compile --generate-hashes\`).`),
        );
        continue;
      }
      if (mode === 'retarget' && !/\d/.test(dep.specifier)) continue; // unpinned: nothing to move
      const edit = editLine(line, dep, mode, options.package, options.version);
      if (!edit) {
        out.review.push(
          review(file.path, dep.line, line, `the requirement \`${dep.text}\` is written in a form the migration does not rewrite`, `Change it by hand to ${mode === 'replace' ? `\`${options.package}==${options.version}\`` : `admit ${options.package} ${options.version}`}.`),
        );
        continue;
      }
      if (edit.line === line) continue;
      lines[i] = edit.line;
      out.changes.push({
        transform,
        rule,
        file: file.path,
        line: dep.line,
        automatic: true,
        message:
          mode === 'replace'
            ? `\`${edit.before}\` → \`${edit.after}\` (${options.package} brings ${dep.name} with it)`
            : `\`${edit.before}\` → \`${edit.after}\``,
      });
    }
    const text = lines.join('\n');
    if (text !== file.text) out.files.push({ path: file.path, text, before: file.text });
  }
  return out;
}


// ---------------------------------------------------------------------------------------------
// The SDK → FastMCP 4 swap (kept for src/rewrite/sdk-server.ts)

export interface PinSwap {
  /** Package whose requirement is replaced (normalised name, e.g. `mcp`). */
  from: string;
  /** Package that replaces it, pinned to `version`. */
  to: string;
  version: string;
}

/**
 * Replaces every requirement on `swap.from` with `swap.to==version`. A manifest that already
 * declares `swap.to` keeps its requirements as they are (rewritePins with the swapped package as
 * the only one replaced, restricted to manifests that mention `swap.from`). When `mcp` becomes
 * `fastmcp`, the packages the code imports but only had through mcp 1.x (httpx, ...) are added
 * next to the new pin (src/rewrite/dependencies.ts), each with a ChangeRecord.
 */
export function swapPins(files: ProjectFile[], swap: PinSwap, transform: string, rule: string): { files: OutputFile[]; changes: ChangeRecord[]; review: ReviewItem[] } {
  const swapped = swapOnly(files, swap, transform, rule);
  if (normalizePackageName(swap.to) !== 'fastmcp') return { ...swapped, review: [] };
  // Pins that cannot install next to FastMCP 4 (`mcp<2` kept next to a `fastmcp` pin, `starlette<1`).
  const resolved = resolveConflictsInOutputs(files, swapped.files, transform, `${rule}.conflict`);
  return { files: resolved.files, changes: [...swapped.changes, ...resolved.changes], review: resolved.review };
}

function swapOnly(files: ProjectFile[], swap: PinSwap, transform: string, rule: string): { files: OutputFile[]; changes: ChangeRecord[] } {
  const from = normalizePackageName(swap.from);
  const to = normalizePackageName(swap.to);
  const relevant = files.filter((f) => {
    if (!isDependencyManifest(f.path)) return false;
    const deps = dependenciesOf(f);
    return deps.some((d) => d.package === from) && !deps.some((d) => d.package === to);
  });
  const result = rewritePins(relevant, { package: swap.to, version: swap.version, replacePackages: [swap.from], transform, rule });
  if (from !== 'mcp' || to !== 'fastmcp' || result.files.length === 0) return { files: result.files, changes: result.changes };
  const imported = importedModules(files);
  const state = new Map(result.files.map((f) => [f.path, { text: f.text as string, offset: 0, before: dependenciesOf({ path: f.path, text: f.before ?? '' }) }]));
  const changes: ChangeRecord[] = [];
  for (const c of result.changes) {
    changes.push(c);
    const st = state.get(c.file);
    if (!st) continue;
    const replaced = st.before.find((d) => d.line === c.line && d.package === from);
    const pin = dependenciesOf({ path: c.file, text: st.text }).find((d) => d.package === to && d.line === c.line + st.offset);
    if (!replaced || !pin) continue;
    const added = addLostDependencies({ path: c.file, text: st.text }, replaced, pin, {
      imported,
      lost: LOST_WITH_MCP1,
      oldStack: 'mcp 1.x',
      newStack: `fastmcp ${swap.version}`,
      transform,
      rule: `${rule}.transitive`,
    });
    st.text = added.text;
    st.offset += added.added;
    changes.push(...added.changes);
  }
  return { files: result.files.map((f) => ({ ...f, text: state.get(f.path)!.text })), changes };
}
