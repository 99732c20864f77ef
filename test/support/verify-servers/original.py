"""A tiny MCP server on the legacy v1 low-level API (run with .venv/mcp1): the "original" side of
the verify tests. migrated.py is its FastMCP 4 translation."""

import asyncio
import os
import sys

import mcp.types as types
from mcp.server.lowlevel import Server
from mcp.server.lowlevel.helper_types import ReadResourceContents
from mcp.server.stdio import stdio_server

if os.environ.get("VERIFY_FAIL_AT_START"):
    print("Traceback (most recent call last):", file=sys.stderr)
    print("RuntimeError: missing configuration VERIFY_TOKEN", file=sys.stderr)
    sys.exit(3)

server = Server("verify-demo", instructions="A demo server for verify tests.")


def all_tools() -> list[types.Tool]:
    return [
        types.Tool(
            name="add_numbers",
            description="Add two numbers",
            inputSchema={
                "type": "object",
                "properties": {
                    "a": {"type": "integer", "description": "First number"},
                    "b": {"type": "integer", "description": "Second number"},
                    "c": {"type": "integer", "default": 0},
                },
                "required": ["a", "b"],
            },
        ),
        types.Tool(
            name="greet",
            description=os.environ.get("VERIFY_GREET_DESCRIPTION", "Greet someone"),
            inputSchema={
                "type": "object",
                "properties": {"name": {"type": "string"}, "greeting": {"type": "string"}},
                "required": ["name"],
            },
        ),
        types.Tool(
            name="paint",
            description="Paint with a colour",
            inputSchema={
                "type": "object",
                "properties": {"color": {"type": "string", "enum": ["red", "blue"]}},
                "required": ["color"],
            },
        ),
        types.Tool(name="boom", description="Always fails", inputSchema={"type": "object", "properties": {}}),
    ]


if os.environ.get("VERIFY_PAGINATE"):
    # One tool per page, so verify must follow nextCursor to see them all.
    @server.list_tools()
    async def list_tools_paged(req: types.ListToolsRequest) -> types.ListToolsResult:
        tools = all_tools()
        start = int(req.params.cursor) if req.params and req.params.cursor else 0
        more = start + 1 < len(tools)
        return types.ListToolsResult(tools=tools[start : start + 1], nextCursor=str(start + 1) if more else None)

else:

    @server.list_tools()
    async def list_tools() -> list[types.Tool]:
        return all_tools()


@server.call_tool()
async def call_tool(name: str, arguments: dict) -> list[types.TextContent]:
    if os.environ.get("VERIFY_CRASH_ON_CALL"):
        print(f"fatal: crashing on {name}", file=sys.stderr, flush=True)
        os._exit(5)
    if name == "add_numbers":
        return [types.TextContent(type="text", text=str(arguments["a"] + arguments["b"] + arguments.get("c", 0)))]
    if name == "greet":
        return [types.TextContent(type="text", text=f"{arguments.get('greeting') or 'Hello'}, {arguments['name']}!")]
    if name == "paint":
        return [types.TextContent(type="text", text=f"painted {arguments['color']}")]
    if name == "boom":
        raise ValueError("the boom tool always fails")
    raise ValueError(f"Unknown tool: {name}")


@server.list_resources()
async def list_resources() -> list[types.Resource]:
    return [
        types.Resource(uri="file:///greeting.txt", name="greeting", description="A greeting", mimeType="text/plain"),
        types.Resource(uri="file:///data.json", name="data", description="Some data", mimeType="application/json"),
    ]


@server.list_resource_templates()
async def list_resource_templates() -> list[types.ResourceTemplate]:
    return [
        types.ResourceTemplate(
            uriTemplate="users://{id}/profile", name="profile", description="A user profile", mimeType="application/json"
        )
    ]


@server.read_resource()
async def read_resource(uri) -> list[ReadResourceContents]:
    uri = str(uri)
    if uri == "file:///greeting.txt":
        return [ReadResourceContents(content="Hello, world!", mime_type="text/plain")]
    if uri == "file:///data.json":
        return [ReadResourceContents(content='{"answer": 42}', mime_type="application/json")]
    if uri.startswith("users://"):
        user = uri.removeprefix("users://").removesuffix("/profile")
        return [ReadResourceContents(content=f'{{"id": "{user}"}}', mime_type="application/json")]
    raise ValueError(f"Unknown resource: {uri}")


@server.list_prompts()
async def list_prompts() -> list[types.Prompt]:
    return [
        types.Prompt(
            name="summarize",
            description="Summarize a topic",
            arguments=[
                types.PromptArgument(name="topic", description="The topic", required=True),
                types.PromptArgument(name="style", description="Writing style", required=False),
            ],
        )
    ]


@server.get_prompt()
async def get_prompt(name: str, arguments: dict | None) -> types.GetPromptResult:
    args = arguments or {}
    text = f"Summarize {args['topic']} in a {args.get('style') or 'plain'} style."
    return types.GetPromptResult(
        description="Summarize a topic",
        messages=[types.PromptMessage(role="user", content=types.TextContent(type="text", text=text))],
    )


async def main() -> None:
    async with stdio_server() as (read, write):
        await server.run(read, write, server.create_initialization_options())


if __name__ == "__main__":
    asyncio.run(main())
