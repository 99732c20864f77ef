// Which FastMCP / MCP SDK a project uses: the idioms its Python files import, the requirements
// its manifests declare (pyproject.toml: PEP 621, dependency groups, uv, Poetry; requirements*.txt),
// and the versions its lockfiles resolved (uv.lock, poetry.lock, pdm.lock, pylock.toml,
// requirements*.lock, `==`-pinned requirements). Read only: nothing is imported or run.
import path from 'node:path';
import type { ProjectFile } from '../core/types.js';
import { importedNames, walk } from '../extract/python/project.js';
import { parsePython } from '../parse/python.js';
import { readToml, stringEntry, type TomlEntry, type TomlValue } from './toml.js';

/** The packages whose versions decide the migration path. */
export const WATCHED_PACKAGES = ['fastmcp', 'mcp'] as const;

/** PEP 503 name normalisation: `FastMCP_Slim` → `fastmcp-slim`. */
export function normalizePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

// ---------------------------------------------------------------------------------------------
// Requirements (PEP 508 strings, requirements files, Poetry tables)

export interface Requirement {
  /** As written. */
  name: string;
  /** Normalised (normalizePackageName). */
  package: string;
  extras: string[];
  /** Version specifier, '' when there is none (`>=1.9,<2`, `==4.2.3`, Poetry `^2.3`). */
  specifier: string;
  /** Environment marker after `;`, if any. */
  marker?: string;
  /** `name @ url` requirements. */
  url?: string;
}

const PEP508 = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$/;

/** A PEP 508 requirement string; undefined when it does not start with a package name. */
export function parseRequirement(text: string): Requirement | undefined {
  const m = PEP508.exec(text);
  if (!m) return undefined;
  let rest = m[3]!.trim();
  let marker: string | undefined;
  const semi = rest.indexOf(';');
  if (semi >= 0) {
    marker = rest.slice(semi + 1).trim();
    rest = rest.slice(0, semi).trim();
  }
  const req: Requirement = {
    name: m[1]!,
    package: normalizePackageName(m[1]!),
    extras: m[2] ? m[2].split(',').map((e) => e.trim()).filter(Boolean) : [],
    specifier: '',
  };
  if (rest.startsWith('@')) req.url = rest.slice(1).trim();
  else if (rest.startsWith('(') && rest.endsWith(')')) req.specifier = rest.slice(1, -1).replace(/\s+/g, '');
  else if (rest === '' || /^(===|==|~=|!=|<=|>=|<|>)/.test(rest)) req.specifier = rest.replace(/\s+/g, '');
  else return undefined;
  if (marker) req.marker = marker;
  return req;
}

export interface DeclaredDependency extends Requirement {
  file: string;
  line: number;
  /**
   * Where it is declared: `project.dependencies`, `project.optional-dependencies.<extra>`,
   * `dependency-groups.<group>`, `tool.uv.<key>`, `tool.poetry.dependencies`,
   * `tool.poetry.group.<group>.dependencies`, `tool.poetry.dev-dependencies`, `requirements`.
   */
  section: string;
  /** The requirement as written, for people: `mcp[cli]>=1.9`, `fastmcp = "^2.3"`. */
  text: string;
}

/** pyproject.toml and requirements files: the files whose pins `run` updates. */
export function isDependencyManifest(relPath: string): boolean {
  const base = path.posix.basename(relPath);
  return base === 'pyproject.toml' || /^requirements.*\.txt$/.test(base);
}

/** Lockfiles read for resolved versions (never given to transforms, never edited). */
export function isLockfile(relPath: string): boolean {
  const base = path.posix.basename(relPath);
  return (
    base === 'uv.lock' || base === 'poetry.lock' || base === 'pdm.lock' || /^pylock(\..+)?\.toml$/.test(base) || /^requirements.*\.lock$/.test(base)
  );
}

