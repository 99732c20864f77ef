// Python SDK low-level `Server` → FastMCP 4 (Python): extractor + emitter, nothing else.
// SDK v1 (decorators) and SDK v2 (`on_*` constructor handlers) share everything but discovery.
import type { OutputFile, ProjectFile, Transform, TransformResult } from '../src/core/types.js';
import { emitFastmcpModule } from '../src/emit/python-fastmcp.js';
import { extractLowlevelServers, type LowlevelVersion } from '../src/extract/python-lowlevel.js';
import { loadPythonProject } from '../src/extract/python/project.js';
import { REVIEW_CODES, unparsableInputItem, unparsableOutputItem } from '../src/extract/python/review.js';
import type { ReviewItem } from '../src/model/index.js';
import { checkPythonSyntax } from '../src/parse/python.js';
import { FASTMCP4_VERSION, swapPins } from '../src/rewrite/pins.js';

const LOWLEVEL_IMPORT = /from\s+mcp\.server(\.lowlevel(\.server)?)?\s+import\s+[^\n]*\bServer\b/;

const HANDLER_MARK: Record<LowlevelVersion, RegExp> = {
  v1: /@\w+\.(list_tools|call_tool|list_resources|read_resource|list_resource_templates|list_prompts|get_prompt)\(/,
  v2: /\bon_(list_tools|call_tool|list_resources|read_resource|list_resource_templates|list_prompts|get_prompt)\s*=/,
};

function lowlevelTransform(version: LowlevelVersion, meta: Pick<Transform, 'id' | 'title' | 'from' | 'to' | 'description'>): Transform {
  return {
    ...meta,
    applies(files: ProjectFile[]): boolean {
      const py = files.filter((f) => f.path.endsWith('.py'));
      if (py.some((f) => LOWLEVEL_IMPORT.test(f.text) && HANDLER_MARK[version].test(f.text))) return true;
      // v1 handlers registered by a helper in another module (`register_tools(server)`).
      return version === 'v1' && py.some((f) => LOWLEVEL_IMPORT.test(f.text)) && py.some((f) => HANDLER_MARK.v1.test(f.text));
    },
    run(files: ProjectFile[]): TransformResult {
      const project = loadPythonProject(files);
      const review: ReviewItem[] = project.broken.map((b) => unparsableInputItem(b, files.find((f) => f.path === b.path)?.text ?? ''));
      const extracted = extractLowlevelServers(project, version);
      const outputs: OutputFile[] = [];
      const done = new Set<string>();
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
        if (text !== server.layout.module.text) outputs.push({ path, text, before: server.layout.module.text });
      }
      // FastMCP 4 replaces the SDK requirement (it depends on SDK v2 itself).
    const pins = outputs.length ? swapPins(files, { from: 'mcp', to: 'fastmcp', version: FASTMCP4_VERSION }, meta.id, `${meta.id}.pin`) : { files: [], changes: [] };
    return { files: [...outputs, ...pins.files], changes: pins.changes, review, servers: extracted.map((s) => s.model) };
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
