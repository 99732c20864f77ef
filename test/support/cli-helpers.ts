// Shared bits for the CLI tests: temporary project trees, main() in-process, the real binary.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { Transform } from '../../src/core/types.js';

/** The repository root (this file runs from dist/test/support/). */
export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const bin = path.join(repo, 'bin', 'fastmcp-migrate.js');

/** A temporary folder for one test file; `cleanup()` removes it. */
export function tmpArea(prefix: string): { dir(name: string): string; cleanup(): void } {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  let counter = 0;
  return {
    dir(name: string) {
      const d = path.join(root, `${name}-${++counter}`);
      mkdirSync(d, { recursive: true });
      return d;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function writeTree(dir: string, files: Record<string, string | Buffer>): string {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}

/** main() in-process with captured output. */
export async function runMain(args: string[], transforms?: Transform[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(args, { io: { stdout, stderr }, transforms });
  return { code, stdout: out, stderr: err };
}

/** The real binary (colour off). */
export function cli(args: string[], options: { cwd?: string } = {}): { code: number | null; stdout: string; stderr: string } {
  const proc = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '' },
  });
  return { code: proc.status, stdout: proc.stdout, stderr: proc.stderr };
}
