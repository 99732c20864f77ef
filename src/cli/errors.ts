// Errors the CLI turns into a message and an exit code.
export const EXIT = { ok: 0, error: 1, usage: 2, review: 3 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}

export class DirtyTreeError extends CliError {
  constructor(readonly files: string[]) {
    const shown = files.slice(0, 20).map((f) => `  ${f}`);
    if (files.length > 20) shown.push(`  ... and ${files.length - 20} more`);
    super(
      [
        `refusing to --write: the git working tree has uncommitted changes (${files.length} file${files.length === 1 ? '' : 's'}):`,
        ...shown,
        'Commit or stash them first so the migration can be reviewed and reverted with git,',
        'or pass --allow-dirty to write anyway (`fastmcp-migrate undo` can still restore the files).',
      ].join('\n'),
    );
    this.name = 'DirtyTreeError';
  }
}
