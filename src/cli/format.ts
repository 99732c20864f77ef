// Human-readable output of the shell (the JSON output lives in report/document.ts).
import type { ReviewItem } from '../model/index.js';
import { ansi, colorizeDiff, unifiedDiff } from '../report/diff.js';
import { allReviewItems, type ReportDocument } from '../report/document.js';
import type { ServerSummaryJson } from '../report/summary.js';
import { isChange, type ProjectRun } from './run-project.js';

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
    `  ${plural(s.tools.length, 'tool')}${names(s.tools.map((t) => t.name))}`,
    `  ${plural(s.resources.length, 'resource')}${names(s.resources.map((r) => r.uri))}`,
    `  ${plural(s.resourceTemplates.length, 'resource template')}${names(s.resourceTemplates.map((r) => r.uriTemplate))}`,
    `  ${plural(s.prompts.length, 'prompt')}${names(s.prompts.map((x) => x.name))}`,
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
  const review = allReviewItems(run);
  lines.push(`  Review items: ${review.length ? p.yellow(String(review.length)) : '0'}`);
  for (const item of review) lines.push(`    ${formatReviewItem(item, p)}`);
  lines.push(...trailer.map((t) => `  ${t}`));
  return lines.join('\n') + '\n';
}
