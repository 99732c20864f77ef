// The command-line shell: parse arguments, call the library (run-project.ts), print, pick an exit code.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { Transform } from '../core/types.js';
import { undoLastRun } from '../io/manifest.js';
import { shouldColor } from '../report/diff.js';
import { scanServers } from '../report/inventory.js';
import { allReviewItems } from '../report/document.js';
import { CliError, EXIT, UsageError } from './errors.js';
import { formatDiffs, formatPlan, formatRunSummary, formatScan, painter } from './format.js';
import { planProject, planReviewItems } from './plan.js';
import {
  CLI_CODES,
  outDirIgnore,
  runProject,
  selectTransforms,
  toDocument,
  writeInPlace,
  writeOutTree,
  type ProjectRun,
  type WriteResult,
} from './run-project.js';
import { commandFromLine, loadVerify, runVerify, type ServerCommand, type VerifyReport } from './verify-hook.js';

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface MainOptions {
  io?: CliIO;
  /** Transforms available to `run`/`scan`/`list` (default: every registered transform). */
  transforms?: Transform[];
}

function packageVersion(): string {
  try {
    const here = path.dirname(fileURLToPath(import.meta.url));
    for (const rel of ['../../../package.json', '../../package.json']) {
      try {
        return (JSON.parse(readFileSync(path.join(here, rel), 'utf8')) as { version: string }).version;
      } catch {
        /* try the next layout */
      }
    }
  } catch {
    /* fall through */
  }
  return '0.0.0';
}

interface VerifyOutcome {
  server: string;
  equal: boolean;
  result: VerifyReport;
}

/** `run --verify`: start each migrated server next to its original and compare their surfaces. */
async function verifyRun(
  run: ProjectRun,
  written: WriteResult | undefined,
  mode: 'write' | 'out' | 'dry-run',
  originalCopy: string | undefined,
  python: { original: string; migrated: string },
): Promise<VerifyOutcome[]> {
  const verify = await loadVerify();
  let migratedDir: string;
  let tmpMigrated: string | undefined;
  if (mode === 'dry-run') {
    tmpMigrated = mkdtempSync(path.join(os.tmpdir(), 'fastmcp-migrate-verify-'));
    migratedDir = writeOutTree(run, path.join(tmpMigrated, 'migrated'), { reports: false }).target;
  } else {
    migratedDir = written!.target;
  }
  const originalDir = originalCopy ?? run.root;
  const outcomes: VerifyOutcome[] = [];
  try {
    for (const server of run.servers) {
      const side = (interpreter: string, cwd: string): ServerCommand => {
        const cmd = commandFromLine(verify, interpreter, cwd);
        return { ...cmd, args: [...cmd.args, server.file] };
      };
      const result = await runVerify(verify, {
        original: side(python.original, originalDir),
        migrated: side(python.migrated, migratedDir),
      });
      outcomes.push({ server: server.file, equal: result.equal, result });
    }
  } finally {
    if (tmpMigrated) rmSync(tmpMigrated, { recursive: true, force: true });
  }
  return outcomes;
}

/** Copy the project as it is now, so `run --write --verify` can still start the original. */
function snapshotOriginal(run: ProjectRun): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fastmcp-migrate-original-'));
  // With no planned change, writeOutTree copies every file as it is on disk now, before the write.
  const unchanged: ProjectRun = { ...run, files: run.files.map((f) => ({ ...f, status: 'unchanged' as const })) };
  return writeOutTree(unchanged, path.join(dir, 'original'), { reports: false }).target;
}

