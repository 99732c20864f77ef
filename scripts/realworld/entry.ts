// How a package's server is started: console scripts read from the installed distribution's
// entry_points.txt (never from running anything), and the folder the migrated module imports from.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Parses entry_points.txt (an INI file): section → name → value. */
export function parseEntryPoints(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      section = out[sec[1]!.trim()] ??= {};
      continue;
    }
    const eq = line.search(/[=:]/);
    if (!section || eq <= 0 || line[eq] !== '=') continue;
    section[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

export interface ScriptTarget {
  module: string;
  /** Dotted attribute path inside the module (`main`, `Cli.run`). */
  attr: string;
}

/** `pkg.mod:func [extra1,extra2]` → {module, attr}. */
export function parseEntryTarget(value: string): ScriptTarget | undefined {
  const m = /^([A-Za-z_][\w.]*)\s*:\s*([A-Za-z_][\w.]*)\s*(\[[^\]]*\])?\s*$/.exec(value.trim());
  if (!m) return undefined;
  return { module: m[1]!, attr: m[2]! };
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '_');
}

/** The `<name>-<version>.dist-info` folder of a distribution in a site-packages folder. */
export function findDistInfo(sitePackages: string, name: string, version?: string): string | undefined {
  if (!existsSync(sitePackages)) return undefined;
  const want = normalize(name);
  const hits = readdirSync(sitePackages)
    .filter((d) => d.endsWith('.dist-info'))
    .filter((d) => {
      const base = d.slice(0, -'.dist-info'.length);
      const dash = base.lastIndexOf('-');
      if (dash < 0) return false;
      return normalize(base.slice(0, dash)) === want && (!version || base.slice(dash + 1) === version);
    });
  return hits.length ? path.join(sitePackages, hits.sort()[0]!) : undefined;
}

export function sitePackagesOf(venv: string): string {
  const lib = path.join(venv, 'lib');
  const py = existsSync(lib) ? readdirSync(lib).find((d) => d.startsWith('python')) : undefined;
  return path.join(lib, py ?? 'python3.11', 'site-packages');
}

/** Resolves a console script of an installed distribution to module:attr. */
export function resolveScript(venv: string, dist: string, version: string, script: string): ScriptTarget {
  const info = findDistInfo(sitePackagesOf(venv), dist, version) ?? findDistInfo(sitePackagesOf(venv), dist);
  if (!info) throw new Error(`no ${dist}-${version}.dist-info in ${sitePackagesOf(venv)}`);
  const file = path.join(info, 'entry_points.txt');
  if (!existsSync(file)) throw new Error(`${path.basename(info)} has no entry_points.txt (no console script "${script}")`);
  const eps = parseEntryPoints(readFileSync(file, 'utf8'));
  const value = eps.console_scripts?.[script] ?? eps.gui_scripts?.[script];
  if (!value) {
    const known = Object.keys(eps.console_scripts ?? {}).join(', ') || 'none';
    throw new Error(`${path.basename(info)} has no console script "${script}" (it has: ${known})`);
  }
  const target = parseEntryTarget(value);
  if (!target) throw new Error(`console script "${script}" = "${value}" is not module:attr`);
  return target;
}

const SKIP_DIRS = new Set(['tests', 'test', 'docs', 'build', 'dist', '.venv', 'venv', 'node_modules', '.git', '__pycache__', 'examples']);

/**
 * The folder of a source tree that a top-level module is imported from: the shallowest folder
 * (root first, then `src/`, then deeper, up to 3 levels) holding `<top>/` with Python files or
 * `<top>.py`. Undefined when the tree has no such module.
 */
export function findImportRoot(tree: string, topModule: string): string | undefined {
  const hasModule = (dir: string) => {
    if (existsSync(path.join(dir, `${topModule}.py`))) return true;
    const pkg = path.join(dir, topModule);
    try {
      return statSync(pkg).isDirectory() && readdirSync(pkg).some((f) => f.endsWith('.py') || isDir(path.join(pkg, f)));
    } catch {
      return false;
    }
  };
  let level = [tree];
  for (let depth = 0; depth <= 3 && level.length; depth++) {
    // `src/` before other folders of the same depth.
    level.sort((a, b) => Number(path.basename(b) === 'src') - Number(path.basename(a) === 'src') || a.localeCompare(b));
    for (const dir of level) if (hasModule(dir)) return dir;
    const next: string[] = [];
    for (const dir of level) {
      for (const d of safeList(dir)) {
        if (SKIP_DIRS.has(d) || d.startsWith('.') || d.endsWith('.egg-info')) continue;
        const full = path.join(dir, d);
        if (isDir(full)) next.push(full);
      }
    }
    level = next;
  }
  return undefined;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
