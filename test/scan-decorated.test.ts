// Unit tests of the decorator-style extractor behind `scan` (issue 7, class 15): one test per
// construct, on small in-memory projects (src/extract/python-decorated.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProjectFile } from '../src/core/types.js';
import { extractDecoratedServers, templateVariables } from '../src/extract/python-decorated.js';
import { summarizeServer, type ServerSummaryJson } from '../src/report/summary.js';

function scan(files: Record<string, string>): ServerSummaryJson[] {
  const list: ProjectFile[] = Object.entries(files).map(([path, text]) => ({ path, text }));
  return extractDecoratedServers(list).map(summarizeServer);
}

function only(files: Record<string, string>): ServerSummaryJson {
  const servers = scan(files);
  assert.equal(servers.length, 1, `one server expected, got ${servers.map((s) => `${s.file}:${s.line}`).join(', ')}`);
  return servers[0];
}

const tool = (s: ServerSummaryJson, name: string) => {
  const t = s.tools.find((x) => x.name === name);
  assert.ok(t, `tool ${name} not listed (${s.tools.map((x) => x.name).join(', ')})`);
  return t;
};

describe('scan: decorator-style servers', () => {
  test('SDK FastMCP: constructor, @mcp.tool(), docstring, parameters and their types', () => {
    const s = only({
      'server.py': `from typing import Annotated, Literal, Optional
from enum import Enum
from mcp.server.fastmcp import FastMCP, Context
from pydantic import BaseModel, Field
from typing_extensions import TypedDict

INSTRUCTIONS = "Use the tools."

class Color(str, Enum):
    RED = "red"
    BLUE = "blue"

class Point(BaseModel):
    x: int
    y: int = 0
    label: str = Field(default="p", description="Label")

class Opts(TypedDict, total=False):
    verbose: bool

mcp = FastMCP("demo", instructions=INSTRUCTIONS)

@mcp.tool()
async def everything(
    text: str,
    count: int = 5,
    ratio: float | None = None,
    tags: list[str] = [],
    scores: dict[str, int] = {},
    mode: Literal["fast", "slow"] = "fast",
    color: Color = Color.RED,
    point: Optional[Point] = None,
    opts: Opts | None = None,
    level: Annotated[int, Field(ge=1, le=9, description="How loud")] = 3,
    ctx: Context = None,
) -> str:
    """Do everything.

    Args:
        text: the text
    """
    return text
`,
    });
    assert.equal(s.idiom, 'python-sdk-fastmcp');
    assert.equal(s.name, 'demo');
    const t = tool(s, 'everything');
    assert.equal(t.description, 'Do everything.\n\n    Args:\n        text: the text\n    ');
    assert.deepEqual(
      t.parameters.map((p) => [p.name, p.required, p.type ?? '']),
      [
        ['text', true, 'string'],
        ['count', false, 'integer'],
        ['ratio', false, 'number|null'],
        ['tags', false, 'array'],
        ['scores', false, 'object'],
        ['mode', false, 'string'],
        ['color', false, 'string'],
        ['point', false, 'object|null'],
        ['opts', false, 'object|null'],
        ['level', false, 'integer'],
      ],
    );
    const props = t.inputSchema.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(t.inputSchema.required, ['text']);
    assert.deepEqual(props.count, { type: 'integer', default: 5 });
    assert.deepEqual(props.mode, { enum: ['fast', 'slow'], default: 'fast', type: 'string' });
    assert.deepEqual(props.color, { enum: ['red', 'blue'], title: 'Color', default: 'red', type: 'string' });
    assert.deepEqual(props.level, { type: 'integer', description: 'How loud', default: 3, minimum: 1, maximum: 9 });
    assert.deepEqual(props.scores, { type: 'object', additionalProperties: { type: 'integer' }, default: {} });
    const point = (props.point.anyOf as Record<string, unknown>[])[0];
    assert.deepEqual(point.required, ['x']);
    assert.deepEqual(Object.keys(point.properties as object), ['x', 'y', 'label']);
    const opts = (props.opts.anyOf as Record<string, unknown>[])[0];
    assert.deepEqual(Object.keys(opts.properties as object), ['verbose']);
    assert.equal(opts.required, undefined);
    assert.ok(!('ctx' in props), 'the Context parameter is not part of the input');
  });

  test('decorator options: bare @mcp.tool, name/title/description/annotations keywords, positional name', () => {
    const s = only({
      'requirements.txt': 'fastmcp==2.12.4\n',
      'app.py': `from fastmcp import FastMCP
from mcp.types import ToolAnnotations

mcp = FastMCP(name="opts", version="1.2.0")

@mcp.tool
def plain(a: int) -> int:
    return a

@mcp.tool(name="renamed", title="Renamed tool", description="Given text", annotations=ToolAnnotations(readOnlyHint=True, title="Ann"))
def original(a: int) -> int:
    """Docstring not used."""
    return a

@mcp.tool("positional_name", tags={"x"})
def third() -> str:
    return ""

@mcp.tool(annotations={"destructiveHint": False})
def fourth() -> str:
    return ""
`,
    });
    assert.equal(s.idiom, 'fastmcp-2');
    assert.deepEqual(s.tools.map((t) => t.name), ['plain', 'renamed', 'positional_name', 'fourth']);
    const r = tool(s, 'renamed');
    assert.equal(r.title, 'Renamed tool');
    assert.equal(r.description, 'Given text');
    assert.equal(tool(s, 'plain').description, undefined);
  });

  test('SDK positional decorator arguments follow the SDK signature (name, title, description)', () => {
    const s = only({
      'server.py': `from mcp.server.fastmcp import FastMCP
mcp = FastMCP()

@mcp.tool("alerts", "Weather alerts", "Active alerts")
def alerts(city: str) -> str:
    """Docstring."""
    return city

@mcp.prompt("ask", "Ask", "Ask a question")
def ask(topic: str, tone: str = "kind") -> str:
    return topic
`,
    });
    assert.equal(s.name, 'FastMCP');
    const t = tool(s, 'alerts');
    assert.equal(t.title, 'Weather alerts');
    assert.equal(t.description, 'Active alerts');
    assert.deepEqual(s.prompts, [
      { name: 'ask', description: 'Ask a question', arguments: [{ name: 'topic', required: true }, { name: 'tone', required: false }] },
    ]);
  });

  test('resources and templates: static URI, {var}, {path*}, mime_type, name', () => {
    const s = only({
      'server.py': `from fastmcp import FastMCP
mcp = FastMCP("res")

@mcp.resource("config://settings", mime_type="application/json", name="settings")
def settings() -> str:
    """The settings."""
    return "{}"

@mcp.resource("files://{folder}/{path*}")
def read_file(folder: str, path: str) -> str:
    return ""
`,
    });
    assert.deepEqual(s.resources, [{ uri: 'config://settings', name: 'settings', description: 'The settings.', mimeType: 'application/json' }]);
    assert.deepEqual(s.resourceTemplates, [{ uriTemplate: 'files://{folder}/{path*}', name: 'read_file' }]);
    assert.deepEqual(templateVariables('x://{a}/{b*}{?c,d}'), ['a', 'b', 'c', 'd']);
  });

  test('registration calls: add_tool(fn), tool(fn, name=), Tool.from_function, constructor tools=[...]', () => {
    const s = only({
      'server.py': `from fastmcp import FastMCP
from fastmcp.tools import Tool

def a(x: int) -> int:
    return x

def b(y: str) -> str:
    return y

def c() -> str:
    return ""

def d(z: float) -> float:
    return z

mcp = FastMCP("calls", tools=[d])
mcp.add_tool(a)
mcp.tool(b, name="bee")
t = Tool.from_function(c, name="sea", description="C tool")
mcp.add_tool(t)
`,
    });
    assert.deepEqual(s.tools.map((t) => t.name).sort(), ['a', 'bee', 'd', 'sea']);
    assert.equal(tool(s, 'sea').description, 'C tool');
    assert.deepEqual(tool(s, 'd').parameters, [{ name: 'z', required: true, type: 'number' }]);
  });

  test('servers built in a factory, held on an object, and decorated in another module', () => {
    const servers = scan({
      'pkg/__init__.py': '',
      'pkg/factory.py': `from mcp.server.mcpserver import MCPServer

def create_server() -> MCPServer:
    server = MCPServer("factory")

    @server.tool()
    def inside(n: int) -> int:
        return n

    return server

app = create_server()

@app.tool()
def outside(m: int) -> int:
    return m
`,
      'pkg/holder.py': `from fastmcp import FastMCP

class Service:
    def __init__(self):
        self.mcp = FastMCP("held")
        self._register()

    def _register(self):
        @self.mcp.tool()
        def held_tool(q: str) -> str:
            return q

        self.mcp.add_tool(self.method_tool)

    def method_tool(self, r: int) -> int:
        return r
`,
      'pkg/server.py': `from fastmcp import FastMCP
mcp = FastMCP("shared")
`,
      'pkg/tools.py': `from .server import mcp
from pkg import server as server_module

@mcp.tool()
def elsewhere(city: str) -> str:
    return city

@server_module.mcp.prompt
def via_module(topic: str) -> str:
    return topic
`,
    });
    const byName = new Map(servers.map((s) => [s.name, s]));
    const factory = byName.get('factory')!;
    assert.equal(factory.idiom, 'python-mcpserver');
    assert.equal(factory.factory, 'create_server');
    assert.deepEqual(factory.tools.map((t) => t.name), ['inside', 'outside']);
    assert.deepEqual(byName.get('held')!.tools.map((t) => [t.name, t.parameters.map((p) => p.name)]), [
      ['held_tool', ['q']],
      ['method_tool', ['r']],
    ]);
    const shared = byName.get('shared')!;
    assert.deepEqual(shared.tools.map((t) => t.name), ['elsewhere']);
    assert.deepEqual(shared.prompts.map((p) => p.name), ['via_module']);
  });

  test('a helper that receives the server (register(mcp)) registers on that server', () => {
    const s = only({
      'alerts.py': `from mcp.server.fastmcp import FastMCP

def register(server: FastMCP) -> None:
    @server.tool()
    def alerts(city: str) -> str:
        return city
`,
      'main.py': `from mcp.server.fastmcp import FastMCP
from alerts import register
mcp = FastMCP("main")
register(mcp)
`,
    });
    assert.deepEqual(s.tools.map((t) => t.name), ['alerts']);
  });

  test('values that are not literals are given as source expressions', () => {
    const s = only({
      'server.py': `import os
from fastmcp import FastMCP
mcp = FastMCP(os.environ["NAME"], instructions=load_instructions())

@mcp.tool(name=f"{os.environ['PREFIX']}_run", description=DESCRIPTIONS["run"])
def run() -> str:
    return ""
`,
    });
    assert.equal(s.name, 'os.environ["NAME"]');
    assert.equal(s.nameExpr, true);
    const t = s.tools[0];
    assert.deepEqual([t.name, t.nameExpr, t.description, t.descriptionExpr], [`f"{os.environ['PREFIX']}_run"`, true, 'DESCRIPTIONS["run"]', true]);
  });

  test('unnamed servers get the name each library gives them', () => {
    assert.equal(only({ 'a.py': 'from mcp.server.fastmcp import FastMCP\nmcp = FastMCP()\n' }).name, 'FastMCP');
    assert.equal(only({ 'a.py': 'from mcp.server.mcpserver import MCPServer\nmcp = MCPServer()\n' }).name, 'mcp-server');
    const f = only({ 'a.py': 'from fastmcp import FastMCP\nmcp = FastMCP()\n' });
    assert.deepEqual([f.name, f.nameExpr], ['FastMCP.generate_name()', true]);
  });

  test('idiom of standalone FastMCP: the pinned major, else the APIs in use, else FastMCP 4', () => {
    const server = 'from fastmcp import FastMCP\nmcp = FastMCP("x")\n';
    assert.equal(only({ 's.py': server, 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["fastmcp>=3.1,<4"]\n' }).idiom, 'fastmcp-3');
    assert.equal(only({ 's.py': server, 'requirements.txt': 'fastmcp==4.2.3\n' }).idiom, 'fastmcp-4');
    assert.equal(only({ 's.py': server + 'tools = mcp.get_tools()\n' }).idiom, 'fastmcp-2');
    assert.equal(only({ 's.py': server }).idiom, 'fastmcp-4');
  });

  test('FastMCP 2 hidden components: enabled=False, fn.disable(), remove_tool, include/exclude tags, runtime registrations', () => {
    const s = only({
      'requirements.txt': 'fastmcp==2.12.4\n',
      'server.py': `from fastmcp import FastMCP
mcp = FastMCP("vis", include_tags={"public"}, exclude_tags={"beta"})

@mcp.tool(tags={"public"})
def shown() -> str:
    return ""

@mcp.tool(tags={"public", "beta"})
def beta() -> str:
    return ""

@mcp.tool
def untagged() -> str:
    return ""

@mcp.tool(tags={"public"}, enabled=False)
def off() -> str:
    return ""

@mcp.tool(tags={"public"})
def later() -> str:
    return ""

later.disable()

@mcp.tool(tags={"public"})
def removed() -> str:
    return ""

mcp.remove_tool("removed")

@mcp.tool(tags={"public"})
def adds_one(name: str) -> str:
    mcp.tool(lambda: "x", name=f"dyn_{name}")
    return name
`,
    });
    assert.equal(s.idiom, 'fastmcp-2');
    assert.deepEqual(s.tools.map((t) => t.name), ['shown', 'adds_one']);
  });

  test('FastMCP 4 visibility: disable(names=/tags=), enable(only=True); APIs FastMCP 4 lacks change nothing', () => {
    const s = only({
      'requirements.txt': 'fastmcp==4.2.3\n',
      'server.py': `from fastmcp import FastMCP
mcp = FastMCP("vis")

@mcp.tool(tags={"public"})
def shown() -> str:
    return ""

@mcp.tool(tags={"public", "beta"})
def beta() -> str:
    return ""

@mcp.tool
def untagged() -> str:
    return ""

@mcp.tool(tags={"public"})
def hidden_by_name() -> str:
    return ""

@mcp.tool(tags={"public"})
def kept() -> str:
    return ""

mcp.enable(tags={"public"}, only=True)
mcp.disable(tags={"beta"})
mcp.disable(names={"hidden_by_name"}, components={"tool"})
try:
    mcp.remove_tool("kept")  # FastMCP 4 has no remove_tool: AttributeError, swallowed
except AttributeError:
    pass
`,
    });
    assert.equal(s.idiom, 'fastmcp-4');
    assert.deepEqual(s.tools.map((t) => t.name), ['shown', 'kept']);
  });

  test('removals through local_provider (FastMCP 3+) and through the private managers (FastMCP 2, SDK, MCPServer)', () => {
    const v4 = only({
      'server.py': `from fastmcp import FastMCP
mcp = FastMCP("ops")

@mcp.tool
def shown() -> str:
    return ""

@mcp.tool
def gone() -> str:
    return ""

@mcp.prompt
def plan() -> str:
    return ""

mcp.local_provider.remove_tool("gone")
mcp.local_provider.remove_prompt("plan")
`,
    });
    assert.deepEqual(v4.tools.map((t) => t.name), ['shown']);
    assert.deepEqual(v4.prompts, []);
    const v2 = only({
      'requirements.txt': 'fastmcp==2.12.4\n',
      'server.py': `from fastmcp import FastMCP
mcp = FastMCP("ops")

@mcp.tool
def shown() -> str:
    return ""

@mcp.tool
def dumped() -> str:
    return ""

@mcp.tool
def reset() -> str:
    return ""

@mcp.prompt
def plan() -> str:
    return ""

del mcp._tool_manager._tools["dumped"]
mcp._tool_manager._tools.pop("reset")
mcp._prompt_manager._prompts.pop("plan", None)
mcp._tool_manager._tools.pop(unknown_name())
`,
    });
    assert.equal(v2.idiom, 'fastmcp-2');
    assert.deepEqual(v2.tools.map((t) => t.name), ['shown']);
    assert.deepEqual(v2.prompts, []);
    // FastMCP 4 keeps no private managers: the same statements fail there and change nothing.
    const v4private = only({
      'server.py': `from fastmcp import FastMCP
mcp = FastMCP("ops")

@mcp.tool
def kept() -> str:
    return ""

try:
    del mcp._tool_manager._tools["kept"]
except AttributeError:
    pass
`,
    });
    assert.deepEqual(v4private.tools.map((t) => t.name), ['kept']);
  });

  test('composition: mount / import_server with a prefix, tool transformations', () => {
    const servers = scan({
      'server.py': `from fastmcp import FastMCP
from fastmcp.server.transforms import ToolTransform
from fastmcp.tools.tool_transform import ToolTransformConfig, ArgTransformConfig

sub = FastMCP("sub")

@sub.tool
def add(a: int, b: int) -> int:
    return a + b

@sub.resource("data://items")
def items() -> str:
    return ""

main = FastMCP("main")
main.mount(sub, namespace="calc")
main.add_transform(ToolTransform({"calc_add": ToolTransformConfig(name="plus", arguments={"b": ArgTransformConfig(name="second")})}))
`,
    });
    const main = servers.find((s) => s.name === 'main')!;
    assert.deepEqual(main.tools.map((t) => [t.name, t.parameters.map((p) => p.name)]), [['plus', ['a', 'second']]]);
    assert.deepEqual(main.resources.map((r) => r.uri), ['data://calc/items']);
  });

  test('transports from mcp.run(...)', () => {
    const s = only({
      'server.py': `from fastmcp import FastMCP
mcp = FastMCP("t")
if __name__ == "__main__":
    import sys
    if "--http" in sys.argv:
        mcp.run(transport="http", port=8000)
    else:
        mcp.run()
`,
    });
    assert.deepEqual(s.transports.sort(), ['stdio', 'streamable-http']);
  });

  test('Tool.from_function(fn).model_copy(update={"parameters": ...}) advertises the given schema', () => {
    const s = only({
      'server.py': `from fastmcp import FastMCP
from fastmcp.tools import Tool

mcp = FastMCP("exact")

def lookup(**kwargs) -> str:
    return ""

t = Tool.from_function(lookup, name="lookup", output_schema=None)
mcp.add_tool(t.model_copy(update={"parameters": {"type": "object", "properties": {"key": {"type": "string", "description": "Key"}}, "required": ["key"]}}))
`,
    });
    assert.deepEqual(s.tools.map((t) => [t.name, t.parameters]), [['lookup', [{ name: 'key', required: true, type: 'string', description: 'Key' }]]]);
  });

  test('a recursive pydantic model is expanded once', () => {
    const s = only({
      'server.py': `from __future__ import annotations
from pydantic import BaseModel
from fastmcp import FastMCP

class Node(BaseModel):
    name: str
    left: Node | None = None
    right: Node | None = None
    children: list[Node] = []

mcp = FastMCP("tree")

@mcp.tool
def walk(root: Node) -> int:
    return 0
`,
    });
    const root = (s.tools[0].inputSchema.properties as Record<string, Record<string, unknown>>).root;
    assert.deepEqual(Object.keys(root.properties as object), ['name', 'left', 'right', 'children']);
  });

  test('src layout: the server in a package __init__, tools in submodules (`from . import mcp`)', () => {
    const s = only({
      'src/notes/__init__.py': 'from fastmcp import FastMCP\nmcp = FastMCP("notes")\nfrom . import tools  # noqa\n',
      'src/notes/tools.py': 'from . import mcp\n\n@mcp.tool\ndef add_note(text: str) -> str:\n    return text\n',
      'src/notes/more.py': 'from notes import mcp as server\n\n@server.resource("notes://all")\ndef all_notes() -> str:\n    return ""\n',
    });
    assert.equal(s.file, 'src/notes/__init__.py');
    assert.deepEqual([s.tools.map((t) => t.name), s.resources.map((r) => r.uri)], [['add_note'], ['notes://all']]);
  });

  test('an app factory passing its server to helpers by keyword; MCPServer positional title', () => {
    const s = only({
      'tools.py': `def register_tools(*, server) -> None:
    @server.tool()
    def echo(text: str) -> str:
        return text
`,
      'app.py': `from mcp.server.mcpserver import MCPServer
from tools import register_tools

def create_app():
    mcp = MCPServer("factory-app", "Factory App")
    register_tools(server=mcp)
    return mcp.streamable_http_app()
`,
    });
    assert.deepEqual([s.name, s.factory, s.tools.map((t) => t.name)], ['factory-app', 'create_app', ['echo']]);
  });

  test('registration in a loop over a literal list of functions', () => {
    const s = only({
      'server.py': `from mcp.server.fastmcp import FastMCP

def one(a: int) -> int:
    return a

def two(b: str) -> str:
    return b

TOOLS = [one, two]
mcp = FastMCP("loop")
for fn in TOOLS:
    mcp.add_tool(fn)
`,
    });
    assert.deepEqual(s.tools.map((t) => t.name), ['one', 'two']);
  });

  test('a project without decorator-style servers yields nothing', () => {
    assert.deepEqual(scan({ 'server.py': 'from mcp.server import Server\napp = Server("x")\n' }), []);
  });
});
