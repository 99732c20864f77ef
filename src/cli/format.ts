// Human-readable output of the shell (the JSON output lives in report/document.ts).
import type { Idiom, PackageVersions } from '../discover/versions.js';
import type { ReviewItem } from '../model/index.js';
import { ansi, colorizeDiff, unifiedDiff } from '../report/diff.js';
import { allReviewItems, type ReportDocument } from '../report/document.js';
import { formatPinChange } from '../report/pins.js';
import type { ServerSummaryJson } from '../report/summary.js';
import type { PlanDocument } from './plan.js';
import { isChange, type PlannedChange, type ProjectRun } from './run-project.js';

export interface Paint {
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
}

const plain: Paint = { bold: (s) => s, red: (s) => s, green: (s) => s, yellow: (s) => s, cyan: (s) => s, dim: (s) => s };

export function painter(color: boolean): Paint {
  return color ? ansi : plain;
}

function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

function names(list: string[]): string {
  return list.length ? `: ${list.join(', ')}` : '';
}

export function formatServer(s: ServerSummaryJson, p: Paint): string[] {
  const title = s.nameExpr ? `${s.name} (computed)` : JSON.stringify(s.name);
  const lines = [
    `${p.bold(`${s.file}:${s.line}`)}  ${p.bold(title)}  ${p.dim(s.idiom)}${s.factory ? p.dim(` (factory ${s.factory})`) : ''}` +
      (s.transports.length ? p.dim(` [${s.transports.join(', ')}]`) : ''),
    `  ${plural(s.tools.length, 'tool')}${names(s.tools.map((t) => (t.parameters ? `${t.name}(${t.parameters.map((a) => `${a.name}${a.required ? '' : '?'}`).join(', ')})` : t.name)))}`,
    `  ${plural(s.resources.length, 'resource')}${names(s.resources.map((r) => r.uri))}`,
    `  ${plural(s.resourceTemplates.length, 'resource template')}${names(s.resourceTemplates.map((r) => r.uriTemplate))}`,
    `  ${plural(s.prompts.length, 'prompt')}${names(s.prompts.map((x) => `${x.name}(${x.arguments.map((a) => `${a.name}${a.required ? '' : '?'}`).join(', ')})`))}`,
  ];
  if (s.review.length) lines.push(`  ${p.yellow(plural(s.review.length, 'review item'))}`);
  return lines;
}

export function formatReviewItem(item: ReviewItem, p: Paint): string {
  const sev = item.severity === 'error' ? p.red(item.severity) : item.severity === 'warning' ? p.yellow(item.severity) : p.dim(item.severity);
  const where = item.line > 0 ? `${item.file}:${item.line}:${item.column}` : item.file;
  return `${where} ${sev} ${p.bold(item.code)} ${item.message}`;
}

export function formatScan(doc: ReportDocument, p: Paint): string {
  const lines: string[] = [];
  if (doc.servers.length === 0) {
    lines.push(`No MCP server that a transform handles was found in ${doc.root}.`);
  }
  for (const s of doc.servers) lines.push(...formatServer(s, p), '');
  const review = allReviewItems(doc);
  if (review.length) {
    lines.push(p.bold(`Review items (${review.length}):`));
    for (const item of review) lines.push(`  ${formatReviewItem(item, p)}`);
  }
  return lines.join('\n').replace(/\n+$/, '') + '\n';
}

export function formatDiffs(run: ProjectRun, color: boolean): string {
  const chunks: string[] = [];
  for (const f of run.files) {
    if (!isChange(f)) continue;
    const d = unifiedDiff(f.path, f.before, f.after);
    chunks.push(color ? colorizeDiff(d) : d);
  }
  return chunks.join('');
}

export function formatRunSummary(run: ProjectRun, p: Paint, trailer: string[]): string {
  const lines: string[] = [p.bold('Summary')];
  lines.push(`  Transforms: ${run.transforms.length ? run.transforms.join(', ') : 'none applied'}`);
  for (const s of run.servers) {
    const title = s.nameExpr ? s.name : JSON.stringify(s.name);
    lines.push(
      `  Server ${title} (${s.file}:${s.line}, ${s.idiom}): ${plural(s.tools.length, 'tool')}, ` +
        `${plural(s.resources.length, 'resource')}, ${plural(s.resourceTemplates.length, 'resource template')}, ` +
        `${plural(s.prompts.length, 'prompt')}`,
    );
  }
  const count = (status: string) => run.files.filter((f) => f.status === status).length;
  const parts = [
    p.green(`${count('modified')} modified`),
    p.green(`${count('created')} created`),
    ...(count('deleted') ? [p.red(`${count('deleted')} deleted`)] : []),
    `${count('unchanged')} unchanged`,
    ...(count('skipped') ? [p.yellow(`${count('skipped')} skipped`)] : []),
  ];
  lines.push(`  Files: ${parts.join(', ')}`);
  for (const f of run.files) {
    if (f.status === 'skipped') lines.push(`    ${p.yellow('skipped')} ${f.path}${f.reason ? ` (${f.reason})` : ''}`);
  }
  if (run.changes.length) {
    const automatic = run.changes.filter((c) => c.automatic).length;
    lines.push(`  Breaking changes: ${run.changes.length} (${automatic} automatic, ${run.changes.length - automatic} need review; \`plan\` lists them)`);
  }
  for (const pin of run.pins) lines.push(`  Dependency pins: ${pin.file}:${pin.line} ${formatPinChange(pin)}`);
  const review = allReviewItems(run);
  lines.push(`  Review items: ${review.length ? p.yellow(String(review.length)) : '0'}`);
  for (const item of review) lines.push(`    ${formatReviewItem(item, p)}`);
  lines.push(...trailer.map((t) => `  ${t}`));
  return lines.join('\n') + '\n';
}

