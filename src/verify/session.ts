// One running MCP server under test: the official client over a stdio transport, the server's
// stderr kept for error messages, and a close that never leaves the process behind.
import type { ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { formatCommand, type ServerCommand } from './command.js';

export type Side = 'original' | 'migrated';

const STDERR_KEEP_CHARS = 64 * 1024;
const STDERR_TAIL_LINES = 25;

/** A server under verification failed: names the side, its command and the tail of its stderr. */
export class VerifyServerError extends Error {
  readonly side: Side;
  readonly serverCommand: ServerCommand;
  readonly stderrTail: string;
  constructor(side: Side, serverCommand: ServerCommand, reason: string, stderrTail: string, options?: { cause?: unknown }) {
    super(composeMessage(side, serverCommand, reason, stderrTail), options);
    this.name = 'VerifyServerError';
    this.side = side;
    this.serverCommand = serverCommand;
    this.stderrTail = stderrTail;
  }
}

/** The server could not be spawned, exited, or did not answer `initialize` in time. */
export class ServerStartError extends VerifyServerError {
  constructor(side: Side, serverCommand: ServerCommand, reason: string, stderrTail: string, options?: { cause?: unknown }) {
    super(side, serverCommand, `failed to start: ${reason}`, stderrTail, options);
    this.name = 'ServerStartError';
  }
}

/** The server started but a request failed at the protocol level (timed out, connection lost, …). */
export class ServerRequestError extends VerifyServerError {
  constructor(side: Side, serverCommand: ServerCommand, reason: string, stderrTail: string, options?: { cause?: unknown }) {
    super(side, serverCommand, reason, stderrTail, options);
    this.name = 'ServerRequestError';
  }
}

function composeMessage(side: Side, cmd: ServerCommand, reason: string, stderrTail: string): string {
  const lines = [`the ${side} server ${reason}`, `  command: ${formatCommand(cmd)}${cmd.cwd ? `  (cwd: ${cmd.cwd})` : ''}`];
  if (stderrTail.trim()) {
    lines.push(`  stderr (last lines):`);
    for (const l of stderrTail.split('\n')) lines.push(`    ${l}`);
  } else {
    lines.push('  stderr: (empty)');
  }
  return lines.join('\n');
}

// A pass-through result schema: the SDK's typed schemas strip keys they do not know, and verify
// must see exactly what the server sent. The SDK accepts any object with a zod-3 style
// `safeParse` (it detects zod 4 by its `_zod` marker and falls back to calling `safeParse`).
const RAW_RESULT = {
  safeParse: (data: unknown) => ({ success: true as const, data }),
};

/** Whether an error from the client is a JSON-RPC error the server answered with (not a transport failure). */
export function isServerAnswer(err: unknown): err is McpError {
  return (
    err instanceof McpError &&
    err.code !== ErrorCode.RequestTimeout &&
    err.code !== ErrorCode.ConnectionClosed
  );
}

function inheritedEnv(extra: Record<string, string> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // The node:test runner marks its children; a Node server under test must not think it is one.
    if (v !== undefined && k !== 'NODE_TEST_CONTEXT') env[k] = v;
  }
  return { ...env, ...extra };
}

export class ServerSession {
  private stderrBuf = '';
  private exited: Promise<void>;
  private markExited!: () => void;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private child: ChildProcess | undefined;
  private closed = false;

  private constructor(
    readonly side: Side,
    readonly command: ServerCommand,
    readonly client: Client,
    private readonly transport: StdioClientTransport,
    private readonly timeoutMs: number,
  ) {
    this.exited = new Promise((resolve) => (this.markExited = resolve));
    transport.stderr?.on('data', (chunk: Buffer | string) => {
      this.stderrBuf += chunk.toString();
      if (this.stderrBuf.length > STDERR_KEEP_CHARS) this.stderrBuf = this.stderrBuf.slice(-STDERR_KEEP_CHARS);
    });
  }

