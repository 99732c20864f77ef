// A package that imports its own submodules by absolute name (`from pkg.tools import echo` in
// pkg/tools/__init__.py) made the static evaluator and the server resolver recurse until the stack
// overflowed: the transform failed (FMM-CLI-001) and the migrated project kept its `mcp<2` pin.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { runProject } from '../src/cli/run-project.js';
import { tmpArea, writeTree } from './support/cli-helpers.js';

const area = tmpArea('fmm-import-cycle-');
after(() => area.cleanup());

describe('a package importing its own submodules', () => {
  it('migrates (no stack overflow) and moves the mcp pin', () => {
    const dir = writeTree(area.dir('cycle'), {
      'pyproject.toml': '[project]\nname = "cyc"\nversion = "1"\ndependencies = ["mcp>=1.0,<2"]\n',
      'src/pkg/tools/__init__.py': '"""Tools."""\nfrom pkg.tools import (\n    echo,\n)\n\n__all__ = ["echo"]\n',
      'src/pkg/tools/echo.py': [
        'import mcp.types as types',
        '',
        'TOOL = types.Tool(name="echo", description="Echo", inputSchema={"type": "object", "properties": {"text": {"type": "string"}}})',
        '',
        '',
        'async def run(arguments):',
        '    return [types.TextContent(type="text", text=arguments["text"])]',
        '',
      ].join('\n'),
      'src/pkg/server.py': [
        'import mcp.types as types',
        'from mcp.server import Server',
        '',
        'from pkg.tools import echo',
        '',
        'server = Server("cyc")',
        '',
        '',
        '@server.list_tools()',
        'async def list_tools() -> list[types.Tool]:',
        '    return [echo.TOOL]',
        '',
        '',
        '@server.call_tool()',
        'async def call_tool(name: str, arguments: dict) -> list[types.TextContent]:',
        '    if name == "echo":',
        '        return await echo.run(arguments)',
        '    raise ValueError(name)',
        '',
      ].join('\n'),
    });
    const run = runProject(dir, { git: 'never' });
    assert.deepEqual(run.review.filter((r) => r.code.startsWith('FMM-CLI')).map((r) => r.message), []);
    assert.equal(run.servers.length, 1);
    assert.match(run.files.find((f) => f.path === 'pyproject.toml')!.after!, /"fastmcp==4\.2\.3"/);
  });
});
