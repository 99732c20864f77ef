// `npm run realworld`: fetch, migrate and start every package of realworld/packages.json, then
// write realworld/results.json and docs/realworld.md. One package failing never stops the run.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCached, runtimeKey, saveCached, staticKey, toolCommit, toolFingerprint, type CachedResult } from './cache.js';
import { fetchSdist, unpackSdist } from './fetch.js';
import { Logger, progress } from './log.js';
import { normalizeName, parseReservedRepos, pkgKey, validatePackageList, type PackageSpec } from './packages.js';
import { defaultCache, pkgPaths, REPO_ROOT } from './paths.js';
import { renderMarkdown } from './report.js';
import { computeTotals, formatRatio, rowFailures, type ResultRow } from './results.js';
import { emptyRuntime, runRuntimeStage } from './runtime-stage.js';
import { runStaticStage } from './static-stage.js';

export type Stage = 'static' | 'runtime' | 'all';

export interface Options {
  only: string[];
  stage: Stage;
  jobs: number;
  fresh: boolean;
  packages: string;
  cache: string;
  resultsJson: string;
  markdown: string;
}

const RESERVED_FILE = '/work/shared/reserved-repos.txt';

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string', multiple: true },
      stage: { type: 'string', default: 'all' },
      jobs: { type: 'string', default: '2' },
      fresh: { type: 'boolean', default: false },
      packages: { type: 'string' },
      cache: { type: 'string' },
      'results-json': { type: 'string' },
      markdown: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const stage = values.stage as string;
  if (!['static', 'runtime', 'all'].includes(stage)) throw new Error(`--stage must be static, runtime or all (got ${stage})`);
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs must be a positive integer (got ${values.jobs})`);
  return {
    only: values.only ?? [],
    stage: stage as Stage,
    jobs,
    fresh: values.fresh ?? false,
    packages: path.resolve(values.packages ?? path.join(REPO_ROOT, 'realworld', 'packages.json')),
    cache: values.cache ? path.resolve(values.cache) : defaultCache(),
    resultsJson: path.resolve(values['results-json'] ?? path.join(REPO_ROOT, 'realworld', 'results.json')),
    markdown: path.resolve(values.markdown ?? path.join(REPO_ROOT, 'docs', 'realworld.md')),
  };
}

function baseRow(spec: PackageSpec): ResultRow {
  return { name: spec.name, version: spec.version, idiom: spec.idiom, startsOffline: spec.startsOffline, fetch: null, static: null, runtime: null };
}

async function processPackage(spec: PackageSpec, opts: Options, fp: string, label: string): Promise<ResultRow> {
  const p = pkgPaths(opts.cache, spec);
  const log = new Logger(p.log);
  const header = `realworld ${pkgKey(spec)} stage=${opts.stage} tool=${fp} ${new Date().toISOString()}`;
  // A run that only reuses cached results appends to the log that explains them.
  log.line(header);
  const sKey = staticKey(fp, spec);
  const rKey = runtimeKey(sKey, spec);
  const cached = opts.fresh ? undefined : loadCached(opts.cache, spec);
  const wantRuntime = opts.stage !== 'static';
  const wantStatic = opts.stage !== 'runtime' || spec.startsOffline;
  const row = baseRow(spec);
  const entry: CachedResult = { row };

  let staticReused = false;
  if (wantStatic) {
    const canReuse = cached?.staticKey === sKey && cached.row.static && (!wantRuntime || existsSync(p.migrated));
    if (canReuse) {
      row.fetch = cached!.row.fetch;
      row.static = cached!.row.static;
      staticReused = true;
      progress(`${label} static: cached`);
    } else {
      log.reset(header);
      progress(`${label} fetch`);
      try {
        const sdist = await fetchSdist(spec, opts.cache, log);
        await unpackSdist(spec, sdist, opts.cache, log);
        row.fetch = { ok: true };
      } catch (e) {
        row.fetch = { ok: false, error: e instanceof Error ? e.message : String(e) };
        log.line(`fetch failed: ${row.fetch.error}`);
      }
      if (row.fetch.ok) {
        progress(`${label} static`);
        row.static = await runStaticStage(p.src, p.work, log);
      }
    }
    entry.staticKey = sKey;
  } else if (cached?.staticKey === sKey) {
    row.fetch = cached.row.fetch;
    row.static = cached.row.static;
    entry.staticKey = sKey;
  }

  if (wantRuntime) {
    if (!spec.startsOffline) row.runtime = emptyRuntime('startsOffline: false');
    else if (!row.fetch?.ok) row.runtime = emptyRuntime('fetch failed');
    else if (!row.static || row.static.error || !existsSync(p.migrated)) row.runtime = emptyRuntime('no migrated output');
    else if (staticReused && cached?.runtimeKey === rKey && cached.row.runtime && !cached.row.runtime.skipped) {
      row.runtime = cached.row.runtime;
      progress(`${label} runtime: cached`);
    } else {
      progress(`${label} runtime`);
      row.runtime = await runRuntimeStage(spec, p, opts.cache, log, opts.fresh);
    }
    entry.runtimeKey = rKey;
  } else if (cached?.runtimeKey === rKey && cached.staticKey === sKey) {
    row.runtime = cached.row.runtime;
    entry.runtimeKey = rKey;
  }
  saveCached(opts.cache, spec, entry);
  const f = rowFailures(row);
  progress(`${label} done: ${f.length ? `${f.length} failure(s), first: ${f[0]!.stage}: ${f[0]!.cause}` : 'no failure'}`);
  log.line(`result: ${JSON.stringify(row)}`);
  return row;
}

/** A row from the cache for a package not selected by --only (or a "not run" row). */
function cachedRow(spec: PackageSpec, opts: Options, fp: string): ResultRow {
  const cached = loadCached(opts.cache, spec);
  const sKey = staticKey(fp, spec);
  if (!cached || cached.staticKey !== sKey) return { ...baseRow(spec), notRun: true };
  const row = { ...cached.row };
  if (cached.runtimeKey !== runtimeKey(sKey, spec)) row.runtime = null;
  return row;
}

async function pool<T>(n: number, jobs: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      out[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, n) }, worker));
  return out;
}

export async function main(argv: string[]): Promise<number> {
  let opts: Options;
  try {
    opts = parseOptions(argv);
  } catch (e) {
    process.stderr.write(`realworld: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const reserved = existsSync(RESERVED_FILE) ? parseReservedRepos(readFileSync(RESERVED_FILE, 'utf8')) : [];
  let list;
  try {
    const { list: l, errors } = validatePackageList(JSON.parse(readFileSync(opts.packages, 'utf8')), reserved);
    if (errors.length) {
      for (const e of errors) process.stderr.write(`realworld: ${opts.packages}: ${e}\n`);
      return 2;
    }
    list = l;
  } catch (e) {
    process.stderr.write(`realworld: cannot read ${opts.packages}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const wanted = new Set(opts.only.map(normalizeName));
  for (const w of wanted) {
    if (!list.packages.some((p) => normalizeName(p.name) === w)) {
      process.stderr.write(`realworld: --only ${w}: not in ${opts.packages}\n`);
      return 2;
    }
  }
  const selected = list.packages.filter((p) => wanted.size === 0 || wanted.has(normalizeName(p.name)));
  mkdirSync(opts.cache, { recursive: true });
  const started = Date.now();
  const fp = toolFingerprint();
  const commit = await toolCommit();
  progress(`${selected.length} package(s), stage ${opts.stage}, jobs ${opts.jobs}, cache ${opts.cache}, tool ${commit} (${fp})`);

  const computed = await pool(selected.length, opts.jobs, async (i) => {
    const spec = selected[i]!;
    const label = `[${i + 1}/${selected.length}] ${pkgKey(spec)}`;
    try {
      return await processPackage(spec, opts, fp, label);
    } catch (e) {
      // The harness itself failed on this package: record it, go on.
      const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
      new Logger(pkgPaths(opts.cache, spec).log).line(`harness error: ${msg}`);
      progress(`${label} harness error: ${msg.split('\n')[0]}`);
      const row = baseRow(spec);
      row.runtime = emptyRuntime();
      row.runtime.failure = { cause: 'harness error', detail: msg.split('\n')[0]!.slice(0, 300) };
      return row;
    }
  });
  const byName = new Map(computed.map((r) => [r.name, r]));
  const rows = list.packages
    .map((spec) => byName.get(spec.name) ?? cachedRow(spec, opts, fp))
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  const wallSeconds = (Date.now() - started) / 1000;
  const totals = computeTotals(rows);
  const info = { date: new Date().toISOString().slice(0, 10), commit, stage: opts.stage, wallSeconds, ...(opts.only.length ? { only: opts.only } : {}) };
  mkdirSync(path.dirname(opts.resultsJson), { recursive: true });
  writeFileSync(opts.resultsJson, JSON.stringify({ version: 1, run: info, totals, packages: rows }, null, 2) + '\n');
  mkdirSync(path.dirname(opts.markdown), { recursive: true });
  writeFileSync(opts.markdown, renderMarkdown(rows, info));
  progress(
    `done in ${Math.round(wallSeconds)} s: runtime-equal ${formatRatio(totals.runtimeEqual)}, migrated start ${formatRatio(totals.migratedStart)}, ` +
      `compile ${formatRatio(totals.compile)}, second run unchanged ${formatRatio(totals.secondRunUnchanged)}, fewer tools ${totals.fewerTools.length}`,
  );
  progress(`wrote ${path.relative(process.cwd(), opts.resultsJson)} and ${path.relative(process.cwd(), opts.markdown)}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`realworld: ${err && err.stack ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
