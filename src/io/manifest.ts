// The `--write` manifest: original contents of every file a run touched, so `undo` can restore them.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic.js';

export const MANIFEST_DIR = '.fastmcp-migrate';
export const MANIFEST_FILE = `${MANIFEST_DIR}/last-run.json`;

export interface ManifestEntry {
  /** POSIX path relative to the project root. */
  path: string;
  /** Content before the run; null when the run created the file. */
  before: string | null;
  /** Content the run wrote; null when the run deleted the file. */
  after: string | null;
}

export interface Manifest {
  version: 1;
  tool: 'fastmcp-migrate';
  createdAt: string;
  transforms: string[];
  files: ManifestEntry[];
}

export function saveManifest(root: string, manifest: Manifest): string {
  const dir = path.join(root, MANIFEST_DIR);
  mkdirSync(dir, { recursive: true });
  // The folder ignores itself, so a manifest never makes the git tree dirty.
  const ignore = path.join(dir, '.gitignore');
  if (!existsSync(ignore)) writeFileAtomic(ignore, '*\n');
  const file = path.join(root, MANIFEST_FILE);
  writeFileAtomic(file, JSON.stringify(manifest, null, 2) + '\n');
  return file;
}

export function loadManifest(root: string): Manifest | undefined {
  const file = path.join(root, MANIFEST_FILE);
  if (!existsSync(file)) return undefined;
  const data = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  if (data.version !== 1 || !Array.isArray(data.files)) throw new Error(`unsupported manifest format in ${file}`);
  return data;
}

export interface UndoResult {
  restored: string[];
  deleted: string[];
  /** Files changed since the run; left alone unless forced. */
  conflicts: string[];
}

/** Restore the files of the last `--write`. Files edited since then are reported, not overwritten, unless `force`. */
export function undoLastRun(root: string, options: { force?: boolean; dryRun?: boolean } = {}): UndoResult {
  const manifest = loadManifest(root);
  if (!manifest) throw new Error(`nothing to undo: ${path.join(root, MANIFEST_FILE)} does not exist`);
  const result: UndoResult = { restored: [], deleted: [], conflicts: [] };
  const actions: (() => void)[] = [];
  for (const entry of manifest.files) {
    const abs = path.join(root, entry.path);
    const current = existsSync(abs) ? readFileSync(abs, 'utf8') : null;
    if (current !== entry.after && !options.force) {
      result.conflicts.push(entry.path);
      continue;
    }
    if (entry.before === null) {
      result.deleted.push(entry.path);
      actions.push(() => {
        if (existsSync(abs)) unlinkSync(abs);
      });
    } else {
      result.restored.push(entry.path);
      const before = entry.before;
      actions.push(() => writeFileAtomic(abs, before));
    }
  }
  if (options.dryRun || result.conflicts.length) return result;
  for (const act of actions) act();
  unlinkSync(path.join(root, MANIFEST_FILE));
  // Leave no trace: drop the folder when only our own .gitignore is left in it.
  const dir = path.join(root, MANIFEST_DIR);
  if (readdirSync(dir).every((f) => f === '.gitignore')) rmSync(dir, { recursive: true, force: true });
  return result;
}
