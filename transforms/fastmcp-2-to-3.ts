// FastMCP 2 → FastMCP 3, rewritten in place (src/rewrite/fastmcp-upgrade/v2-to-v3.ts). Runs before
// fastmcp-3-to-4, which picks up its output (the pin it moves to 3.x), so one `run` takes a
// FastMCP 2 server to FastMCP 4.
import type { ProjectFile, Transform, TransformResult } from '../src/core/types.js';
import { isFastmcp2Project, upgradeFastmcp2to3 } from '../src/rewrite/fastmcp-upgrade/index.js';

export const fastmcp2To3: Transform = {
  id: 'fastmcp-2-to-3',
  title: 'FastMCP 2 → FastMCP 3 (in place)',
  from: 'fastmcp-py-2',
  to: 'fastmcp-py-3',
  inPlace: true,
  description:
    'Upgrades a FastMCP 2 server in place: constructor settings moved to run()/http_app(), on_duplicate=, tag filters and tool transformations as server calls, list_* listings, awaited Context state, Message prompts, decorators that return the function, renamed modules and settings, the fastmcp pin; the rest is reported.',
  applies(files: ProjectFile[]): boolean {
    return isFastmcp2Project(files);
  },
  run(files: ProjectFile[]): TransformResult {
    return upgradeFastmcp2to3(files);
  },
};
