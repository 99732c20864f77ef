// Shared bits for the verify tests: repo paths, the demo server commands, a leak check.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveCommand, type ServerCommand } from '../../src/verify/index.js';

/** The repository root (this file runs from dist/test/support/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const serversDir = path.join(repoRoot, 'test', 'support', 'verify-servers');

const quiet = { PYTHONDONTWRITEBYTECODE: '1' };

/** The v1 low-level demo server (test/support/verify-servers/original.py) on .venv/mcp1. */
export function originalServer(env: Record<string, string> = {}): ServerCommand {
  return resolveCommand({ command: 'python:mcp1', args: [path.join(serversDir, 'original.py')], env: { ...quiet, ...env } }, repoRoot);
}

/** Its FastMCP 4 translation on .venv/fastmcp4; `variant` injects one deliberate difference. */
export function migratedServer(variant = ''): ServerCommand {
  return resolveCommand(
    { command: 'python:fastmcp4', args: [path.join(serversDir, 'migrated.py')], env: { ...quiet, VERIFY_VARIANT: variant } },
    repoRoot,
  );
}

/** Pids of this process's live children (Linux /proc; empty elsewhere). */
export function childPids(): number[] {
  if (!fs.existsSync('/proc/self/stat')) return [];
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …  — comm may contain spaces, so split after the last ')'
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid && fields[0] !== 'Z') out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Waits (briefly) until this process has no children left; returns the survivors. */
export async function waitForNoChildren(ms = 3000): Promise<number[]> {
  const end = Date.now() + ms;
  let left = childPids();
  while (left.length > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    left = childPids();
  }
  return left;
}