export async function main(argv: string[] = hideBin(process.argv), options: MainOptions = {}): Promise<number> {
  const io: CliIO = options.io ?? { stdout: process.stdout, stderr: process.stderr };
  const out = (s: string) => void io.stdout.write(s);
  const err = (s: string) => void io.stderr.write(s);
  let exitCode: number = EXIT.ok;

  const parser = yargs(argv)
    .scriptName('fastmcp-migrate')
    .usage('$0 <command> [options]\n\nMigrate MCP servers built on the official SDKs to FastMCP.')
    .option('color', {
      type: 'boolean',
      description: 'Colour diffs and summary (default: only on a terminal, honouring NO_COLOR / FORCE_COLOR)',
      global: true,
    })
    .command(
      'scan <path>',
      'List the MCP servers found, their idiom, tools, resources, templates and prompts',
      (y) =>
        y
          .positional('path', { type: 'string', demandOption: true, description: 'Project folder' })
          .option('json', { type: 'boolean', default: false, description: 'Print one JSON document (schema: docs/cli.md)' })
          .option('transform', { type: 'string', description: 'Only use this transform (see `list`)' })
          .option('ignore', { type: 'string', array: true, description: 'Glob of files/folders to leave out (repeatable)' })
          .example('$0 scan ./my-server', 'what would be migrated')
          .example('$0 scan ./my-server --json', 'the same as JSON'),
      async (args) => {
        const run = runProject(args.path, { transforms: options.transforms, transformId: args.transform, ignore: args.ignore });
        // The servers as they are on disk (run's `servers` describe them after migration).
        const doc = toDocument({ ...run, servers: scanServers(run.discovery.files, run.models) });
        if (args.json) out(JSON.stringify(doc, null, 2) + '\n');
        else out(formatScan(doc, painter(shouldColor(args.color, io.stdout))));
      },
    )
    .command(
      'plan <path>',
      'Detect the FastMCP / MCP SDK versions in use and list the hops, breaking changes and pin changes a run would make',
      (y) =>
        y
          .positional('path', { type: 'string', demandOption: true, description: 'Project folder' })
          .option('json', { type: 'boolean', default: false, description: 'Print one JSON document (schema: docs/cli.md)' })
          .option('transform', { type: 'string', description: 'Only use this transform (see `list`)' })
          .option('ignore', { type: 'string', array: true, description: 'Glob of files/folders to leave out (repeatable)' })
          .option('fail-on-review', { type: 'boolean', default: false, description: 'Exit with 3 when review items of severity warning or error remain' })
          .example('$0 plan ./my-server', 'versions, hops, breaking changes (file:line) and pin changes')
          .example('$0 plan ./my-server --json', 'the same as JSON'),
      (args) => {
        const plan = planProject(args.path, { transforms: options.transforms, transformId: args.transform, ignore: args.ignore });
        if (args.json) out(JSON.stringify(plan, null, 2) + '\n');
        else out(formatPlan(plan, painter(shouldColor(args.color, io.stdout))));
        const review = planReviewItems(plan);
        const toolErrors = review.some((r) => r.code === CLI_CODES.transformFailed || r.code === CLI_CODES.outputDoesNotParse || r.code === CLI_CODES.notConverged);
        if (toolErrors) exitCode = EXIT.error;
        else if (args['fail-on-review'] && review.some((r) => r.severity !== 'info')) exitCode = EXIT.review;
      },
    )
    .command(
      'run <path>',
      'Migrate a project: dry run with diffs by default, --write in place, or --out DIR',
      (y) =>
        y
          .positional('path', { type: 'string', demandOption: true, description: 'Project folder' })
          .option('write', { type: 'boolean', default: false, description: 'Edit the files in place (needs a clean git tree)' })
          .option('allow-dirty', { type: 'boolean', default: false, description: 'With --write: write even if the git tree has uncommitted changes' })
          .option('out', { type: 'string', description: 'Write the whole migrated project to this new folder' })
          .option('transform', { type: 'string', description: 'Only use this transform (see `list`)' })
          .option('json', { type: 'boolean', default: false, description: 'Print one JSON document with diffs (schema: docs/cli.md)' })
          .option('fail-on-review', { type: 'boolean', default: false, description: 'Exit with 3 when review items of severity warning or error remain' })
          .option('ignore', { type: 'string', array: true, description: 'Glob of files/folders to leave out (repeatable)' })
          .option('verify', { type: 'boolean', default: false, description: 'Start original and migrated servers and compare their MCP surfaces' })
          .option('python-original', { type: 'string', default: 'python3', description: 'With --verify: interpreter for the original servers' })
          .option('python-migrated', { type: 'string', default: 'python3', description: 'With --verify: interpreter for the migrated servers' })
          .example('$0 run ./my-server', 'show the diff, change nothing')
          .example('$0 run ./my-server --out ./migrated', 'write a migrated copy')
          .example('$0 run ./my-server --write', 'migrate in place (clean git tree)'),
      async (args) => {
        if (args.write && args.out !== undefined) throw new UsageError('--write and --out cannot be used together');
        const ignore = [...(args.ignore ?? []), ...(args.out ? outDirIgnore(args.path, args.out) : [])];
        const run = runProject(args.path, { transforms: options.transforms, transformId: args.transform, ignore });
        const mode = args.write ? 'write' : args.out ? 'out' : 'dry-run';
        let written: WriteResult | undefined;
        let originalCopy: string | undefined;
        try {
          if (args.verify && mode === 'write') originalCopy = snapshotOriginal(run);
          if (mode === 'write') written = writeInPlace(run, { allowDirty: args['allow-dirty'] });
          else if (mode === 'out') written = writeOutTree(run, args.out!);

          let verified: VerifyOutcome[] | undefined;
          if (args.verify) {
            verified = await verifyRun(run, written, mode, originalCopy, {
              original: args['python-original'],
              migrated: args['python-migrated'],
            });
          }
          // `info` items are notes ("kept this expression as is"), not work left to do.
          const reviewCount = allReviewItems(run).filter((r) => r.severity !== 'info').length;
          if (args.json) {
            const doc: Record<string, unknown> = { ...toDocument(run, { diffs: true, reports: written?.reports }) };
            if (verified) doc.verify = verified;
            out(JSON.stringify(doc, null, 2) + '\n');
          } else {
            const diffs = formatDiffs(run, shouldColor(args.color, io.stdout));
            out(diffs);
            const trailer: string[] = [];
            if (mode === 'dry-run') {
              trailer.push('Dry run: nothing written. Use --out DIR to write a migrated copy, or --write to edit in place.');
            } else if (written) {
              trailer.push(`Wrote ${written.written.length} file(s) to ${written.target}.`);
              for (const r of written.reports) trailer.push(`Report: ${path.join(written.target, r)}`);
              if (written.notGit) trailer.push('Not a git work tree: the files were written without a dirty-tree check.');
              if (written.manifest) trailer.push(`Undo with: fastmcp-migrate undo ${args.path}`);
            }
            err(formatRunSummary(run, painter(shouldColor(args.color, io.stderr)), trailer));
            if (verified) {
              const verify = await loadVerify();
              for (const v of verified) err(`\nverify ${v.server}:\n${verify.formatVerifyReport(v.result)}\n`);
            }
          }
          const toolErrors = allReviewItems(run).some((r) => r.code === CLI_CODES.transformFailed || r.code === CLI_CODES.outputDoesNotParse || r.code === CLI_CODES.notConverged);
          if (verified?.some((v) => !v.equal) || toolErrors) exitCode = EXIT.error;
          else if (args['fail-on-review'] && reviewCount > 0) exitCode = EXIT.review;
        } finally {
          if (originalCopy) rmSync(path.dirname(originalCopy), { recursive: true, force: true });
        }
      },
    )
    .command(
      'list',
      'List the available transforms',
      (y) => y.option('json', { type: 'boolean', default: false, description: 'Print JSON' }),
      (args) => {
        const transforms = selectTransforms({ transforms: options.transforms });
        const rows = transforms.map((t) => ({ id: t.id, from: t.from, to: t.to, title: t.title, description: t.description }));
        if (args.json) {
          out(JSON.stringify(rows, null, 2) + '\n');
          return;
        }
        const width = Math.max(...rows.map((r) => r.id.length), 2);
        for (const r of rows) out(`${r.id.padEnd(width)}  ${r.from} -> ${r.to}  ${r.title}\n`);
      },
    )
    .command(
      'verify',
      'Start two MCP servers over stdio and compare what they advertise (exit 1 on any difference)',
      (y) =>
        y
          .option('original', { type: 'string', demandOption: true, description: 'Command line of the original server' })
          .option('migrated', { type: 'string', demandOption: true, description: 'Command line of the migrated server' })
          .option('cwd-original', { type: 'string', description: 'Working folder of the original server' })
          .option('cwd-migrated', { type: 'string', description: 'Working folder of the migrated server' })
          .option('calls', { type: 'string', description: 'calls.json: tool calls, resource reads and prompts to replay on both' })
          .option('json', { type: 'boolean', default: false, description: 'Print the result as JSON' })
          .option('strict', { type: 'boolean', default: false, description: 'Count the known FastMCP 4 behaviour changes (derived titles, rejected extra arguments, ...) as differences' })
          .example('$0 verify --original "python server.py" --cwd-original ./old --migrated "python server.py" --cwd-migrated ./new', ''),
      async (args) => {
        const verify = await loadVerify();
        let calls;
        if (args.calls) {
          try {
            calls = verify.parseCallsSpec(JSON.parse(readFileSync(args.calls, 'utf8')), args.calls);
          } catch (e) {
            throw new CliError(`cannot read --calls ${args.calls}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        const cwd = (d: string | undefined) => (d ? path.resolve(d) : undefined);
        const result = await runVerify(verify, {
          original: commandFromLine(verify, args.original, cwd(args['cwd-original'])),
          migrated: commandFromLine(verify, args.migrated, cwd(args['cwd-migrated'])),
          ...(calls ? { calls } : {}),
          strict: args.strict,
        });
        if (args.json) out(JSON.stringify(result, null, 2) + '\n');
        else out(verify.formatVerifyReport(result).replace(/\n*$/, '\n'));
        exitCode = result.equal ? EXIT.ok : EXIT.error;
      },
    )
    .command(
      'undo <path>',
      'Restore the files changed by the last `run --write` in this project',
      (y) =>
        y
          .positional('path', { type: 'string', demandOption: true, description: 'Project folder' })
          .option('force', { type: 'boolean', default: false, description: 'Restore even files edited since the run' })
          .option('dry-run', { type: 'boolean', default: false, description: 'Only say what would be restored' })
          .option('json', { type: 'boolean', default: false, description: 'Print JSON' }),
      (args) => {
        let result;
        try {
          result = undoLastRun(path.resolve(args.path), { force: args.force, dryRun: args['dry-run'] });
        } catch (e) {
          throw new CliError(e instanceof Error ? e.message : String(e));
        }
        if (args.json) out(JSON.stringify(result, null, 2) + '\n');
        else {
          const would = args['dry-run'] ? 'would be ' : '';
          for (const f of result.restored) out(`${would}restored ${f}\n`);
          for (const f of result.deleted) out(`${would}deleted ${f}\n`);
        }
        if (result.conflicts.length) {
          err(
            `refusing to undo: ${result.conflicts.length} file(s) changed since the last run:\n` +
              result.conflicts.map((f) => `  ${f}\n`).join('') +
              'Nothing was restored. Pass --force to overwrite them.\n',
          );
          exitCode = EXIT.error;
        }
      },
    )
    .demandCommand(1, 'Pick a command: scan, plan, run, list, verify or undo.')
    .strict()
    .help()
    .alias('help', 'h')
    .version(packageVersion())
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, e) => {
      if (e) throw e;
      const first = argv[0];
      if (first && !first.startsWith('-') && msg === `Unknown argument: ${first}`) {
        throw new UsageError(`unknown command "${first}"; commands: scan, plan, run, list, verify, undo`);
      }
      throw new UsageError(msg);
    });

  try {
    await parser.parseAsync();
  } catch (e) {
    if (e instanceof CliError) {
      err(`fastmcp-migrate: ${e.message}\n`);
      if (e instanceof UsageError) err('Run `fastmcp-migrate --help` for usage.\n');
      return e.exitCode;
    }
    err(`fastmcp-migrate: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.error;
  }
  return exitCode;
}