/** Logical lines of a requirements file: comments dropped, `\` continuations joined. */
function requirementLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let joined = lines[i]!.replace(/\r$/, '');
    while (/\\\s*$/.test(joined) && i + 1 < lines.length) {
      joined = joined.replace(/\\\s*$/, ' ') + lines[++i]!.replace(/\r$/, '');
    }
    // A `#` starts a comment at the line start or after whitespace (URLs may contain `#egg=`).
    const content = joined.replace(/(^|\s)#.*$/, '').trim();
    if (content) out.push({ line: start + 1, text: content });
  }
  return out;
}

function requirementsFileDependencies(file: ProjectFile): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  for (const { line, text } of requirementLines(file.text)) {
    if (text.startsWith('-')) continue; // -r, -c, -e, --hash, --index-url, ...
    // `--hash=...` options after the requirement are not part of it.
    const reqText = text.replace(/\s+--\S+.*$/, '').trim();
    const req = parseRequirement(reqText);
    if (req) out.push({ ...req, file: file.path, line, section: 'requirements', text: reqText });
  }
  return out;
}

function pep508Array(file: string, section: string, value: TomlValue): DeclaredDependency[] {
  if (value.kind !== 'array') return [];
  const out: DeclaredDependency[] = [];
  for (const item of value.items) {
    if (item.kind !== 'string') continue; // `{include-group = "..."}` in dependency groups
    const req = parseRequirement(item.value);
    if (req) out.push({ ...req, file, line: item.line, section, text: item.value });
  }
  return out;
}

/** A Poetry dependency: `name = "^1.2"` or `name = { version = "^1.2", extras = [...] }`. */
function poetryDependency(file: string, section: string, name: string, entry: TomlEntry): DeclaredDependency | undefined {
  if (normalizePackageName(name) === 'python') return undefined;
  const v = entry.value;
  let specifier = '';
  let extras: string[] = [];
  if (v.kind === 'string') specifier = v.value;
  else if (v.kind === 'table') {
    specifier = stringEntry(v.entries, 'version') ?? '';
    const ex = v.entries.find((e) => e.key[0] === 'extras')?.value;
    if (ex?.kind === 'array') extras = ex.items.flatMap((i) => (i.kind === 'string' ? [i.value] : []));
  } else if (v.kind === 'array') {
    // Multiple-constraint form: a list of inline tables, one per Python/platform.
    specifier = v.items.flatMap((i) => (i.kind === 'table' ? [stringEntry(i.entries, 'version') ?? ''] : [])).filter(Boolean).join(' | ');
  } else return undefined;
  const rawValue = v.kind === 'string' ? JSON.stringify(v.value) : v.kind === 'table' ? '{…}' : '[…]';
  return {
    name,
    package: normalizePackageName(name),
    extras,
    specifier: specifier === '*' ? '' : specifier,
    file,
    line: entry.line,
    section,
    text: v.kind === 'string' ? `${name} = ${rawValue}` : specifier ? `${name} ${specifier}` : name,
  };
}

function pyprojectDependencies(file: ProjectFile): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  for (const table of readToml(file.text)) {
    if (table.arrayElement) continue;
    for (const entry of table.entries) {
      const full = [...table.path, ...entry.key];
      const dotted = full.join('.');
      if (dotted === 'project.dependencies') out.push(...pep508Array(file.path, dotted, entry.value));
      else if (full.length === 3 && full[0] === 'project' && full[1] === 'optional-dependencies') {
        out.push(...pep508Array(file.path, dotted, entry.value));
      } else if (full.length === 2 && full[0] === 'dependency-groups') out.push(...pep508Array(file.path, dotted, entry.value));
      else if (full.length === 3 && full[0] === 'tool' && full[1] === 'uv' && /-dependencies$/.test(full[2]!)) {
        out.push(...pep508Array(file.path, dotted, entry.value));
      } else if (full[0] === 'tool' && full[1] === 'poetry' && full.length >= 4) {
        // tool.poetry.dependencies.<name>, tool.poetry.dev-dependencies.<name>,
        // tool.poetry.group.<group>.dependencies.<name>
        const name = full[full.length - 1]!;
        const section = full.slice(0, -1).join('.');
        const isDeps =
          section === 'tool.poetry.dependencies' ||
          section === 'tool.poetry.dev-dependencies' ||
          (full.length === 6 && full[2] === 'group' && full[4] === 'dependencies');
        if (isDeps) {
          const dep = poetryDependency(file.path, section, name, entry);
          if (dep) out.push(dep);
        }
      }
    }
  }
  return out;
}

