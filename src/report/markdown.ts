// MIGRATION_REPORT.md: what was migrated, what a human must still look at, and what to do next.
import type { ReviewItem } from '../model/index.js';
import { allReviewItems, type ReportDocument } from './document.js';
import { formatPinChange } from './pins.js';
import type { ServerSummaryJson } from './summary.js';

export interface MarkdownContext {
  /** How the user ran us, e.g. `--out ./migrated` or `--write`; shapes the verify hint. */
  mode: 'out' | 'write' | 'dry-run';
  /** Migrated tree for `--out` (absolute or as given). */
  outDir?: string;
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
}

/** Inline code that survives backticks inside the text. */
function code(text: string): string {
  const fence = '`'.repeat(longestBacktickRun(text) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** One line of prose from user text (descriptions can span lines). */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function fencedBlock(text: string, lang = ''): string {
  const fence = '`'.repeat(Math.max(2, longestBacktickRun(text)) + 1);
  return `${fence}${lang}\n${text.replace(/\n+$/, '')}\n${fence}`;
}

function described(text: string | undefined, isExpr: boolean | undefined): string {
  if (text === undefined) return '';
  return isExpr ? ` — computed at run time: ${code(text)}` : ` — ${oneLine(text)}`;
}

function reviewSection(items: ReviewItem[]): string[] {
  const lines: string[] = [];
  for (const item of items) {
    lines.push(`- **${item.severity}** ${code(item.code)} at ${code(item.line > 0 ? `${item.file}:${item.line}:${item.column}` : item.file)}: ${oneLine(item.message)}`);
    if (item.snippet) lines.push('', indent(fencedBlock(item.snippet, item.file.endsWith('.py') ? 'python' : '')), '');
    if (item.suggestion) lines.push(`  - Suggestion: ${oneLine(item.suggestion)}`);
  }
  return lines;
}

function indent(block: string): string {
  return block
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}

function serverSection(server: ServerSummaryJson): string[] {
  const lines: string[] = [];
  const title = server.nameExpr ? code(server.name) : server.name || '(unnamed)';
  lines.push(`## Server ${title}`, '');
  lines.push(`- File: ${code(`${server.file}:${server.line}`)}`);
  lines.push(`- Idiom: ${code(server.idiom)}`);
  if (server.nameExpr) lines.push(`- Name: computed at run time: ${code(server.name)}`);
  if (server.factory) lines.push(`- Built inside factory ${code(server.factory)}`);
  if (server.transports.length) lines.push(`- Transports: ${server.transports.map(code).join(', ')}`);
  lines.push(
    `- Counts: ${server.tools.length} tools, ${server.resources.length} resources, ` +
      `${server.resourceTemplates.length} resource templates, ${server.prompts.length} prompts, ` +
      `${server.review.length} review items`,
    '',
  );
  if (server.tools.length) {
    lines.push('### Tools', '');
    for (const t of server.tools) {
      const params = (t.parameters ?? []).map((a) => `${a.name}${a.required ? '' : '?'}`).join(', ');
      lines.push(`- ${code(t.name)}(${params})${described(t.description, t.descriptionExpr)}`);
    }
    lines.push('');
  }
  if (server.resources.length) {
    lines.push('### Resources', '');
    for (const r of server.resources) {
      const mime = r.mimeType ? ` (${r.mimeType})` : '';
      lines.push(`- ${code(r.uri)}${r.name ? ` ${code(r.name)}` : ''}${mime}${described(r.description, r.descriptionExpr)}`);
    }
    lines.push('');
  }
  if (server.resourceTemplates.length) {
    lines.push('### Resource templates', '');
    for (const r of server.resourceTemplates) {
      const mime = r.mimeType ? ` (${r.mimeType})` : '';
      lines.push(`- ${code(r.uriTemplate)}${r.name ? ` ${code(r.name)}` : ''}${mime}${described(r.description, r.descriptionExpr)}`);
    }
    lines.push('');
  }
  if (server.prompts.length) {
    lines.push('### Prompts', '');
    for (const p of server.prompts) {
      const args = p.arguments.map((a) => `${a.name}${a.required ? '' : '?'}`).join(', ');
      lines.push(`- ${code(p.name)}(${args})${described(p.description, p.descriptionExpr)}`);
    }
    lines.push('');
  }
  if (server.review.length) {
    lines.push('### Review items', '', ...reviewSection(server.review), '');
  }
  return lines;
}

/** Per transform, in the order they ran: every breaking change at file:line. */
function breakingChangesSection(doc: ReportDocument): string[] {
  const changes = doc.changes ?? [];
  if (!changes.length) return [];
  const automatic = changes.filter((c) => c.automatic).length;
  const lines = [
    '## Breaking changes',
    '',
    `${changes.length} found: ${automatic} rewritten automatically, ${changes.length - automatic} to review (also listed as review items).`,
    '',
  ];
  const order = [...new Set([...doc.transforms, ...changes.map((c) => c.transform)])];
  for (const transform of order) {
    const mine = changes.filter((c) => c.transform === transform);
    if (!mine.length) continue;
    lines.push(`### ${code(transform)}`, '');
    for (const c of mine) {
      lines.push(`- ${code(`${c.file}:${c.originalLine ?? c.line}`)} ${c.automatic ? 'automatic' : '**needs review**'} ${code(c.rule)}: ${oneLine(c.message)}`);
    }
    lines.push('');
  }
  return lines;
}

function pinsSection(doc: ReportDocument): string[] {
  const pins = doc.pins ?? [];
  if (!pins.length) return [];
  return ['## Dependency pins', '', ...pins.map((p) => `- ${code(`${p.file}:${p.line}`)}: ${code(formatPinChange(p))}`), ''];
}

function checklist(doc: ReportDocument, ctx: MarkdownContext): string[] {
  const review = allReviewItems(doc);
  const lines = ['## Next steps', ''];
  if (doc.pins?.length) {
    lines.push(
      `- [ ] Reinstall the dependencies: the pins changed in ${[...new Set(doc.pins.map((p) => p.file))].map(code).join(', ')}; regenerate any lockfile (\`uv lock\`, \`poetry lock\`, ...).`,
    );
  } else {
    lines.push(
      '- [ ] Install FastMCP: `pip install fastmcp` (and replace the `mcp` requirement with `fastmcp` in `pyproject.toml` / `requirements*.txt`).',
    );
  }
  for (const server of doc.servers) {
    const file = server.file;
    if (ctx.mode === 'out' && ctx.outDir) {
      lines.push(
        `- [ ] Check that ${code(file)} exposes the same surface: ` +
          code(
            `npx fastmcp-migrate verify --original "python ${file}" --cwd-original ${shellWord(doc.root)} ` +
              `--migrated "python ${file}" --cwd-migrated ${shellWord(ctx.outDir)}`,
          ) +
          ' (each side with the Python environment it needs).',
      );
    } else {
      lines.push(
        `- [ ] Check that ${code(file)} exposes the same surface: put the original next to it ` +
          `(${code('git worktree add ../original HEAD')}) and run ` +
          code(`npx fastmcp-migrate verify --original "python ${file}" --cwd-original ../original --migrated "python ${file}" --cwd-migrated .`) +
          '.',
      );
    }
  }
  if (review.length) lines.push(`- [ ] Resolve the ${review.length} review item${review.length === 1 ? '' : 's'} listed in this report.`);
  lines.push('- [ ] Run your own tests against the migrated server.');
  return lines;
}

function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function renderMarkdownReport(doc: ReportDocument, ctx: MarkdownContext): string {
  const review = allReviewItems(doc);
  const changed = doc.files.filter((f) => f.status === 'modified' || f.status === 'created' || f.status === 'deleted');
  const skipped = doc.files.filter((f) => f.status === 'skipped');
  const lines: string[] = ['# Migration report', ''];
  lines.push(
    `Transforms: ${doc.transforms.length ? doc.transforms.map(code).join(', ') : 'none applied'}. ` +
      `${doc.servers.length} server${doc.servers.length === 1 ? '' : 's'}, ` +
      `${changed.length} file${changed.length === 1 ? '' : 's'} changed, ` +
      `${review.length} review item${review.length === 1 ? '' : 's'}.`,
    '',
  );
  for (const server of doc.servers) lines.push(...serverSection(server));
  lines.push(...breakingChangesSection(doc), ...pinsSection(doc));
  if (doc.review.length) lines.push('## Other review items', '', ...reviewSection(doc.review), '');
  if (changed.length || skipped.length) {
    lines.push('## Files', '');
    for (const f of changed) lines.push(`- ${f.status}: ${code(f.path)}`);
    for (const f of skipped) lines.push(`- skipped: ${code(f.path)}${f.reason ? ` (${f.reason})` : ''}`);
    lines.push('');
  }
  lines.push(...checklist(doc, ctx), '');
  return lines.join('\n');
}
