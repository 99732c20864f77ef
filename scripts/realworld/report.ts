// docs/realworld.md: how to run the suite, then the results of one run (per package, totals with
// issue 7's acceptance ratios, failures grouped by cause, one line per failure).
import { computeTotals, formatRatio, groupFailures, rowFailures, type ResultRow } from './results.js';

export interface RunInfo {
  date: string;
  /** `git rev-parse HEAD`, with `+dirty` when the work tree had changes. */
  commit: string;
  stage: string;
  wallSeconds?: number;
  only?: string[];
}

export const HOW_TO_RUN = `# The real-world suite

\`npm run realworld\` measures fastmcp-migrate on published MCP servers nobody here wrote: the pinned
list in [\`realworld/packages.json\`](../realworld/packages.json) (PyPI \`name==version\` + sha256 of the
sdist). It is not part of \`npm test\`; its unit tests (\`test/realworld-*.test.ts\`) are.

\`\`\`sh
RW_CACHE=/path/to/cache npm run realworld                      # every package, static + runtime stage
npm run realworld -- --stage static                            # static stage only (no venvs)
npm run realworld -- --only some-mcp --only other-mcp          # some packages (repeatable)
npm run realworld -- --jobs 2 --fresh                          # 2 packages at a time; ignore cached results
\`\`\`

Options: \`--only NAME\` (repeatable), \`--stage static|runtime|all\` (default all), \`--jobs N\` (default 2),
\`--fresh\` (recompute every result; venvs are still reused), \`--packages FILE\` (another list),
\`--cache DIR\` (default \`$RW_CACHE\`, else \`.cache/realworld\`), \`--results-json FILE\` / \`--markdown FILE\` (write the
results elsewhere). With \`--only\`, the other packages' rows come from the cache when still valid. It writes \`realworld/results.json\` (one row per
package, sorted by name) and this file. Needs Node 20, Python 3.11, network access to PyPI, and the
project venvs (\`bash scripts/setup-venvs.sh\`).

Per package:
1. **fetch**: the sdist named in the list, through PyPI's simple index JSON API; its sha256 must match
   (a mismatch is an error for that package); unpacked into \`$RW_CACHE/src/<name>==<version>/\`. The sdist
   is never built.
2. **static**: \`fastmcp-migrate scan --json\` (servers, idiom, tools/resources/templates/prompts; *found* =
   a server is listed or a transform applies), \`run --out <work>/migrated --json\` (*migrated* = it
   modified or created a file; review items by severity), every written \`.py\` file compiled with
   CPython (\`.venv/fastmcp4\`), and \`run\` again on the output (*second run unchanged* = it changes nothing).
3. **runtime** (when \`startsOffline\` is not false): the original installed with uv into
   \`$RW_CACHE/venv/<name>==<version>/orig\` (\`uv pip install name==version\`, Python 3.11); the migrated code
   runs in \`…/mig\`, where the migrated project is installed *as it declares its dependencies after the
   migration* together with \`fastmcp==4.2.3\` (a dropped dependency or a pin conflict fails there, with
   the installer's message). The mig venv is keyed by a hash of the migrated dependency declarations,
   so it is rebuilt only when they change; the migrated source folder is put first on \`sys.path\` and
   the launcher (\`scripts/realworld/rw_launch.py\`) checks the server's package is imported from it.
   Both servers start the same way with their venv's python (a console script → its \`module:function\`
   from the installed \`entry_points.txt\`; a module → \`python -m\`), with the list's \`args\` and \`env\` in a
   minimal environment (no real secrets), and are compared by this repository's \`verify\` (with the
   list's \`calls\` replayed). Each start-up and request has a 60 s limit.

Logs: \`$RW_CACHE/logs/<name>==<version>.log\` (every command and its output).
Results are cached per package under \`$RW_CACHE/results/\`, keyed by a hash of the compiled tool, the
harness and the package entry, so a re-run after no change is quick; \`--fresh\` recomputes.

Columns: *runtime-equal* is verify's verdict (surface and recorded calls) and nothing else; *tools* are
counted on the running servers (original → migrated). A dash means not measured (stage not run, or an
earlier step failed).
`;

function cell(v: string): string {
  return v.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim();
}

function yn(v: boolean | null | undefined): string {
  return v === true ? 'yes' : v === false ? '**no**' : '–';
}

function short(s: string, n = 140): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

