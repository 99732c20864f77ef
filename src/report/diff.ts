// Unified diffs of what a run changes, optionally coloured for a terminal.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/** A git-style unified diff; `before` undefined means a created file, `after` undefined a deleted one. */
export function unifiedDiff(path: string, before: string | undefined, after: string | undefined, context = 3): string {
  return createTwoFilesPatch(
    before === undefined ? '/dev/null' : `a/${path}`,
    after === undefined ? '/dev/null' : `b/${path}`,
    before ?? '',
    after ?? '',
    undefined,
    undefined,
    { context, headerOptions: FILE_HEADERS_ONLY },
  );
}

const ESC = '\u001b[';
const paint = (code: string, s: string) => `${ESC}${code}m${s}${ESC}0m`;
export const ansi = {
  bold: (s: string) => paint('1', s),
  red: (s: string) => paint('31', s),
  green: (s: string) => paint('32', s),
  yellow: (s: string) => paint('33', s),
  cyan: (s: string) => paint('36', s),
  dim: (s: string) => paint('2', s),
};

export function colorizeDiff(diff: string): string {
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return ansi.bold(line);
      if (line.startsWith('@@')) return ansi.cyan(line);
      if (line.startsWith('+')) return ansi.green(line);
      if (line.startsWith('-')) return ansi.red(line);
      return line;
    })
    .join('\n');
}

/**
 * `--color` / `--no-color` decide when given; otherwise `NO_COLOR` (https://no-color.org) turns colour
 * off, `FORCE_COLOR` (non-empty, not 0) turns it on, and a terminal gets colour.
 */
export function shouldColor(flag: boolean | undefined, stream: { isTTY?: boolean }): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0') return true;
  return Boolean(stream.isTTY);
}
