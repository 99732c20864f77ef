"""notes: a small in-memory notes server written against the MCP Python SDK v1 low-level API.

Run it over stdio:  python server.py
"""

import asyncio
from typing import Any

import mcp.types as types
from mcp.server import Server
from mcp.server.lowlevel.helper_types import ReadResourceContents
from mcp.server.stdio import stdio_server

server = Server("notes", instructions="Keeps short text notes in memory for this session.")

# title -> {"body": str, "tags": list[str]}
NOTES: dict[str, dict[str, Any]] = {
    "welcome": {"body": "Welcome to the notes server.", "tags": ["intro"]},
}


def format_note(title: str) -> str:
    note = NOTES[title]
    tags = ", ".join(note["tags"]) or "none"
    return f"# {title}\n{note['body']}\n(tags: {tags})"


def list_notes(arguments: dict[str, Any]) -> list[types.TextContent]:
    tag = arguments.get("tag")
    titles = [t for t, n in NOTES.items() if tag is None or tag in n["tags"]]
    return [types.TextContent(type="text", text="\n".join(titles) or "no notes")]


def search_notes(arguments: dict[str, Any]) -> list[types.TextContent]:
    query = arguments["query"]
    case_sensitive = arguments.get("case_sensitive", False)
    hits = []
    for title, note in NOTES.items():
        haystack = f"{title}\n{note['body']}"
        if (query in haystack) if case_sensitive else (query.lower() in haystack.lower()):
            hits.append(title)
    return [types.TextContent(type="text", text=", ".join(hits) or f"nothing matches {query!r}")]


QUERY_HANDLERS = {"list_notes": list_notes, "search_notes": search_notes}


@server.list_tools()
async def handle_list_tools() -> list[types.Tool]:
    return [
        types.Tool(
            name="add_note",
            description="Add a note, replacing any note with the same title",
            inputSchema={
                "type": "object",
                "properties": {
                    "title": {"type": "string", "description": "Unique note title"},
                    "body": {"type": "string", "description": "Note text"},
                    "tags": {"type": "array", "items": {"type": "string"}, "default": []},
                },
                "required": ["title", "body"],
            },
        ),
        types.Tool(
            name="list_notes",
            description="List note titles, optionally only those with a tag",
            inputSchema={
                "type": "object",
                "properties": {"tag": {"type": "string", "description": "Only notes with this tag"}},
            },
        ),
        types.Tool(
            name="search_notes",
            description="Find notes whose title or body contains the query",
            inputSchema={
                "type": "object",
                "properties": {
                    "query": {"type": "string"},
                    "case_sensitive": {"type": "boolean", "default": False},
                },
                "required": ["query"],
            },
        ),
        types.Tool(
            name="delete_note",
            description="Delete a note by title",
            inputSchema={
                "type": "object",
                "properties": {"title": {"type": "string"}},
                "required": ["title"],
            },
            annotations=types.ToolAnnotations(destructiveHint=True, idempotentHint=True),
        ),
    ]


@server.call_tool()
async def handle_call_tool(name: str, arguments: dict[str, Any]) -> list[types.TextContent]:
    if name == "add_note":
        title = arguments["title"]
        NOTES[title] = {"body": arguments["body"], "tags": arguments.get("tags", [])}
        return [types.TextContent(type="text", text=f"Saved note '{title}' ({len(NOTES)} notes)")]
    elif name == "delete_note":
        title = arguments["title"]
        if NOTES.pop(title, None) is None:
            raise ValueError(f"No note titled '{title}'")
        return [types.TextContent(type="text", text=f"Deleted note '{title}'")]
    elif name in QUERY_HANDLERS:
        return QUERY_HANDLERS[name](arguments)
    raise ValueError(f"Unknown tool: {name}")


@server.list_resources()
async def handle_list_resources() -> list[types.Resource]:
    return [
        types.Resource(
            uri="notes://summary",
            name="summary",
            description="Titles and sizes of all notes",
            mimeType="text/plain",
        )
    ]


@server.list_resource_templates()
async def handle_list_resource_templates() -> list[types.ResourceTemplate]:
    return [
        types.ResourceTemplate(
            uriTemplate="notes://note/{title}",
            name="note",
            description="One note as Markdown",
            mimeType="text/markdown",
        )
    ]


@server.read_resource()
async def handle_read_resource(uri) -> list[ReadResourceContents]:
    uri = str(uri)
    if uri == "notes://summary":
        lines = [f"{title}: {len(note['body'])} chars" for title, note in NOTES.items()]
        return [ReadResourceContents(content="\n".join(lines), mime_type="text/plain")]
    if uri.startswith("notes://note/"):
        title = uri.removeprefix("notes://note/")
        if title not in NOTES:
            raise ValueError(f"No note titled '{title}'")
        return [ReadResourceContents(content=format_note(title), mime_type="text/markdown")]
    raise ValueError(f"Unknown resource: {uri}")


@server.list_prompts()
async def handle_list_prompts() -> list[types.Prompt]:
    return [
        types.Prompt(
            name="summarize_notes",
            description="Ask the model to summarise every note",
            arguments=[
                types.PromptArgument(
                    name="style", description="Summary style, e.g. 'brief'", required=False
                )
            ],
        )
    ]


@server.get_prompt()
async def handle_get_prompt(name: str, arguments: dict[str, str] | None) -> types.GetPromptResult:
    if name != "summarize_notes":
        raise ValueError(f"Unknown prompt: {name}")
    style = (arguments or {}).get("style", "brief")
    notes = "\n\n".join(format_note(title) for title in NOTES)
    return types.GetPromptResult(
        description="Summarize the current notes",
        messages=[
            types.PromptMessage(
                role="user",
                content=types.TextContent(
                    type="text", text=f"Give a {style} summary of these notes:\n\n{notes}"
                ),
            )
        ],
    )


async def main() -> None:
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


if __name__ == "__main__":
    asyncio.run(main())
