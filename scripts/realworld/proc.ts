// Runs one subprocess with a hard time limit (the whole process group is killed), captures its
// output and appends the command and its output to the package's log.
import { spawn } from 'node:child_process';
import type { Logger } from './log.js';

export interface ProcResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

export interface ProcOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  input?: string;
  log?: Logger;
  /** Do not copy stdout into the log (it is large JSON the caller parses). */
  quietStdout?: boolean;
}

const MAX_KEEP = 32 * 1024 * 1024;

export function runProc(command: string, args: string[], options: ProcOptions = {}): Promise<ProcResult> {
  const started = Date.now();
  const log = options.log;
  log?.line(`$ ${[command, ...args].map(shellQuote).join(' ')}${options.cwd ? `   (cwd ${options.cwd})` : ''}`);
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: (options.env ?? process.env) as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // own process group: a time-out kills everything it started
    });
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          killGroup();
        }, options.timeoutMs)
      : undefined;
    child.stdout.on('data', (c: Buffer) => {
      if (stdout.length < MAX_KEEP) stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < MAX_KEEP) stderr += c.toString();
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      // Anything the command left running in its group goes too.
      killGroup();
      const durationMs = Date.now() - started;
      if (log) {
        if (!options.quietStdout && stdout.trim()) log.block('stdout', stdout);
        if (stderr.trim()) log.block('stderr', stderr);
        log.line(`-> ${timedOut ? `killed after ${options.timeoutMs} ms time limit` : signal ? `signal ${signal}` : `exit ${code}`} (${(durationMs / 1000).toFixed(1)} s)`);
      }
      resolve({ code, signal, stdout, stderr, timedOut, durationMs });
    };
    child.on('error', (err) => {
      stderr += `${err.message}\n`;
      finish(127, null);
    });
    child.on('close', (code, signal) => finish(code, signal));
  });
}

export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The last `n` non-empty lines of a text. */
export function tail(text: string, n: number): string {
  const lines = text.replace(/\r/g, '').split('\n').filter((l) => l.trim() !== '');
  return lines.slice(-n).join('\n');
}
