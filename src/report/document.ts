// The one JSON document `scan --json`, `run --json` and migration-report.json share (schema: docs/cli.md).
import type { ChangeRecord } from '../core/types.js';
import type { ReviewItem } from '../model/index.js';
import type { PinChange } from './pins.js';
import type { ServerSummaryJson } from './summary.js';

export type FileStatus = 'modified' | 'created' | 'deleted' | 'unchanged' | 'skipped';

export interface FileEntry {
  path: string;
  status: FileStatus;
  /** Why a file was skipped (binary, too large, output does not parse, ...). */
  reason?: string;
  /** Unified diff (run only, modified/created/deleted files). */
  diff?: string;
}

export interface ReportDocument {
  version: 1;
  root: string;
  /** Ids of the transforms that ran. */
  transforms: string[];
  servers: ServerSummaryJson[];
  /** Review items not tied to a server (a file that does not parse, a skipped output, ...). */
  review: ReviewItem[];
  /**
   * Breaking changes the transforms found, in the order they ran (the same change twice is two
   * entries). `originalLine`: the line in the file on disk when an earlier hop had moved it.
   */
  changes?: (ChangeRecord & { originalLine?: number })[];
  /** Requirement changes in pyproject.toml / requirements*.txt. */
  pins?: PinChange[];
  files: FileEntry[];
  /** Report files written by this run (`--out` / `--write`). */
  reports?: string[];
}

/** Every review item of a document: per-server ones and the global ones. */
export function allReviewItems(doc: Pick<ReportDocument, 'servers' | 'review'>): ReviewItem[] {
  return [...doc.servers.flatMap((s) => s.review), ...doc.review];
}
