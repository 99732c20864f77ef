// The contract between transforms (pure) and the CLI (all I/O).
import type { ReviewItem, ServerModel } from '../model/index.js';

/** One file of the user's project, path relative to the project root, POSIX separators. */
export interface ProjectFile {
  path: string;
  text: string;
}

export interface OutputFile {
  path: string;
  /** New content; undefined when the file is deleted. */
  text: string;
  /** Content before the transform; undefined for a created file. */
  before?: string;
}

/** What `scan --json` / `run --json` print per server. */
export interface ServerSummary {
  file: string;
  idiom: string;
  name: string;
  /** `parameters` / `inputSchema`: the tool's input, per parameter and as JSON Schema (README "JSON output"). */
  tools: {
    name: string;
    description?: string;
    parameters?: { name: string; required: boolean; type?: string; description?: string }[];
    inputSchema?: Record<string, unknown>;
  }[];
  resources: { uri: string; name?: string; description?: string }[];
  resourceTemplates: { uriTemplate: string; name?: string; description?: string }[];
  prompts: { name: string; description?: string; arguments: { name: string; required: boolean }[] }[];
  review: ReviewItem[];
}

/**
 * One breaking change a transform found in the user's code, at file:line. `automatic` changes
 * were rewritten; the others are also review items. The same change found twice is two records.
 * `plan` lists these per hop; the untouched-bytes test checks that edits stay near them.
 */
export interface ChangeRecord {
  transform: string;
  /** Stable rule id, e.g. `fastmcp3.run-kwargs` or `sdk-fastmcp.import`. */
  rule: string;
  file: string;
  line: number;
  /** Last line of the region the change rewrote, when it spans several lines. */
  endLine?: number;
  automatic: boolean;
  message: string;
}

export interface TransformResult {
  files: OutputFile[];
  /** Breaking changes found (in-place rewrites report these; optional for generators). */
  changes?: ChangeRecord[];
  /** Review items not tied to a server (e.g. a file that does not parse). */
  review: ReviewItem[];
  servers: ServerModel[];
}

export interface TransformOptions {
  target?: 'py' | 'ts';
}

export interface Transform {
  id: string;
  title: string;
  from: string;
  to: string;
  description: string;
  /**
   * An in-place rewrite edits files by byte range and keeps every other byte (the untouched-bytes
   * test holds it to that); a generator rebuilds the server module from the model.
   */
  inPlace?: boolean;
  /** Cheap check: does this project contain the source idiom? */
  applies(files: ProjectFile[]): boolean;
  run(files: ProjectFile[], options?: TransformOptions): TransformResult;
}