export function packageRow(row: ResultRow): string {
  const s = row.static;
  const r = row.runtime;
  const failures = rowFailures(row);
  const name = `${row.name}==${row.version}`;
  if (row.notRun) return `| ${cell(name)} | ${row.idiom} | not run | | | | | | | | | |`;
  const scanned = s?.idioms ?? [];
  const idiom = scanned.length && (scanned.length > 1 || scanned[0] !== row.idiom) ? `${row.idiom} (scan: ${scanned.join(', ')})` : row.idiom;
  const compile = s && !s.error ? `${s.compile.ok}/${s.compile.total}` : '–';
  const tools = r && (r.toolsOriginal !== null || r.toolsMigrated !== null) ? `${r.toolsOriginal ?? '?'}→${r.toolsMigrated ?? '?'}` : '–';
  const runtimeSkipped = r?.skipped ? `not run (${r.skipped})` : undefined;
  const calls = r?.calls ? `${yn(r.callsEqual)} (${r.calls.equal}/${r.calls.total})` : r?.skipped ? '–' : yn(r?.callsEqual);
  const reason = failures.length ? short(`${failures[0]!.cause}: ${failures[0]!.detail}`) + (failures.length > 1 ? ` (+${failures.length - 1})` : '') : '';
  const cols = [
    name,
    idiom,
    s && !s.error ? yn(s.found) : row.fetch && !row.fetch.ok ? 'fetch failed' : '–',
    s && !s.error ? yn(s.migrated) : '–',
    compile,
    s && !s.error ? yn(s.secondRun.unchanged) : '–',
    runtimeSkipped ?? yn(r?.originalStarts),
    runtimeSkipped ? '–' : yn(r?.migratedStarts),
    runtimeSkipped ? '–' : yn(r?.runtimeEqual),
    calls,
    tools,
    reason,
  ];
  return `| ${cols.map(cell).join(' | ')} |`;
}

export function renderMarkdown(rows: ResultRow[], info: RunInfo | undefined): string {
  const out: string[] = [HOW_TO_RUN, '## Results', ''];
  if (!info) {
    out.push('No results committed yet: run `npm run realworld`, which replaces this section with the results of the run.', '');
    return out.join('\n');
  }
  const t = computeTotals(rows);
  out.push(
    `Run of ${info.date} with fastmcp-migrate at \`${info.commit}\`; stage \`${info.stage}\`${info.only?.length ? `, only ${info.only.join(', ')}` : ''}` +
      `${info.wallSeconds !== undefined ? `; wall time ${Math.round(info.wallSeconds)} s` : ''}. ${t.packages} packages` +
      `${t.notRun ? ` (${t.notRun} not run)` : ''}, ${t.runtimeRun} started at run time.`,
    '',
    '### Totals (issue 7 acceptance)',
    '',
    '| measure | result | target |',
    '|---|---|---|',
    `| runtime-equal, among servers whose original starts offline | ${formatRatio(t.runtimeEqual)} | ≥ 95% |`,
    `| migrated servers that start | ${formatRatio(t.migratedStart)} | 100% |`,
    `| written files that compile | ${formatRatio(t.compile)} | 100% |`,
    `| migrated packages unchanged by a second run | ${formatRatio(t.secondRunUnchanged)} | 100% |`,
    `| written servers with fewer tools than the original (running servers) | ${t.fewerTools.length}${t.fewerTools.length ? ` (${t.fewerTools.join(', ')})` : ''} | 0 |`,
    `| recorded calls all equal, among packages with calls | ${formatRatio(t.callsEqual)} | |`,
    `| scan of the output lists fewer tools than scan of the source | ${t.fewerToolsScan.length}${t.fewerToolsScan.length ? ` (${t.fewerToolsScan.join(', ')})` : ''} | |`,
    '',
    `Packages: ${t.packages}; fetched ${t.fetched}; found ${t.found}; migrated ${t.migrated}.` +
      (t.originalDidNotStart.length ? ` Listed as starting offline but the original did not start here: ${t.originalDidNotStart.join(', ')}.` : '') +
      (t.runtimeUnknown.length ? ` Runtime stage failed before the original's start was known (not in the runtime-equal ratio): ${t.runtimeUnknown.join(', ')}.` : ''),
    '',
    '### Per package',
    '',
    '| package | idiom | found | migrated | written files compile | second run unchanged | original starts | migrated starts | runtime-equal | calls equal | tools | reason |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(packageRow),
    '',
  );
  const groups = groupFailures(rows);
  out.push('### Failures by cause', '');
  if (!groups.length) out.push('None.', '');
  else {
    for (const g of groups) out.push(`- **${g.cause}** (${g.packages.length}): ${g.packages.join(', ')}`);
    out.push('');
  }
  out.push('### Every failure', '');
  let any = false;
  for (const row of rows) {
    for (const f of rowFailures(row)) {
      any = true;
      out.push(`- \`${row.name}==${row.version}\` — ${f.stage}: ${f.cause} — ${short(f.detail, 300).replace(/`/g, "'")}`);
    }
  }
  if (!any) out.push('None.');
  out.push('');
  return out.join('\n');
}
