// How a server is started: a command line split like a POSIX shell would (without running one),
// and the `python:<venv>` shorthand that fixtures use for the project-local virtualenvs.
import path from 'node:path';

/** How to start one MCP server over stdio. */
export interface ServerCommand {
  command: string;
  args: string[];
  /** Working directory of the server process (default: the current directory). */
  cwd?: string;
  /** Extra environment variables, added to the inherited environment. */
  env?: Record<string, string>;
}

/**
 * Splits a command line the way `sh` would split words: whitespace separates words, single quotes
 * keep everything literally, double quotes keep whitespace and honour `\"`, `\\`, `\$` and `` \` ``,
 * a backslash outside quotes escapes the next character. No variable expansion, globbing,
 * redirection or `NAME=value` prefixes: the result is spawned directly, without a shell.
 */
export function splitCommandLine(line: string): { command: string; args: string[] } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated single quote in command line: ${line}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      let closed = false;
      while (i < line.length) {
        const c = line[i]!;
        if (c === '"') {
          closed = true;
          i++;
          break;
        }
        if (c === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1]!)) {
          if (line[i + 1] !== '\n') word += line[i + 1];
          i += 2;
          continue;
        }
        word += c;
        i++;
      }
      if (!closed) throw new Error(`unterminated double quote in command line: ${line}`);
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= line.length) throw new Error(`command line ends with a lone backslash: ${line}`);
      // A backslash-newline is a line continuation, as in sh.
      if (line[i + 1] !== '\n') {
        word += line[i + 1];
        inWord = true;
      }
      i += 2;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) throw new Error('empty command line');
  const [command, ...args] = words as [string, ...string[]];
  return { command, args };
}

/**
 * Expands `python:<venv>` to the interpreter of `<repoRoot>/.venv/<venv>` (the venvs created by
 * scripts/setup-venvs.sh). Any other command is returned unchanged.
 */
export function resolveCommand(cmd: ServerCommand, repoRoot: string): ServerCommand {
  const m = /^python:([A-Za-z0-9_.-]+)$/.exec(cmd.command);
  if (!m) return { ...cmd, args: [...cmd.args] };
  const venv = path.join(repoRoot, '.venv', m[1]!);
  const python =
    process.platform === 'win32' ? path.join(venv, 'Scripts', 'python.exe') : path.join(venv, 'bin', 'python');
  return { ...cmd, command: python, args: [...cmd.args] };
}

/** The command as one readable line, quoting words that need it. */
export function formatCommand(cmd: ServerCommand): string {
  const quote = (w: string) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);
  return [cmd.command, ...cmd.args].map(quote).join(' ');
}
