// Python SDK low-level `Server` → FastMCP 4 (Python): extractor + emitter, nothing else.
// SDK v1 (decorators) and SDK v2 (`on_*` constructor handlers) share everything but discovery.
import type { OutputFile, ProjectFile, Transform, TransformResult } from '../src/core/types.js';
import { adaptSdkModule, emitFastmcpModule } from '../src/emit/python-fastmcp.js';
import { extractLowlevelServers, type LowlevelVersion } from '../src/extract/python-lowlevel.js';
import { loadPythonProject } from '../src/extract/python/project.js';
import { REVIEW_CODES, unparsableInputItem, unparsableOutputItem } from '../src/extract/python/review.js';
import type { ReviewItem } from '../src/model/index.js';
import { checkPythonSyntax } from '../src/parse/python.js';
import { compilePythonSources } from '../src/io/python-compile.js';
import { toCrlf, toLf, usesCrlf } from '../src/emit/python/line-endings.js';
import { LOWLEVEL_APPLIES } from '../src/extract/python/lowlevel-discovery.js';
import { unseenHandlers } from '../src/extract/python/unseen-handlers.js';
import { convertForeignStartups } from '../src/extract/python/lowlevel-foreign-startup.js';
import { FASTMCP4_VERSION, swapPins } from '../src/rewrite/pins.js';


/** Imports of the idioms the in-place transforms own: their modules are left to them. */
const OTHER_IDIOM_IMPORT = /^[ \t]*(from|import)[ \t]+mcp\.server\.(fastmcp|mcpserver)\b/m;