/** Every dependency a manifest declares (all packages, not only the watched ones), in file order. */
export function dependenciesOf(file: ProjectFile): DeclaredDependency[] {
  const base = path.posix.basename(file.path);
  if (base === 'pyproject.toml') return pyprojectDependencies(file);
  if (/^requirements.*\.(txt|in|lock)$/.test(base)) return requirementsFileDependencies(file);
  return [];
}

// ---------------------------------------------------------------------------------------------
// Resolved versions

export interface LockedVersion {
  file: string;
  line: number;
  package: string;
  version: string;
  /** `lock`: a lockfile entry; `pinned`: an exact `==` requirement in a requirements file. */
  kind: 'lock' | 'pinned';
}

const EXACT = /^===?([0-9][^,;*\s]*)$/;

/** Resolved versions in a lockfile or an `==`-pinned requirements file (every package). */
export function lockedVersionsOf(file: ProjectFile): LockedVersion[] {
  const base = path.posix.basename(file.path);
  if (/^requirements.*\.(txt|in|lock)$/.test(base)) {
    const kind = base.endsWith('.lock') ? 'lock' : 'pinned';
    return requirementsFileDependencies(file).flatMap((d) => {
      const m = EXACT.exec(d.specifier);
      return m ? [{ file: file.path, line: d.line, package: d.package, version: m[1]!, kind } as LockedVersion] : [];
    });
  }
  if (!isLockfile(file.path)) return [];
  // uv.lock, poetry.lock, pdm.lock and pylock.toml all list `[[package]]` tables with name and version.
  const out: LockedVersion[] = [];
  for (const table of readToml(file.text)) {
    if (!table.arrayElement || table.path.join('.') !== 'package') continue;
    const name = stringEntry(table.entries, 'name');
    const version = stringEntry(table.entries, 'version');
    if (name && version) out.push({ file: file.path, line: table.line, package: normalizePackageName(name), version, kind: 'lock' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Imports: which idiom each Python file uses

/**
 * `python-lowlevel-v1` / `-v2`: the SDK low-level `Server` (decorators / `on_*` constructor
 * handlers; `python-lowlevel` when neither is visible in the file); `python-sdk-fastmcp`: the
 * FastMCP 1.0 bundled in SDK v1 (`mcp.server.fastmcp`); `python-mcpserver`: SDK v2 `MCPServer`;
 * `fastmcp`: the standalone package; `mcp`: any other SDK module (`mcp.types`, `mcp.shared`, ...).
 */
export type Idiom = 'python-lowlevel-v1' | 'python-lowlevel-v2' | 'python-lowlevel' | 'python-sdk-fastmcp' | 'python-mcpserver' | 'fastmcp' | 'mcp';

export interface ImportUse {
  line: number;
  /** Module imported from (`mcp.server.fastmcp`) or imported (`import fastmcp`). */
  module: string;
  /** Names imported (`from m import a, b`); empty for `import m` and `from m import *`. */
  names: string[];
  idiom: Idiom;
}

export interface FileIdioms {
  file: string;
  idioms: Idiom[];
  imports: ImportUse[];
}

const V1_HANDLER = /@\w+\.(list_tools|call_tool|list_resources|read_resource|list_resource_templates|list_prompts|get_prompt)\(/;
const V2_HANDLER = /\bon_(list_tools|call_tool|list_resources|read_resource|list_resource_templates|list_prompts|get_prompt)\s*=/;

function classify(module: string, names: string[]): Idiom | undefined {
  const under = (prefix: string) => module === prefix || module.startsWith(`${prefix}.`);
  if (under('fastmcp')) return 'fastmcp';
  if (under('mcp.server.fastmcp')) return 'python-sdk-fastmcp';
  if (under('mcp.server.mcpserver')) return 'python-mcpserver';
  if (under('mcp.server.lowlevel')) return 'python-lowlevel';
  if (module === 'mcp.server' || module === 'mcp') {
    if (names.includes('FastMCP')) return 'python-sdk-fastmcp';
    if (names.includes('MCPServer')) return 'python-mcpserver';
    if (names.includes('Server')) return 'python-lowlevel';
    if (module === 'mcp' && names.includes('server')) return 'mcp';
  }
  if (under('mcp')) return 'mcp';
  return undefined;
}

const PREFILTER = /\b(fastmcp|mcp)\b/;

/** The MCP-related imports of a Python file (any nesting level); undefined when it has none. */
export function importsOf(file: ProjectFile): FileIdioms | undefined {
  if (!file.path.endsWith('.py') || !PREFILTER.test(file.text)) return undefined;
  const tree = parsePython(file.text);
  const imports: ImportUse[] = [];
  for (const node of walk(tree.rootNode)) {
    if (node.type !== 'import_statement' && node.type !== 'import_from_statement') continue;
    const line = node.startPosition.row + 1;
    if (node.type === 'import_statement') {
      for (const imp of importedNames(node)) {
        const idiom = classify(imp.module, []);
        if (idiom) imports.push({ line, module: imp.module, names: [], idiom });
      }
      continue;
    }
    const imported = importedNames(node);
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode || moduleNode.type === 'relative_import') continue;
    const names = imported.map((i) => i.imported ?? i.local);
    const idiom = classify(moduleNode.text, names);
    if (idiom) imports.push({ line, module: moduleNode.text, names, idiom });
  }
  if (imports.length === 0) return undefined;
  const refine = (idiom: Idiom): Idiom => {
    if (idiom !== 'python-lowlevel') return idiom;
    if (V2_HANDLER.test(file.text)) return 'python-lowlevel-v2';
    if (V1_HANDLER.test(file.text)) return 'python-lowlevel-v1';
    return idiom;
  };
  for (const imp of imports) imp.idiom = refine(imp.idiom);
  return { file: file.path, idioms: [...new Set(imports.map((i) => i.idiom))], imports };
}

// ---------------------------------------------------------------------------------------------
// The whole picture

export interface PackageVersions {
  package: string;
  declared: DeclaredDependency[];
  locked: LockedVersion[];
  /** The version in use: a lockfile's (or an exact pin's), else the floor of a declared constraint. */
  version?: string;
  major?: number;
  /** Where `version` comes from. */
  basis?: 'lock' | 'pinned' | 'constraint';
  /**
   * Set when the declared constraint does not say which major is installed, so `major` is left
   * out and the transforms decide by the APIs the code uses: an open lower bound below the
   * package's first release line the migration knows (`fastmcp>=0.4`: pip installs the newest).
   */
  undecided?: string;
}

/**
 * The first major of each watched package with its own transform. FastMCP's standalone 0.x
 * releases came before 2.0 (1.0 was merged into the SDK); a bound below it says nothing.
 */
const FIRST_KNOWN_MAJOR: Record<string, number> = { fastmcp: 2 };

/** Whether a constraint caps the version from above (`<3`, `==2.*`, `~=2.3`, `^2.3`, `~2.3`, `2.3.1`). */
export function hasUpperBound(specifier: string): boolean {
  return specifier
    .split(/[,|]/)
    .some((part) => /^\s*(<|<=|==|===|~=|\^|~(?!=))/.test(part) || /^\s*v?\d+(\.\d+)*(\.\*)?\s*$/.test(part));
}

export interface VersionReport {
  /** Python files with MCP-related imports, sorted by path. */
  files: FileIdioms[];
  /** Declared requirements on the watched packages. */
  dependencies: DeclaredDependency[];
  /** Resolved versions of the watched packages. */
  locked: LockedVersion[];
  /** One entry per watched package that is declared, locked or imported. */
  packages: PackageVersions[];
  /** Lockfiles found (they go stale when the pins change). */
  lockfiles: string[];
}

/** The lowest version a constraint admits, as written (`>=2.3,<3` → `2.3`; `^1.9` → `1.9`). */
export function versionFloor(specifier: string): string | undefined {
  for (const part of specifier.split(/[,|]/)) {
    const m = /^\s*(===|==|~=|>=|>|\^|~)?\s*v?([0-9]+(?:\.[0-9]+)*)/.exec(part);
    if (m) return m[2];
  }
  return undefined;
}

function majorOf(version: string | undefined): number | undefined {
  const m = version ? /^([0-9]+)/.exec(version) : null;
  return m ? Number(m[1]) : undefined;
}

function byPath<T extends { file: string; line: number }>(a: T, b: T): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}

/**
 * Versions and idioms of a project. `files` are the files transforms see (sources and
 * manifests); `lockfiles` the lockfiles discovery found beside them.
 */
export function detectVersions(files: ProjectFile[], lockfiles: ProjectFile[] = []): VersionReport {
  const watched = new Set<string>(WATCHED_PACKAGES);
  const idioms = files.flatMap((f) => importsOf(f) ?? []).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const dependencies = files
    .filter((f) => isDependencyManifest(f.path))
    .flatMap(dependenciesOf)
    .filter((d) => watched.has(d.package))
    .sort(byPath);
  const locked = [...files.filter((f) => /^requirements.*\.txt$/.test(path.posix.basename(f.path))), ...lockfiles]
    .flatMap(lockedVersionsOf)
    .filter((l) => watched.has(l.package))
    .sort(byPath);
  const imported = new Set(
    idioms.flatMap((f) => f.idioms).map((i) => (i === 'fastmcp' ? 'fastmcp' : 'mcp')),
  );
  const packages: PackageVersions[] = [];
  for (const pkg of WATCHED_PACKAGES) {
    const declared = dependencies.filter((d) => d.package === pkg);
    const lockedHere = locked.filter((l) => l.package === pkg);
    if (!declared.length && !lockedHere.length && !imported.has(pkg)) continue;
    const entry: PackageVersions = { package: pkg, declared, locked: lockedHere };
    // A real lockfile beats an `==` pin in a requirements file, which beats a constraint's floor.
    const resolved = lockedHere.find((l) => l.kind === 'lock') ?? lockedHere.find((l) => l.kind === 'pinned');
    if (resolved) {
      entry.version = resolved.version;
      entry.basis = resolved.kind;
    } else {
      const dep = declared.find((d) => versionFloor(d.specifier) !== undefined);
      const floor = dep ? versionFloor(dep.specifier) : undefined;
      if (dep && floor) {
        entry.version = floor;
        entry.basis = 'constraint';
        const first = FIRST_KNOWN_MAJOR[pkg];
        const m = majorOf(floor);
        if (first !== undefined && m !== undefined && m < first && !hasUpperBound(dep.specifier)) {
          entry.undecided = `${dep.file}:${dep.line} \`${dep.text}\` has no upper bound and admits every ${pkg} release: the APIs the code uses decide the migration`;
        }
      }
    }
    const major = majorOf(entry.version);
    if (major !== undefined && entry.undecided === undefined) entry.major = major;
    packages.push(entry);
  }
  return {
    files: idioms,
    dependencies,
    locked,
    packages,
    lockfiles: lockfiles.map((f) => f.path).sort(),
  };
}
