// Python SDK v1 low-level `Server` → FastMCP 4 (Python).
import type { ProjectFile, Transform, TransformResult } from '../src/core/types.js';

export const pythonLowlevelToFastmcp: Transform = {
  id: 'python-lowlevel-to-fastmcp',
  title: 'Python low-level Server (SDK v1) → FastMCP 4',
  from: 'python-lowlevel-v1',
  to: 'fastmcp-py-4',
  description: 'Rewrites servers built on mcp.server.Server decorators (list_tools/call_tool/...) into FastMCP 4 decorated functions.',
  applies(files: ProjectFile[]): boolean {
    return files.some((f) => f.path.endsWith('.py') && /from\s+mcp\.server(\.lowlevel)?\s+import\s+[^\n]*\bServer\b/.test(f.text));
  },
  run(files: ProjectFile[]): TransformResult {
    // Filled in by the extractor + emitter (src/extract/python-lowlevel, src/emit/python-fastmcp).
    void files;
    throw new Error('python-lowlevel-to-fastmcp: not implemented yet');
  },
};
