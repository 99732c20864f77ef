// realworld/packages.json: the pinned list of PyPI MCP server packages (contract:
// REALWORLD-FORMAT.md). Validation only; nothing here touches the network.
import { createHash } from 'node:crypto';

export const IDIOMS = [
  'python-lowlevel-v1',
  'python-lowlevel-v2',
  'sdk-fastmcp',
  'mcpserver',
  'fastmcp2',
  'fastmcp3',
  'fastmcp4',
] as const;
export type Idiom = (typeof IDIOMS)[number];

export type Entry = { script: string } | { module: string };

export interface CallsSpecJson {
  tools?: { name: string; arguments?: Record<string, unknown> }[];
  resources?: string[];
  prompts?: { name: string; arguments?: Record<string, string> }[];
}

export interface PackageSpec {
  name: string;
  version: string;
  sdist: string;
  sha256: string;
  idiom: Idiom;
  entry: Entry;
  args: string[];
  env: Record<string, string>;
  startsOffline: boolean;
  calls?: CallsSpecJson;
  notes?: string;
  /** Optional: where the package's source is published (checked against the reserved list). */
  repo?: string;
}

export interface PackageList {
  version: 1;
  packages: PackageSpec[];
}

/** PEP 503 normalised project name. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** `name==version`: the folder name used under the cache's src/, venv/ and work/. */
export function pkgKey(p: { name: string; version: string }): string {
  return `${p.name}==${p.version}`;
}

/** Names whose sha256(lowercased name) hex digest starts with 8–f are kept for independent evaluation. */
export function nameAllowed(name: string): boolean {
  const digest = createHash('sha256').update(name.toLowerCase()).digest('hex');
  return /^[0-7]/.test(digest);
}

/**
 * Parses /work/shared/reserved-repos.txt: one `owner/name` per line, `owner/*` for a whole
 * organisation; `#` starts a comment; anything after the first whitespace is a note.
 */
export function parseReservedRepos(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const first = line.split(/\s+/)[0]!;
    if (/^[^/\s]+\/[^/\s]+$/.test(first)) out.push(first.toLowerCase());
  }
  return out;
}

