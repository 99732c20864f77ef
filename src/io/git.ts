// What git says about the project: are we in a work tree, and which files have uncommitted changes.
import { execFileSync } from 'node:child_process';

export interface GitState {
  /** False when the folder is not inside a git work tree (or git is missing). */
  isRepo: boolean;
  /** Paths (relative to the folder asked about) with staged, unstaged or untracked changes. */
  dirty: string[];
}

/** True when `dir` lies inside a git work tree (false too when git is not installed). */
export function insideGitWorkTree(dir: string): boolean {
  try {
    return (
      execFileSync('git', ['rev-parse', '--is-inside-work-tree'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() === 'true'
    );
  } catch {
    return false;
  }
}

export function gitState(dir: string): GitState {
  if (!insideGitWorkTree(dir)) return { isRepo: false, dirty: [] };
  // Porcelain paths are relative to the repository root; make them relative to `dir`.
  const prefix = execFileSync('git', ['rev-parse', '--show-prefix'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  // The pathspec `.` limits the check to this project when it is a subfolder of a larger repository.
  const out = execFileSync('git', ['-c', 'core.quotePath=false', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const dirty: string[] = [];
  const entries = out.split('\0');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.length < 4) continue;
    const status = entry.slice(0, 2);
    const p = entry.slice(3);
    dirty.push(prefix && p.startsWith(prefix) ? p.slice(prefix.length) : p);
    // Renames and copies carry the source path as the next NUL-separated field.
    if (status.includes('R') || status.includes('C')) i++;
  }
  return { isRepo: true, dirty };
}