  /** Spawns the server and runs the MCP handshake; throws ServerStartError (process cleaned up). */
  static async start(side: Side, command: ServerCommand, timeoutMs: number): Promise<ServerSession> {
    const transport = new StdioClientTransport({
      command: command.command,
      args: command.args,
      cwd: command.cwd,
      env: inheritedEnv(command.env),
      stderr: 'pipe',
    });
    const client = new Client({ name: 'fastmcp-migrate-verify', version: '0.1.0' });
    const session = new ServerSession(side, command, client, transport, timeoutMs);
    session.watchProcess();
    try {
      await client.connect(transport, { timeout: timeoutMs });
    } catch (err) {
      await session.close(true);
      throw new ServerStartError(side, command, await session.describeFailure(err, 'initialize'), session.stderrTail(), {
        cause: err,
      });
    }
    return session;
  }

  // The transport keeps its child process private; we wrap start() to learn the exit status, which
  // makes "exited with code 1" possible in error messages and lets close() kill a hung server.
  private watchProcess(): void {
    const transport = this.transport as unknown as { start: () => Promise<void>; _process?: ChildProcess };
    const start = transport.start.bind(this.transport);
    transport.start = async () => {
      try {
        await start();
      } catch (err) {
        this.markExited();
        throw err;
      }
      this.child = transport._process;
      if (!this.child) {
        this.markExited();
        return;
      }
      this.child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
      });
      this.child.once('close', () => this.markExited());
    };
  }

  private async describeFailure(err: unknown, what: string): Promise<string> {
    if (err instanceof McpError && err.code === ErrorCode.RequestTimeout) {
      return `did not answer ${what} within ${this.timeoutMs} ms`;
    }
    const e = err as NodeJS.ErrnoException;
    if (e?.code === 'ENOENT' && e.syscall?.startsWith('spawn')) {
      const hint = /[\\/]\.venv[\\/]/.test(this.command.command) ? ' (run `bash scripts/setup-venvs.sh` to create the venvs)' : '';
      return `could not be spawned: command not found: ${this.command.command}${hint}`;
    }
    if (e?.code === 'ENOENT' || e?.code === 'EACCES') {
      return `could not be spawned: ${e.message}`;
    }
    // Give stdio a moment to drain so the exit status and the last stderr lines are known.
    await Promise.race([this.exited, delay(500)]);
    if (this.exitInfo) {
      const how = this.exitInfo.signal ? `was killed by ${this.exitInfo.signal}` : `exited with code ${this.exitInfo.code}`;
      return `${how} during ${what}`;
    }
    return `${what} failed: ${err instanceof Error ? err.message : String(err)}`;
  }

  /** Last lines of the server's stderr, ANSI colours removed. */
  stderrTail(): string {
    // eslint-disable-next-line no-control-regex
    const clean = this.stderrBuf.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '').trimEnd();
    const lines = clean.split('\n');
    return lines.slice(-STDERR_TAIL_LINES).join('\n');
  }

  /**
   * Sends a request and returns the result exactly as the server sent it. A JSON-RPC error answer
   * is thrown as McpError (check with isServerAnswer); a time-out or a lost connection becomes a
   * ServerRequestError naming this server.
   */
  async request(method: string, params: Record<string, unknown> | undefined): Promise<Record<string, unknown>> {
    try {
      const result = await this.client.request({ method, params } as never, RAW_RESULT as never, { timeout: this.timeoutMs });
      return result as Record<string, unknown>;
    } catch (err) {
      if (isServerAnswer(err)) throw err;
      let reason: string;
      if (err instanceof McpError && err.code === ErrorCode.RequestTimeout) {
        reason = `did not answer ${method} within ${this.timeoutMs} ms`;
      } else {
        await Promise.race([this.exited, delay(500)]);
        const how = this.exitInfo
          ? this.exitInfo.signal
            ? ` (killed by ${this.exitInfo.signal})`
            : ` (exited with code ${this.exitInfo.code})`
          : '';
        reason = `failed on ${method}: ${err instanceof Error ? err.message : String(err)}${how}`;
      }
      throw new ServerRequestError(this.side, this.command, reason, this.stderrTail(), { cause: err });
    }
  }

  /**
   * Stops the server: closes stdin (servers exit on EOF), then SIGTERM, then SIGKILL. `force`
   * skips the polite wait, for a server that already misbehaved.
   */
  async close(force = false): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (force && this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
    }
    try {
      await this.client.close();
    } catch {
      // closing is best effort; the kill below is the guarantee
    }
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
    }
    await Promise.race([this.exited, delay(2000)]);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
