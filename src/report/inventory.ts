// The servers a project holds, for every idiom: the models the generating transforms extracted
// (low-level servers) plus the decorator-style servers read from the files themselves
// (SDK-bundled FastMCP, MCPServer, FastMCP 2/3/4). `scan` reads the files as they are on disk;
// `run` and the reports read them as the transforms left them (after migration).
import type { ProjectFile } from '../core/types.js';
import { extractDecoratedServers } from '../extract/python-decorated.js';
import type { ServerModel } from '../model/index.js';
import { summarizeServer, type ServerSummaryJson } from './summary.js';

/**
 * Transform models first, then the decorator-style servers of `files` that are not in a file a
 * transform model already describes (a low-level server's migrated file holds a FastMCP server
 * the model already lists).
 */
export function inventoryModels(files: ProjectFile[], transformModels: ServerModel[]): ServerModel[] {
  const covered = new Set(transformModels.map((m) => m.origin.file));
  const decorated = extractDecoratedServers(files).filter((m) => !covered.has(m.origin.file));
  return [...transformModels, ...decorated];
}

/** The project's files as a run leaves them (deleted files dropped, skipped outputs as on disk). */
export function filesAfter(planned: { path: string; status: string; after?: string; before?: string }[]): ProjectFile[] {
  return planned.flatMap((f) => {
    const text = f.status === 'skipped' ? f.before : f.after;
    return text === undefined ? [] : [{ path: f.path, text }];
  });
}

/** `scan`: the servers of the files as they are on disk. */
export function scanServers(files: ProjectFile[], transformModels: ServerModel[]): ServerSummaryJson[] {
  return inventoryModels(files, transformModels).map(summarizeServer);
}
