// The bridge to src/verify. Loaded lazily: it pulls in the MCP client SDK, which `scan`/`run`
// without --verify never need.
import type { ServerCommand, VerifyOptions, VerifyReport } from '../verify/index.js';
import { CliError, UsageError } from './errors.js';

export type VerifyModule = typeof import('../verify/index.js');
export type { ServerCommand, VerifyReport };

export async function loadVerify(): Promise<VerifyModule> {
  return import('../verify/index.js');
}

/**
 * A command line as given on our command line (`"python server.py"`), split like sh would, with
 * `python:<venv>` expanded to `./.venv/<venv>/bin/python` (relative to the current folder).
 */
export function commandFromLine(verify: VerifyModule, line: string, cwd?: string): ServerCommand {
  let cmd: { command: string; args: string[] };
  try {
    cmd = verify.splitCommandLine(line);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  return verify.resolveCommand({ ...cmd, ...(cwd ? { cwd } : {}) }, process.cwd());
}

/** verifyServers, with "could not start / stopped answering" turned into a CLI error (exit 1). */
export async function runVerify(verify: VerifyModule, options: VerifyOptions): Promise<VerifyReport> {
  try {
    return await verify.verifyServers(options);
  } catch (e) {
    if (e instanceof verify.VerifyServerError) throw new CliError(`verify: ${e.message}`);
    throw e;
  }
}