function lowlevelTransform(version: LowlevelVersion, meta: Pick<Transform, 'id' | 'title' | 'from' | 'to' | 'description'>): Transform {
  return {
    ...meta,
    applies(files: ProjectFile[]): boolean {
      // The handlers may sit in another module than the server (`register_tools(server)`).
      const py = files.filter((f) => f.path.endsWith('.py'));
      return py.some((f) => LOWLEVEL_APPLIES.import.test(f.text)) && py.some((f) => LOWLEVEL_APPLIES.handlers[version].test(f.text));
    },
    run(originalFiles: ProjectFile[]): TransformResult {
      // Work on LF text; CRLF files get their own line ending back when written.
      const crlf = new Set(originalFiles.filter((f) => f.path.endsWith('.py') && usesCrlf(f.text)).map((f) => f.path));
      const files = originalFiles.map((f) => (crlf.has(f.path) ? { ...f, text: toLf(f.text) } : f));
      const originalText = new Map(originalFiles.map((f) => [f.path, f.text]));
      const project = loadPythonProject(files);
      const review: ReviewItem[] = project.broken.map((b) => unparsableInputItem(b, files.find((f) => f.path === b.path)?.text ?? ''));
      const extracted = extractLowlevelServers(project, version);
      // Handlers registered on something that is not a server we migrate: an error, never silence.
      const seen = extracted.flatMap((s) => [
        { file: s.layout.module.path, variable: s.model.variable, callStart: s.layout.serverCall.startIndex },
        // Handlers a helper registers (`register_tools(server)`) are served by the runtime bridge.
        ...(s.layout.bridge?.helperReceivers ?? []).map((h) => ({ ...h, callStart: -1 })),
      ]);
      review.push(...unseenHandlers(project, version, seen));
      const outputs: OutputFile[] = [];
      const done = new Set<string>();
      const owners = new Map<string, ReviewItem[]>();
      for (const server of extracted) {
        const path = server.layout.module.path;
        if (done.has(path)) {
          server.model.review.push({
            ...server.model.review[0],
            code: REVIEW_CODES.unsupportedHandler,
            severity: 'error',
            file: path,
            line: server.model.origin.line,
            column: 1,
            message: 'A second low-level server in the same module was not migrated',
            snippet: '',
            suggestion: 'Move each server into its own module and run again.',
          });
          continue;
        }
        done.add(path);
        const text = emitFastmcpModule(server);
        const problems = checkPythonSyntax(text);
        if (problems.length) {
          server.model.review.push(unparsableOutputItem(path, text, problems[0], 'migrated'));
          continue;
        }
        if (text !== server.layout.module.text) {
          outputs.push({ path, text, before: originalText.get(path) ?? server.layout.module.text });
          owners.set(path, server.model.review);
        }
      }
      // Stdio start-up blocks that run a server built elsewhere (`server = create_server()`), in any module.
      if (outputs.length) {
        for (const f of files) {
          if (!f.path.endsWith('.py')) continue;
          const out = outputs.find((o) => o.path === f.path);
          const converted = convertForeignStartups(f.path, out?.text ?? f.text);
          if (!converted.review.length) continue;
          review.push(...converted.review);
          if (out) out.text = converted.text;
          else outputs.push({ path: f.path, text: converted.text, before: originalText.get(f.path) ?? f.text });
          if (!owners.has(f.path)) owners.set(f.path, review);
          // The start-up was found after all: the per-server "none recognised" warning no longer holds.
          for (const s of extracted) s.model.review = s.model.review.filter((r) => !(r.code === REVIEW_CODES.transportUnknown && r.message.startsWith('No start-up code')));
        }
      }
      // The project now runs on mcp 2.x: its other modules' SDK 1.x names move too (McpError, renamed types).
      if (outputs.length) {
        for (const f of files) {
          if (!f.path.endsWith('.py') || done.has(f.path) || !/^[ \t]*(from|import)[ \t]+mcp\b/m.test(f.text)) continue;
          // A module of another idiom (SDK FastMCP, MCPServer) is its own transform's, which runs next.
          if (OTHER_IDIOM_IMPORT.test(f.text)) continue;
          if (project.broken.some((b) => b.path === f.path)) continue;
          const out = outputs.find((o) => o.path === f.path);
          const base = out?.text ?? f.text;
          const adapted = adaptSdkModule(base, f.path, review);
          if (adapted === base) continue;
          if (out) out.text = adapted;
          else outputs.push({ path: f.path, text: adapted, before: originalText.get(f.path) ?? f.text });
        }
      }
      // CPython has the last word: tree-sitter accepts some texts CPython rejects. One process for all outputs.
      const compiled = compilePythonSources(outputs.map((o) => ({ path: o.path, text: o.text })));
      for (const o of [...outputs]) {
        const problem = compiled?.get(o.path);
        if (!problem) continue;
        (owners.get(o.path) ?? review).push(unparsableOutputItem(o.path, o.text, problem, 'migrated'));
        outputs.splice(outputs.indexOf(o), 1);
      }
      for (const o of outputs) if (crlf.has(o.path)) o.text = toCrlf(o.text);
      // FastMCP 4 replaces the SDK requirement (it depends on SDK v2 itself).
    const pins = outputs.length ? swapPins(originalFiles, { from: 'mcp', to: 'fastmcp', version: FASTMCP4_VERSION }, meta.id, `${meta.id}.pin`) : { files: [], changes: [], review: [] };
    return { files: [...outputs, ...pins.files], changes: pins.changes, review: [...review, ...pins.review], servers: extracted.map((s) => s.model) };
    },
  };
}

export const pythonLowlevelToFastmcp = lowlevelTransform('v1', {
  id: 'python-lowlevel-to-fastmcp',
  title: 'Python low-level Server (SDK v1) → FastMCP 4',
  from: 'python-lowlevel-v1',
  to: 'fastmcp-py-4',
  description: 'Rewrites servers built on mcp.server.Server decorators (list_tools/call_tool/...) into FastMCP 4 decorated functions.',
});

export const pythonLowlevelV2ToFastmcp = lowlevelTransform('v2', {
  id: 'python-lowlevel-v2-to-fastmcp',
  title: 'Python low-level Server (SDK v2, on_* handlers) → FastMCP 4',
  from: 'python-lowlevel-v2',
  to: 'fastmcp-py-4',
  description: 'Rewrites servers built on the SDK v2 low-level Server(on_list_tools=..., on_call_tool=...) into FastMCP 4 decorated functions.',
});