const IDIOM_LABELS: Record<Idiom, string> = {
  'python-lowlevel-v1': 'MCP SDK v1 low-level Server',
  'python-lowlevel-v2': 'MCP SDK v2 low-level Server',
  'python-lowlevel': 'MCP SDK low-level Server',
  'python-sdk-fastmcp': 'FastMCP 1.0 bundled in MCP SDK v1',
  'python-mcpserver': 'MCP SDK v2 MCPServer',
  fastmcp: 'standalone FastMCP',
  mcp: 'other MCP SDK modules',
};

function packageLine(pkg: PackageVersions): string {
  let where = '';
  if (pkg.basis === 'lock' || pkg.basis === 'pinned') {
    const l = pkg.locked.find((x) => x.kind === pkg.basis)!;
    where = pkg.basis === 'lock' ? ` (locked in ${l.file})` : ` (pinned at ${l.file}:${l.line})`;
  } else if (pkg.basis === 'constraint') {
    where = pkg.undecided ? ' (lowest version the constraint allows; it decides no major: the APIs the code uses do)' : ' (lowest version the constraint allows)';
  }
  const version = pkg.version ? `${pkg.version}${where}` : 'version unknown (imported, not declared)';
  const declared = pkg.declared.map((d) => `${d.file}:${d.line} ${d.text}`).join('; ');
  return `${pkg.package} ${version}${declared ? `; declared: ${declared}` : ''}`;
}

const changeAt = (c: PlannedChange) => `${c.file}:${c.originalLine ?? c.line}`;

function changeLine(c: PlannedChange, width: number, p: Paint): string {
  const kind = c.automatic ? p.green('automatic   ') : p.yellow('needs review');
  const moved = c.originalLine !== undefined ? p.dim(` (line ${c.line} after the hops before)`) : '';
  return `${p.bold(changeAt(c).padEnd(width))}${moved}  ${kind}  ${p.dim(c.rule)}  ${c.message}`;
}

/** `plan` for people: detected versions, then each hop with its changes, then the pins. */
export function formatPlan(plan: PlanDocument, p: Paint): string {
  const lines: string[] = [p.bold(`Migration plan for ${plan.root}`), '', p.bold('Detected')];
  const d = plan.detected;
  if (d.packages.length === 0 && d.files.length === 0) lines.push('  no fastmcp or mcp import, requirement or lockfile entry');
  for (const pkg of d.packages) lines.push(`  ${packageLine(pkg)}`);
  if (d.files.length) {
    lines.push('  Imports:');
    for (const f of d.files) {
      const groups = new Map<Idiom, number[]>();
      for (const imp of f.imports) groups.set(imp.idiom, [...(groups.get(imp.idiom) ?? []), imp.line]);
      const parts = [...groups].map(([idiom, at]) => `${IDIOM_LABELS[idiom]} (line${at.length > 1 ? 's' : ''} ${at.join(', ')})`);
      lines.push(`    ${f.file}: ${parts.join(', ')}`);
    }
  }
  if (d.lockfiles.length) lines.push(`  Lockfiles: ${d.lockfiles.join(', ')}`);
  lines.push('');

  if (plan.hops.length === 0) {
    lines.push('No transform applies: nothing to migrate.');
  } else {
    lines.push(p.bold(`Hops (${plan.hops.length}), applied in this order:`));
    plan.hops.forEach((hop, i) => {
      const counts = hop.changes.length
        ? `${plural(hop.changes.length, 'breaking change')}: ${hop.automatic} automatic, ${hop.needsReview} need${hop.needsReview === 1 ? 's' : ''} review`
        : hop.generated
          ? 'rebuilds the files below from the extracted server model (no per-line change records)'
          : 'no breaking change found';
      lines.push(`  ${i + 1}. ${p.bold(hop.transform)}  ${hop.from} -> ${hop.to}  ${p.dim(hop.title)}`);
      if (hop.failed) lines.push(`     ${p.red('failed: nothing of this hop applies')}`);
      lines.push(`     ${counts}`);
      const width = Math.max(0, ...hop.changes.map((c) => changeAt(c).length));
      for (const c of hop.changes) lines.push(`       ${changeLine(c, width, p)}`);
      if (hop.files.length) lines.push(`     Files: ${hop.files.map((f) => (f.status === 'modified' ? f.path : `${f.path} (${f.status})`)).join(', ')}`);
      for (const pin of hop.pins) lines.push(`     Pins: ${pin.file}:${pin.line} ${formatPinChange(pin)}`);
      if (hop.review.length) {
        lines.push(`     ${p.yellow(plural(hop.review.length, 'review item'))}:`);
        for (const item of hop.review) lines.push(`       ${formatReviewItem(item, p)}`);
      }
    });
  }
  lines.push('', p.bold('Dependency pins'));
  if (plan.pins.length === 0) lines.push('  no change');
  for (const pin of plan.pins) lines.push(`  ${pin.file}:${pin.line}  ${formatPinChange(pin)}`);
  if (plan.review.length) {
    lines.push('', p.bold(`Other review items (${plan.review.length}):`));
    for (const item of plan.review) lines.push(`  ${formatReviewItem(item, p)}`);
  }
  if (plan.notes.length) {
    lines.push('', p.bold('Also to do'));
    for (const n of plan.notes) lines.push(`  - ${n}`);
  }
  const skipped = plan.files.filter((f) => f.status === 'skipped');
  for (const f of skipped) lines.push(`  ${p.yellow('skipped')} ${f.path}${f.reason ? ` (${f.reason})` : ''}`);
  lines.push('', 'Nothing was written. `fastmcp-migrate run <path>` shows the diffs; add --out DIR or --write to apply.');
  return lines.join('\n') + '\n';
}
