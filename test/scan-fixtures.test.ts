// Issue 7, acceptance 3: `scan --json` lists servers, tools (with parameters), resources,
// templates and prompts for every Python idiom. Checked three ways:
//  - every fixture case's input/ and expected/ lists at least one server, with components;
//  - input/ and expected/ of a case list the same surface (tool and parameter names, URIs, prompt
//    arguments). For the low-level transforms the two sides are read by different extractors (the
//    low-level model of the original, the decorator reader of the FastMCP 4 output);
//  - for one case per idiom, the original server is started in its venv and scan's listing is
//    compared with what it answers to tools/list, resources/list, templates/list, prompts/list.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadVerifyCase, resolveCommand, type ServerCommand } from '../src/verify/index.js';
import { ServerSession } from '../src/verify/session.js';
import { collectSurface } from '../src/verify/surface.js';
import type { ServerSummaryJson } from '../src/report/summary.js';
import { bestMatch, diffShapes, scanFolder, shapeOfServer, shapeOfSurface } from './support/scan-shape.js';
import { repo, runMain } from './support/cli-helpers.js';

const fixtures = path.join(repo, 'fixtures');

interface Case {
  id: string;
  dir: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const transform of readdirSync(fixtures).sort()) {
    const tdir = path.join(fixtures, transform);
    if (!existsSync(tdir) || !readdirSync(tdir, { withFileTypes: true }).some((e) => e.isDirectory())) continue;
    for (const name of readdirSync(tdir).sort()) {
      const dir = path.join(tdir, name);
      if (existsSync(path.join(dir, 'input')) && existsSync(path.join(dir, 'expected'))) out.push({ id: `${transform}/${name}`, dir });
    }
  }
  return out;
}

/** Components whose surface the case's verify.json says changes on purpose (`tools.search...`). */
function knownChanges(dir: string): Set<string> {
  const file = path.join(dir, 'verify.json');
  if (!existsSync(file)) return new Set();
  const spec = JSON.parse(readFileSync(file, 'utf8')) as { expectDifferences?: { path: string }[] };
  return new Set((spec.expectDifferences ?? []).map((d) => /^(tools|prompts)\.([^.]+)\.(inputSchema|arguments)/.exec(d.path)).flatMap((m) => (m ? [`${m[1] === 'tools' ? 'tool' : 'prompt'} ${m[2]}`] : [])));
}

/** Cases whose listing is known only at run time, and why. */
const RUNTIME_ONLY: Record<string, string> = {
  'fastmcp-3-to-4/openapi-server': 'tools generated from an OpenAPI description at start-up (FMM032 info item)',
  'fastmcp-2-to-3/openapi-transformations': 'tools generated from an OpenAPI description at start-up (FastMCP.from_openapi)',
};

/** Shape-difference prefixes of the kinds a server lists only at run time (ServerModel.runtimeLists). */
const RUNTIME_PREFIX = { tools: 'tool ', resources: 'resource ', resourceTemplates: 'template ', prompts: 'prompt ' } as const;

/** Does the migrated tree serve the original low-level handlers through the runtime bridge? */
function hasRuntimeBridge(dir: string): boolean {
  const walk = (d: string): boolean =>
    readdirSync(d, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.py') && /^\s*_lowlevel = _LowlevelHandlers\(/m.test(readFileSync(path.join(d, e.name), 'utf8')),
    );
  return walk(dir);
}

const componentCount = (s: ServerSummaryJson) => s.tools.length + s.resources.length + s.resourceTemplates.length + s.prompts.length;

/** Servers by name, the one with the most components first for a repeated name. */
function byName(servers: ServerSummaryJson[]): Map<string, ServerSummaryJson> {
  const out = new Map<string, ServerSummaryJson>();
  for (const s of [...servers].sort((a, b) => componentCount(b) - componentCount(a))) if (!out.has(s.name)) out.set(s.name, s);
  return out;
}

describe('scan lists every fixture server (input and expected)', () => {
  for (const c of cases()) {
    test(c.id, () => {
      const input = scanFolder(path.join(c.dir, 'input'));
      const expected = scanFolder(path.join(c.dir, 'expected'));
      assert.ok(input.length > 0, `${c.id}: scan lists no server in input/`);
      assert.ok(expected.length > 0, `${c.id}: scan lists no server in expected/`);
      for (const s of expected) assert.match(s.idiom, /^fastmcp-[34]$/, `${c.id}: expected/${s.file} is listed as ${s.idiom}`);
      if (RUNTIME_ONLY[c.id]) return;
      // A low-level server whose lists are only known at run time lists no such component
      // statically: scan says so with runtimeLists (kind, where, why), and the migrated server
      // serves those kinds through the runtime bridge (the original handlers), not statically.
      assert.ok(
        input.some((s) => componentCount(s) > 0 || (s.runtimeLists ?? []).length > 0),
        `${c.id}: no tool, resource or prompt listed in input/, and no list known only at run time`,
      );
      const after = byName(expected);
      for (const [name, s] of byName(input)) {
        const other = after.get(name) ?? (input.length === 1 && expected.length === 1 ? expected[0] : undefined);
        assert.ok(other, `${c.id}: server ${name} of input/ is not listed in expected/`);
        const known = knownChanges(c.dir);
        const runtime = [...new Set((s.runtimeLists ?? []).map((r) => RUNTIME_PREFIX[r.kind]))];
        if (runtime.length) {
          assert.match(s.idiom, /^python-lowlevel/, `${c.id}: server ${name} lists at run time but is not low-level`);
          assert.ok(hasRuntimeBridge(path.join(c.dir, 'expected')), `${c.id}: server ${name} lists ${runtime.map((p) => p.trim()).join(', ')} at run time, but expected/ has no runtime bridge`);
          for (const r of s.runtimeLists!) assert.ok(r.reason.length > 0 && r.line > 0, `${c.id}: runtimeLists entry without where/why`);
        }
        const diff = diffShapes(shapeOfServer(s), shapeOfServer(other)).filter((d) => ![...known].some((k) => d.startsWith(`${k}:`)) && !runtime.some((p) => d.startsWith(p)));
        assert.deepEqual(diff, [], `${c.id}: server ${name}: input/ and expected/ list different surfaces`);
      }
    });
  }
});

