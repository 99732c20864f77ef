// A FastMCP 2 project goes 2 → 3 → 4 in one run: fastmcp-2-to-3 moves the pin to 3.x, which is
// how fastmcp-3-to-4 recognises its output. The result is a FastMCP 4 server that serves what the
// FastMCP 2 original served (runtime part skipped when the venvs are missing).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { transformFiles } from '../src/cli/run-project.js';
import type { ProjectFile } from '../src/core/types.js';
import { parseCallsSpec, resolveCommand, verifyServers } from '../src/verify/index.js';
import { allTransforms } from '../transforms/index.js';
import { repo, tmpArea, writeTree } from './support/cli-helpers.js';

const area = tmpArea('fmm-chain-test-');
after(() => area.cleanup());

const SERVER = `"""Task list server written for FastMCP 2."""
from fastmcp import Context, FastMCP
from mcp.shared.exceptions import McpError
from mcp.types import ErrorData, PromptMessage, TextContent

mcp = FastMCP(
    "tasks",
    host="127.0.0.1",  # HTTP settings lived here in FastMCP 2
    port=8123,
    on_duplicate_tools="error",
    on_duplicate_resources="error",
    on_duplicate_prompts="error",
)

TASKS: list[str] = ["water the plants"]


@mcp.tool
async def add_task(title: str, ctx: Context):
    """Add a task; reports the count and the last title stored in the request state."""
    ctx.set_state("last", title)
    TASKS.append(title)
    return f"{len(TASKS)} tasks, last: {ctx.get_state('last')}"


@mcp.tool
def get_task(index: int):
    """One task by position."""
    if index < 0 or index >= len(TASKS):
        raise McpError(ErrorData(code=-32602, message=f"no task {index}"))
    return TASKS[index]


@mcp.tool
async def tool_count():
    """How many tools this server has."""
    return len(await mcp.get_tools())


@mcp.resource("tasks://all")
def all_tasks() -> str:
    """Every task, one per line."""
    return "\\n".join(TASKS)


@mcp.prompt
def plan(goal: str) -> PromptMessage:
    """Ask for a plan."""
    return PromptMessage(role="user", content=TextContent(type="text", text=f"Make a plan to {goal}."))


if __name__ == "__main__":
    mcp.run()
`;

const FILES: ProjectFile[] = [
  { path: 'server.py', text: SERVER },
  { path: 'requirements.txt', text: '# server\nfastmcp==2.14.7\n' },
];

const CALLS = parseCallsSpec({
  tools: [
    { name: 'add_task', arguments: { title: 'buy milk' } },
    { name: 'get_task', arguments: { index: 0 } },
    { name: 'get_task', arguments: { index: 9 } },
    { name: 'tool_count', arguments: {} },
  ],
  resources: ['tasks://all'],
  prompts: [{ name: 'plan', arguments: { goal: 'learn Python' } }],
});

describe('FastMCP 2 → 3 → 4 in one run', () => {
  const run = transformFiles(FILES, allTransforms);
  const server = run.current.get('server.py')!;

  test('both hops ran, in order, and nothing else', () => {
    assert.deepEqual(run.ran, ['fastmcp-2-to-3', 'fastmcp-3-to-4']);
    assert.deepEqual(run.review.filter((r) => r.code.startsWith('FMM-CLI-')), []);
    assert.ok(run.hops.every((h) => !h.failed));
    const [h3, h4] = run.hops;
    assert.ok(h3!.changes.some((c) => c.rule === 'fastmcp3.state'), 'awaited state');
    assert.ok(h3!.changes.some((c) => c.rule === 'fastmcp3.pin'), '2 → 3 pin');
    assert.ok(h4!.changes.some((c) => c.rule === 'fastmcp4.mcp-error'), 'McpError construction');
    assert.ok(h4!.changes.some((c) => c.rule === 'fastmcp4.pin'), '3 → 4 pin');
    assert.ok([...h3!.changes, ...h4!.changes].every((c) => c.automatic), JSON.stringify([...h3!.changes, ...h4!.changes].filter((c) => !c.automatic)));
  });

  test('the result is a FastMCP 4 server pinned to 4.2.3', () => {
    assert.equal(run.current.get('requirements.txt'), '# server\nfastmcp==4.2.3\n');
    for (const gone of ['host=', 'on_duplicate_tools', 'get_tools', 'PromptMessage', 'mcp.types', 'mcp.shared.exceptions', 'ErrorData(']) {
      assert.ok(!server.includes(gone), `still contains ${gone}:\n${server}`);
    }
    for (const present of [
      'on_duplicate="error"',
      'await ctx.set_state("last", title)',
      "await ctx.get_state('last')",
      'len(await mcp.list_tools())',
      'from fastmcp.exceptions import McpError',
      'raise McpError(code=-32602, message=f"no task {index}")',
      'return [Message(f"Make a plan to {goal}.")]',
      'from fastmcp.prompts import Message',
      '# HTTP settings lived here in FastMCP 2',
    ]) {
      assert.ok(server.includes(present), `missing ${present}:\n${server}`);
    }
  });

  test('a second run finds nothing left to do', () => {
    const files = [...run.current].flatMap(([p, text]) => (text === undefined ? [] : [{ path: p, text }]));
    const again = transformFiles(files, allTransforms);
    assert.deepEqual(again.ran, []);
  });

  test('the FastMCP 4 result serves what the FastMCP 2 original served', async (t) => {
    const missing = ['fastmcp2', 'fastmcp4'].filter((v) => !existsSync(path.join(repo, '.venv', v, 'bin', 'python')));
    if (missing.length) {
      t.skip(`missing venvs ${missing.join(', ')} (bash scripts/setup-venvs.sh)`);
      return;
    }
    const original = writeTree(area.dir('original'), Object.fromEntries(FILES.map((f) => [f.path, f.text])));
    const migrated = writeTree(area.dir('migrated'), Object.fromEntries([...run.current].filter((e): e is [string, string] => e[1] !== undefined)));
    const side = (venv: string, cwd: string) => resolveCommand({ command: `python:${venv}`, args: ['server.py'], cwd, env: { PYTHONDONTWRITEBYTECODE: '1' } }, repo);
    const report = await verifyServers({ original: side('fastmcp2', original), migrated: side('fastmcp4', migrated), calls: CALLS });
    assert.ok(report.equal, JSON.stringify(report.differences, null, 2));
    assert.equal(report.migrated.tools.length, 3);
  });
});
