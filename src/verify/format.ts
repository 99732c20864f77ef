// The terminal rendering of a VerifyReport (plain text; the CLI may colour it).
import { formatCommand } from './command.js';
import type { VerifyReport } from './index.js';
import type { Surface } from './surface.js';

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function summary(s: Surface): string {
  return [
    count(s.tools.length, 'tool'),
    count(s.resources.length, 'resource'),
    count(s.resourceTemplates.length, 'resource template'),
    count(s.prompts.length, 'prompt'),
  ].join(', ');
}

export function formatVerifyReport(report: VerifyReport): string {
  const lines: string[] = [];
  const cwd = (c: { cwd?: string }) => (c.cwd ? `  (cwd ${c.cwd})` : '');
  lines.push(`original: ${formatCommand(report.commands.original)}${cwd(report.commands.original)}`);
  lines.push(`          ${summary(report.original)}`);
  lines.push(`migrated: ${formatCommand(report.commands.migrated)}${cwd(report.commands.migrated)}`);
  lines.push(`          ${summary(report.migrated)}`);
  if (report.calls) {
    const same = report.calls.filter((c) => c.equal).length;
    lines.push(`calls:    ${count(report.calls.length, 'call')} replayed on both, ${same} with equal results`);
  }
  lines.push('');
  const changes = report.behaviourChanges ?? [];
  const known = changes.length ? `; ${count(changes.length, 'known FastMCP 4 behaviour change')} below` : '';
  if (report.equal) {
    lines.push(`✓ same MCP surface${report.calls ? ' and equal call results' : ''}${known} (${report.durationMs} ms)`);
  } else if (report.differences.length === 0) {
    lines.push(`✗ no other difference, but --strict counts the ${count(changes.length, 'known FastMCP 4 behaviour change')} below`);
  } else {
    lines.push(`✗ ${count(report.differences.length, 'difference')}:`);
    for (const d of report.differences) {
      lines.push(`  - ${d.message}`);
      lines.push(`      at ${d.path}`);
    }
  }
  if (changes.length > 0) {
    lines.push('');
    lines.push(
      `${count(changes.length, 'known FastMCP 4 behaviour change')} a client can see (${report.strict ? 'counted as differences: --strict' : 'not counted as differences; --strict counts them'}):`,
    );
    for (const b of changes) {
      lines.push(`  ! ${b.message}`);
      lines.push(`      remedy: ${b.remedy}`);
    }
  }
  if (report.expectedDifferences.length > 0) {
    lines.push('');
    lines.push(`${count(report.expectedDifferences.length, 'expected difference')} (listed in expectDifferences):`);
    for (const d of report.expectedDifferences) lines.push(`  ~ ${d.message}\n      why: ${d.why}`);
  }
  if (report.unmatchedExpectations.length > 0) {
    lines.push('');
    lines.push(`${count(report.unmatchedExpectations.length, 'expected difference')} did not occur (stale expectation?):`);
    for (const e of report.unmatchedExpectations) lines.push(`  ? ${e.path} — ${e.why}`);
  }
  return lines.join('\n');
}