/** One case per idiom whose original is started for real. */
const LIVE = [
  'python-sdk-fastmcp-to-fastmcp/quickstart',
  'python-mcpserver-to-fastmcp/resolvers',
  'fastmcp-2-to-3/composition',
  'fastmcp-3-to-4/types-imports',
  'python-lowlevel-to-fastmcp/resources-templates-prompts',
];

/** Servers written for this test (test/support/scan-servers): many constructs in one project each. */
const SCAN_SERVERS: { dir: string; venv: string; idiom: string }[] = [
  { dir: 'sdk-inventory', venv: 'mcp1', idiom: 'python-sdk-fastmcp' },
  { dir: 'fastmcp4-inventory', venv: 'fastmcp4', idiom: 'fastmcp-4' },
];

type Json = Record<string, unknown>;

/** The JSON type(s) a live schema admits, following `$ref`s into `$defs`. */
function jsonType(schema: Json, defs: Record<string, Json>): string | undefined {
  if (typeof schema.$ref === 'string') return jsonType(defs[schema.$ref.split('/').pop()!] ?? {}, defs);
  if (Array.isArray(schema.anyOf)) {
    const parts = (schema.anyOf as Json[]).map((x) => jsonType(x, defs));
    return parts.includes(undefined) ? undefined : [...new Set(parts)].join('|');
  }
  if (typeof schema.type === 'string') return schema.type;
  if (schema.properties) return 'object';
  return undefined;
}

async function liveSurface(command: ServerCommand) {
  // Generous: a loaded machine can take long to import fastmcp.
  const session = await ServerSession.start('original', command, 90_000);
  try {
    return await collectSurface(session);
  } finally {
    await session.close();
  }
}

function assertScanMatches(id: string, dir: string, surface: Awaited<ReturnType<typeof liveSurface>>): ServerSummaryJson {
  const match = bestMatch(scanFolder(dir), surface);
  assert.ok(match, `${id}: scan lists no server`);
  assert.deepEqual(diffShapes(shapeOfSurface(surface), shapeOfServer(match)), [], `${id}: scan differs from tools/list etc.`);
  return match;
}

describe('scan agrees with the live surface of the original server', { concurrency: 1 }, () => {
  for (const id of LIVE) {
    test(id, { timeout: 180_000 }, async () => {
      const c = loadVerifyCase(path.join(fixtures, id), repo);
      assert.ok(c.options, `${id}: ${c.skip ?? c.error}`);
      assertScanMatches(id, c.options.original.cwd!, await liveSurface(c.options.original));
    });
  }
  for (const s of SCAN_SERVERS) {
    test(`test/support/scan-servers/${s.dir}`, { timeout: 180_000 }, async () => {
      const dir = path.join(repo, 'test', 'support', 'scan-servers', s.dir);
      const command = resolveCommand({ command: `python:${s.venv}`, args: ['server.py'], cwd: dir, env: { PYTHONDONTWRITEBYTECODE: '1' } }, repo);
      const surface = await liveSurface(command);
      const match = assertScanMatches(s.dir, dir, surface);
      assert.equal(match.idiom, s.idiom);
      assert.equal(match.name, surface.serverInfo?.name);
      // Parameter types agree with the advertised schema (the JSON type of each property).
      for (const tool of match.tools) {
        const live = surface.tools.find((t) => t.name === tool.name)!;
        const input = live.inputSchema as { properties?: Record<string, Json>; $defs?: Record<string, Json> };
        for (const p of tool.parameters) {
          const type = jsonType(input.properties![p.name], input.$defs ?? {});
          if (p.type && type) assert.equal(p.type, type, `${s.dir}: ${tool.name}.${p.name}`);
        }
      }
    });
  }
});

describe('scan --json / run --json through the CLI', () => {
  test('scan --json lists the SDK FastMCP server as it is on disk; run --json lists it after migration', async () => {
    const dir = path.join(fixtures, 'python-sdk-fastmcp-to-fastmcp', 'quickstart', 'input');
    const scan = await runMain(['scan', dir, '--json']);
    assert.equal(scan.code, 0, scan.stderr);
    const doc = JSON.parse(scan.stdout) as { servers: ServerSummaryJson[] };
    assert.equal(doc.servers.length, 1);
    assert.equal(doc.servers[0].idiom, 'python-sdk-fastmcp');
    assert.ok(doc.servers[0].tools.length > 0);
    for (const t of doc.servers[0].tools) {
      assert.ok(Array.isArray(t.parameters), 'every tool has parameters');
      assert.equal(t.inputSchema.type, 'object');
    }
    const run = await runMain(['run', dir, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const after = JSON.parse(run.stdout) as { servers: ServerSummaryJson[] };
    assert.equal(after.servers.length, 1);
    assert.equal(after.servers[0].idiom, 'fastmcp-4');
    assert.deepEqual(diffShapes(shapeOfServer(doc.servers[0]), shapeOfServer(after.servers[0])), []);
  });
});

