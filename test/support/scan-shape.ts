// The shape of an MCP surface that `scan` must get right statically: tool names with their
// parameter names, resource URIs, template URIs, prompt names with their argument names.
// Built either from a live server's lists (verify's Surface) or from a scan ServerSummary.
import path from 'node:path';
import { runProject } from '../../src/cli/run-project.js';
import { allTransforms } from '../../transforms/index.js';
import { scanServers } from '../../src/report/inventory.js';
import type { ServerSummaryJson } from '../../src/report/summary.js';
import type { Surface } from '../../src/verify/index.js';

export interface Shape {
  tools: Map<string, string[]>;
  resources: string[];
  templates: string[];
  prompts: Map<string, string[]>;
}

const sorted = (xs: string[]) => [...xs].sort();

/** A parameter as `name` (optional) or `name*` (required). */
const param = (name: string, required: boolean) => (required ? `${name}*` : name);

export function shapeOfSurface(surface: Surface): Shape {
  const props = (t: Record<string, unknown>) => {
    const schema = (t.inputSchema ?? {}) as { properties?: object; required?: string[] };
    return Object.keys(schema.properties ?? {}).map((k) => param(k, (schema.required ?? []).includes(k)));
  };
  return {
    tools: new Map(surface.tools.map((t) => [String(t.name), sorted(props(t))])),
    resources: sorted(surface.resources.map((r) => String(r.uri))),
    templates: sorted(surface.resourceTemplates.map((r) => String(r.uriTemplate))),
    prompts: new Map(
      surface.prompts.map((p) => [String(p.name), sorted(((p.arguments as { name: string; required?: boolean }[] | undefined) ?? []).map((a) => param(a.name, a.required === true)))]),
    ),
  };
}

export function shapeOfServer(server: ServerSummaryJson): Shape {
  return {
    tools: new Map(server.tools.map((t) => [t.name, sorted(t.parameters.map((p) => param(p.name, p.required)))])),
    resources: sorted(server.resources.map((r) => r.uri)),
    templates: sorted(server.resourceTemplates.map((r) => r.uriTemplate)),
    prompts: new Map(server.prompts.map((p) => [p.name, sorted(p.arguments.map((a) => param(a.name, a.required)))])),
  };
}

/** Differences as readable lines; empty when the shapes agree. */
export function diffShapes(expected: Shape, actual: Shape): string[] {
  const out: string[] = [];
  const maps = (what: string, a: Map<string, string[]>, b: Map<string, string[]>) => {
    for (const [k, v] of a) {
      if (!b.has(k)) out.push(`${what} ${k} missing`);
      else if (JSON.stringify(b.get(k)) !== JSON.stringify(v)) out.push(`${what} ${k}: ${JSON.stringify(b.get(k))} instead of ${JSON.stringify(v)}`);
    }
    for (const k of b.keys()) if (!a.has(k)) out.push(`${what} ${k} listed but not served`);
  };
  const lists = (what: string, a: string[], b: string[]) => {
    for (const x of a) if (!b.includes(x)) out.push(`${what} ${x} missing`);
    for (const x of b) if (!a.includes(x)) out.push(`${what} ${x} listed but not served`);
  };
  maps('tool', expected.tools, actual.tools);
  lists('resource', expected.resources, actual.resources);
  lists('template', expected.templates, actual.templates);
  maps('prompt', expected.prompts, actual.prompts);
  return out;
}

/**
 * `scan` of a folder as the CLI does it (files on disk, no git). Only the generating transforms
 * run: they are the ones whose models `scan` lists (the in-place rewrites report none).
 */
export function scanFolder(dir: string): ServerSummaryJson[] {
  const run = runProject(path.resolve(dir), { git: 'never', transforms: allTransforms.filter((t) => !t.inPlace) });
  return scanServers(run.discovery.files, run.models);
}

/** The scanned server that best matches a live surface (most shared tool/prompt/resource names). */
export function bestMatch(servers: ServerSummaryJson[], surface: Surface): ServerSummaryJson | undefined {
  const live = shapeOfSurface(surface);
  const score = (s: ServerSummaryJson) => {
    const sh = shapeOfServer(s);
    let n = 0;
    for (const k of sh.tools.keys()) if (live.tools.has(k)) n++;
    for (const k of sh.prompts.keys()) if (live.prompts.has(k)) n++;
    n += sh.resources.filter((r) => live.resources.includes(r)).length + sh.templates.filter((r) => live.templates.includes(r)).length;
    if (surface.serverInfo?.name === s.name) n += 0.5;
    return n;
  };
  return [...servers].sort((a, b) => score(b) - score(a))[0];
}
