// Runs this repository's verify (original vs migrated over stdio) in a child process of the
// harness, so a server that hangs can be killed with its whole process group. Reads a JSON spec
// file (argv[2]) and writes one JSON document, {report} or {error}, to argv[3] (a file, not
// stdout: a large report piped to stdout can be cut short when the process exits).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseCallsSpec, ServerRequestError, ServerStartError, verifyServers, type ServerCommand, type VerifyReport } from '../../src/verify/index.js';

export interface VerifyChildSpec {
  original: ServerCommand;
  migrated: ServerCommand;
  calls?: unknown;
  timeoutMs: number;
}

export type VerifyChildOutput =
  | { report: VerifyReport }
  | { error: { kind: 'start' | 'request' | 'other'; side?: 'original' | 'migrated'; otherSideFailed?: boolean; message: string; stderrTail?: string } };

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as VerifyChildSpec;
  let out: VerifyChildOutput;
  try {
    const report = await verifyServers({
      original: spec.original,
      migrated: spec.migrated,
      timeoutMs: spec.timeoutMs,
      ...(spec.calls ? { calls: parseCallsSpec(spec.calls, 'calls') } : {}),
    });
    out = { report };
  } catch (e) {
    if (e instanceof ServerStartError || e instanceof ServerRequestError) {
      // verifyServers starts both sides together; when both fail it throws the original's error
      // with the migrated one's message appended.
      const otherSideFailed = e.side === 'original' && /\nthe migrated server /.test(e.message);
      out = {
        error: { kind: e instanceof ServerStartError ? 'start' : 'request', side: e.side, otherSideFailed, message: e.message, stderrTail: e.stderrTail },
      };
    } else {
      out = { error: { kind: 'other', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } };
    }
  }
  writeFileSync(process.argv[3]!, JSON.stringify(out) + '\n');
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(String(e && (e as Error).stack ? (e as Error).stack : e) + '\n');
    process.exit(1);
  },
);
