// The bridge to src/verify, loaded lazily: the rest of the CLI works without it, and `verify`
// (or `run --verify`) says clearly when it is missing.
import { CliError } from './errors.js';

export interface ServerCommandLike {
  command: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
}

export interface VerifyModule {
  splitCommandLine(line: string): { command: string; args: string[] };
  verifyServers(options: Record<string, unknown>): Promise<unknown>;
  formatVerifyReport(result: unknown, options?: Record<string, unknown>): string;
}

export async function loadVerify(): Promise<VerifyModule> {
  // A computed specifier keeps tsc from requiring the module at build time.
  const spec = ['..', 'verify', 'index.js'].join('/');
  try {
    return (await import(spec)) as VerifyModule;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('verify')) {
      throw new CliError('runtime verification is not available in this build (src/verify/index.ts is missing)');
    }
    throw err;
  }
}

/** True when the result says both servers expose the same surface. */
export function verifyEqual(result: unknown): boolean {
  if (result && typeof result === 'object') {
    const r = result as Record<string, unknown>;
    if (typeof r.equal === 'boolean') return r.equal;
    if (typeof r.ok === 'boolean') return r.ok;
    if (Array.isArray(r.differences)) return r.differences.length === 0;
  }
  return false;
}
