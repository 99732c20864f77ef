// One result row per package, the failures it shows, and the totals issue 7 accepts on.
import type { RuntimeResult } from './runtime-stage.js';
import type { StaticResult } from './static-stage.js';

export interface ResultRow {
  name: string;
  version: string;
  /** The idiom packages.json declares. */
  idiom: string;
  startsOffline: boolean;
  /** Not run in this invocation and no valid cached result. */
  notRun?: boolean;
  fetch: { ok: boolean; error?: string } | null;
  static: StaticResult | null;
  runtime: RuntimeResult | null;
}

export interface Failure {
  stage: 'fetch' | 'static' | 'runtime';
  cause: string;
  detail: string;
}

export function rowFailures(row: ResultRow): Failure[] {
  const out: Failure[] = [];
  if (row.fetch && !row.fetch.ok) out.push({ stage: 'fetch', cause: 'fetch failed', detail: row.fetch.error ?? '' });
  const s = row.static;
  if (s) {
    if (s.error) out.push({ stage: 'static', cause: 'fastmcp-migrate failed', detail: s.error });
    else {
      if (!s.found) out.push({ stage: 'static', cause: 'no server found', detail: 'scan lists no server and no transform applies' });
      if (s.runExit !== 0) out.push({ stage: 'static', cause: `run exits ${s.runExit}`, detail: s.errorItems[0] ?? '' });
      for (const f of s.compile.failed) out.push({ stage: 'static', cause: 'written file does not compile', detail: `${f.file}: ${f.message}` });
      if (s.secondRun.error) out.push({ stage: 'static', cause: 'second run failed', detail: s.secondRun.error });
      else if (s.secondRun.unchanged === false) out.push({ stage: 'static', cause: 'second run changes the output', detail: s.secondRun.changed.slice(0, 3).join(', ') });
    }
  }
  const r = row.runtime;
  if (r?.failure) out.push({ stage: 'runtime', cause: r.failure.cause, detail: r.failure.detail });
  return out;
}

export interface Ratio {
  n: number;
  of: number;
}

export interface Totals {
  packages: number;
  notRun: number;
  fetched: number;
  found: number;
  migrated: number;
  /** Runtime-equal among packages whose original started (offline) in this run. */
  runtimeEqual: Ratio;
  /** Migrated servers (the run wrote something) that started. */
  migratedStart: Ratio;
  /** Written .py files that compile. */
  compile: Ratio;
  /** Migrated packages whose output a second run leaves unchanged. */
  secondRunUnchanged: Ratio;
  /** Both started, and the migrated server lists fewer tools than the original. */
  fewerTools: string[];
  /** scan of the output lists fewer tools than scan of the source (static inventory). */
  fewerToolsScan: string[];
  /** Recorded calls all equal, among packages whose calls were replayed. */
  callsEqual: Ratio;
  /** startsOffline: true in packages.json, but the original did not start here. */
  originalDidNotStart: string[];
  /** The runtime stage ran but could not tell whether the original starts (harness failure). */
  runtimeUnknown: string[];
  runtimeRun: number;
}

export function hasFewerTools(r: RuntimeResult | null): boolean {
  return !!r && r.originalStarts === true && r.migratedStarts === true && r.toolsOriginal !== null && r.toolsMigrated !== null && r.toolsMigrated < r.toolsOriginal;
}

export function computeTotals(rows: ResultRow[]): Totals {
  const t: Totals = {
    packages: rows.length,
    notRun: rows.filter((r) => r.notRun).length,
    fetched: rows.filter((r) => r.fetch?.ok).length,
    found: rows.filter((r) => r.static?.found).length,
    migrated: rows.filter((r) => r.static?.migrated).length,
    runtimeEqual: { n: 0, of: 0 },
    migratedStart: { n: 0, of: 0 },
    compile: { n: 0, of: 0 },
    secondRunUnchanged: { n: 0, of: 0 },
    fewerTools: [],
    fewerToolsScan: [],
    callsEqual: { n: 0, of: 0 },
    originalDidNotStart: [],
    runtimeUnknown: [],
    runtimeRun: 0,
  };
  for (const row of rows) {
    const s = row.static;
    const r = row.runtime;
    const key = `${row.name}==${row.version}`;
    if (s && !s.error) {
      t.compile.n += s.compile.ok;
      t.compile.of += s.compile.total;
      if (s.migrated) {
        t.secondRunUnchanged.of++;
        if (s.secondRun.unchanged === true) t.secondRunUnchanged.n++;
      }
      if (s.migrated && s.migratedScan && s.migratedScan.tools < s.scan.tools) t.fewerToolsScan.push(key);
    }
    if (r && !r.skipped) {
      t.runtimeRun++;
      if (r.originalStarts === true) {
        t.runtimeEqual.of++;
        if (r.runtimeEqual === true) t.runtimeEqual.n++;
      } else if (r.originalStarts === false) {
        if (row.startsOffline) t.originalDidNotStart.push(key);
      } else {
        t.runtimeUnknown.push(key);
      }
      if (s?.migrated && r.migratedStarts !== null) {
        t.migratedStart.of++;
        if (r.migratedStarts) t.migratedStart.n++;
      }
      if (r.callsEqual !== null) {
        t.callsEqual.of++;
        if (r.callsEqual) t.callsEqual.n++;
      }
      if (hasFewerTools(r)) t.fewerTools.push(key);
    }
  }
  return t;
}

export function formatRatio(r: Ratio): string {
  if (r.of === 0) return 'n/a (0 measured)';
  const pct = (100 * r.n) / r.of;
  return `${r.n}/${r.of} (${pct === 100 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)}%)`;
}

/** Failures grouped by cause, largest group first, then by cause; packages sorted. */
export function groupFailures(rows: ResultRow[]): { cause: string; packages: string[] }[] {
  const groups = new Map<string, Set<string>>();
  for (const row of rows) {
    for (const f of rowFailures(row)) {
      const cause = `${f.stage}: ${f.cause}`;
      if (!groups.has(cause)) groups.set(cause, new Set());
      groups.get(cause)!.add(`${row.name}==${row.version}`);
    }
  }
  return [...groups.entries()]
    .map(([cause, set]) => ({ cause, packages: [...set].sort() }))
    .sort((a, b) => b.packages.length - a.packages.length || a.cause.localeCompare(b.cause));
}