/** `owner/name` of a GitHub URL (https://github.com/o/n(.git)(/...), git@github.com:o/n), else undefined. */
export function repoOf(url: string): string | undefined {
  const m = /github\.com[/:]([^/\s]+)\/([^/\s#?]+)/i.exec(url);
  if (!m) return undefined;
  return `${m[1]}/${m[2]!.replace(/\.git$/i, '')}`.toLowerCase();
}

/** The reserved pattern a repository URL falls under, if any (`owner/*` covers the organisation). */
export function reservedMatch(url: string, reserved: string[]): string | undefined {
  const repo = repoOf(url);
  if (!repo) return undefined;
  const owner = repo.split('/')[0];
  return reserved.find((r) => r === repo || (r.endsWith('/*') && r.slice(0, -2) === owner));
}

const KNOWN_KEYS = new Set(['name', 'version', 'sdist', 'sha256', 'idiom', 'entry', 'args', 'env', 'startsOffline', 'calls', 'notes', 'repo', 'homepage', 'source']);

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates a parsed packages.json. Returns the packages (defaults filled in) and every problem
 * found, each naming the package and the key; a list with problems must not be run.
 */
export function validatePackageList(value: unknown, reserved: string[] = []): { list: PackageList; errors: string[] } {
  const errors: string[] = [];
  const list: PackageList = { version: 1, packages: [] };
  if (!isObj(value)) return { list, errors: ['packages.json: expected an object {version, packages}'] };
  if (value.version !== 1) errors.push('packages.json: "version" must be 1');
  if (!Array.isArray(value.packages)) return { list, errors: [...errors, 'packages.json: "packages" must be an array'] };
  const seen = new Set<string>();
  let previous: string | undefined;
  value.packages.forEach((raw, i) => {
    const at = (k: string) => `packages[${i}]${isObj(raw) && typeof raw.name === 'string' ? ` (${raw.name})` : ''}: ${k}`;
    if (!isObj(raw)) {
      errors.push(`packages[${i}]: expected an object`);
      return;
    }
    const before = errors.length;
    for (const k of Object.keys(raw)) if (!KNOWN_KEYS.has(k) && !k.startsWith('$')) errors.push(at(`unknown key "${k}"`));
    const str = (k: string) => (typeof raw[k] === 'string' && (raw[k] as string).length > 0 ? (raw[k] as string) : undefined);
    const name = str('name');
    const version = str('version');
    const sdist = str('sdist');
    const sha256 = str('sha256');
    if (!name) errors.push(at('"name" must be a non-empty string'));
    else {
      if (!nameAllowed(name)) errors.push(at(`"${name}" is reserved for independent evaluation (sha256 of the lowercased name starts with 8-f)`));
      const norm = normalizeName(name);
      if (seen.has(norm)) errors.push(at(`duplicate package "${name}"`));
      seen.add(norm);
      if (previous !== undefined && name.toLowerCase() < previous) errors.push(at('entries must be sorted by name'));
      previous = name.toLowerCase();
    }
    if (!version) errors.push(at('"version" must be an exact version string'));
    else if (/[<>=!~*,\s]/.test(version)) errors.push(at(`"version" must be exact, got "${version}"`));
    if (!sdist) errors.push(at('"sdist" must be the sdist file name'));
    else if (!/\.(tar\.gz|zip)$/.test(sdist) || /[/\\]/.test(sdist)) errors.push(at(`"sdist" must be a .tar.gz or .zip file name, got "${sdist}"`));
    if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) errors.push(at('"sha256" must be 64 lowercase hex digits'));
    const idiom = raw.idiom;
    if (typeof idiom !== 'string' || !(IDIOMS as readonly string[]).includes(idiom)) errors.push(at(`"idiom" must be one of ${IDIOMS.join(', ')}`));
    let entry: Entry | undefined;
    if (isObj(raw.entry) && typeof raw.entry.script === 'string' && raw.entry.script && raw.entry.module === undefined) entry = { script: raw.entry.script };
    else if (isObj(raw.entry) && typeof raw.entry.module === 'string' && /^[A-Za-z_][\w.]*$/.test(raw.entry.module) && raw.entry.script === undefined)
      entry = { module: raw.entry.module };
    else errors.push(at('"entry" must be {"script": NAME} or {"module": DOTTED.NAME}'));
    const args = raw.args ?? [];
    if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) errors.push(at('"args" must be an array of strings'));
    const env = raw.env ?? {};
    if (!isObj(env) || !Object.values(env).every((v) => typeof v === 'string')) errors.push(at('"env" must map names to strings'));
    if (typeof raw.startsOffline !== 'boolean') errors.push(at('"startsOffline" must be true or false'));
    if (raw.calls !== undefined && !validCalls(raw.calls)) errors.push(at('"calls" must be {tools?: [{name, arguments?}], resources?: [uri], prompts?: [{name, arguments?}]}'));
    if (raw.notes !== undefined && typeof raw.notes !== 'string') errors.push(at('"notes" must be a string'));
    for (const k of ['repo', 'homepage', 'source']) {
      const url = raw[k];
      if (url === undefined) continue;
      if (typeof url !== 'string') {
        errors.push(at(`"${k}" must be a string`));
        continue;
      }
      const hit = reservedMatch(url, reserved);
      if (hit) errors.push(at(`"${k}" ${url} is a reserved repository (${hit})`));
    }
    if (errors.length > before) return;
    const spec: PackageSpec = {
      name: name!,
      version: version!,
      sdist: sdist!,
      sha256: sha256!,
      idiom: idiom as Idiom,
      entry: entry!,
      args: args as string[],
      env: env as Record<string, string>,
      startsOffline: raw.startsOffline as boolean,
    };
    if (raw.calls !== undefined) spec.calls = raw.calls as CallsSpecJson;
    if (typeof raw.notes === 'string') spec.notes = raw.notes;
    if (typeof raw.repo === 'string') spec.repo = raw.repo;
    list.packages.push(spec);
  });
  return { list, errors };
}

function validCalls(v: unknown): boolean {
  if (!isObj(v)) return false;
  for (const k of Object.keys(v)) if (!['tools', 'resources', 'prompts', '$comment'].includes(k)) return false;
  if (v.tools !== undefined && !(Array.isArray(v.tools) && v.tools.every((t) => isObj(t) && typeof t.name === 'string' && (t.arguments === undefined || isObj(t.arguments)))))
    return false;
  if (v.resources !== undefined && !(Array.isArray(v.resources) && v.resources.every((r) => typeof r === 'string'))) return false;
  if (v.prompts !== undefined && !(Array.isArray(v.prompts) && v.prompts.every((p) => isObj(p) && typeof p.name === 'string' && (p.arguments === undefined || isObj(p.arguments)))))
    return false;
  return true;
}
