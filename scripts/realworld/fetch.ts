// Fetches a package's sdist through PyPI's simple index JSON API, checks its sha256 and unpacks
// it (top folder stripped) into $RW_CACHE/src/<name>==<version>/. The sdist is never built.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from './log.js';
import { normalizeName, pkgKey, type PackageSpec } from './packages.js';
import { runProc } from './proc.js';

export const INDEX_URL = 'https://pypi.org/simple';

export class FetchError extends Error {}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

interface SimpleFile {
  filename: string;
  url: string;
  hashes?: Record<string, string>;
}

async function findFileUrl(spec: PackageSpec, log: Logger): Promise<string> {
  const url = `${INDEX_URL}/${normalizeName(spec.name)}/`;
  log.line(`GET ${url}`);
  const res = await fetch(url, { headers: { Accept: 'application/vnd.pypi.simple.v1+json' } });
  if (!res.ok) throw new FetchError(`index ${url}: HTTP ${res.status}`);
  const doc = (await res.json()) as { files?: SimpleFile[] };
  const file = (doc.files ?? []).find((f) => f.filename === spec.sdist);
  if (!file) throw new FetchError(`index has no file ${spec.sdist} for ${spec.name}`);
  const listed = file.hashes?.sha256;
  if (listed && listed !== spec.sha256) {
    throw new FetchError(`sha256 mismatch for ${spec.sdist}: the index lists ${listed}, packages.json pins ${spec.sha256}`);
  }
  return new URL(file.url, url).toString();
}

/** The verified sdist on disk (downloaded once, checked every time). */
export async function fetchSdist(spec: PackageSpec, cache: string, log: Logger): Promise<string> {
  const dir = path.join(cache, 'sdist');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, spec.sdist);
  if (existsSync(file)) {
    const have = sha256Hex(readFileSync(file));
    if (have === spec.sha256) return file;
    log.line(`cached ${file} has sha256 ${have}, expected ${spec.sha256}: downloading again`);
  }
  const url = await findFileUrl(spec, log);
  log.line(`GET ${url}`);
  const res = await fetch(url);
  if (!res.ok) throw new FetchError(`download ${url}: HTTP ${res.status}`);
  const data = Buffer.from(await res.arrayBuffer());
  const got = sha256Hex(data);
  if (got !== spec.sha256) throw new FetchError(`sha256 mismatch for ${spec.sdist}: downloaded ${got}, packages.json pins ${spec.sha256}`);
  const tmp = `${file}.part-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
  return file;
}

/** Unpacks into src/<name>==<version>/ unless already there; returns the folder. */
export async function unpackSdist(spec: PackageSpec, sdistFile: string, cache: string, log: Logger): Promise<string> {
  const dest = path.join(cache, 'src', pkgKey(spec));
  if (existsSync(dest) && readdirSync(dest).length > 0) return dest;
  const tmp = `${dest}.unpack-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const r = sdistFile.endsWith('.zip')
    ? await runProc('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', sdistFile, tmp], { log, timeoutMs: 120_000 })
    : await runProc('tar', ['-xzf', sdistFile, '-C', tmp, '--no-same-owner'], { log, timeoutMs: 120_000 });
  if (r.code !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new FetchError(`cannot unpack ${sdistFile}: ${r.stderr.trim().split('\n').pop() ?? `exit ${r.code}`}`);
  }
  // Strip the single top folder.
  const top = readdirSync(tmp);
  const single = top.length === 1 ? path.join(tmp, top[0]!) : undefined;
  const from = single && isDir(single) ? single : tmp;
  mkdirSync(path.dirname(dest), { recursive: true });
  rmSync(dest, { recursive: true, force: true });
  renameSync(from, dest);
  rmSync(tmp, { recursive: true, force: true });
  return dest;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
