"""FastMCP 4 translation of original.py (run with .venv/fastmcp4). VERIFY_VARIANT (comma-separated)
introduces deliberate differences for the negative tests: rename, description, type, no-resource,
prompt-arg, result."""

import os
from enum import Enum
from typing import Annotated

from pydantic import Field
from fastmcp import FastMCP

VARIANT = set(os.environ.get("VERIFY_VARIANT", "").split(","))

mcp = FastMCP("verify-demo", instructions="A demo server for verify tests.")


class Color(str, Enum):
    red = "red"
    blue = "blue"


def add_numbers(
    a: Annotated[int, Field(description="First number")],
    b: Annotated[int, Field(description="Second number")],
    c: int = 0,
):
    return str(a + b + c)


mcp.tool(add_numbers, name="add_nums" if "rename" in VARIANT else "add_numbers", description="Add two numbers")


@mcp.tool(description="Greet a person" if "description" in VARIANT else "Greet someone")
def greet(name: int if "type" in VARIANT else str, greeting: str | None = None):
    return f"{greeting or 'Hello'}, {name}!"


@mcp.tool(description="Paint with a colour")
def paint(color: Color):
    # The "result" variant is a classic migration slip: str() of an Enum member is "Color.red".
    return f"painted {str(color)}" if "result" in VARIANT else f"painted {color.value}"


@mcp.tool(description="Always fails")
def boom():
    raise ValueError("the boom tool always fails")


@mcp.resource("file:///greeting.txt", name="greeting", description="A greeting", mime_type="text/plain")
def greeting_resource():
    return "Hello, world!"


if "no-resource" not in VARIANT:

    @mcp.resource("file:///data.json", name="data", description="Some data", mime_type="application/json")
    def data_resource():
        return '{"answer": 42}'


@mcp.resource("users://{id}/profile", name="profile", description="A user profile", mime_type="application/json")
def profile(id: str):
    return f'{{"id": "{id}"}}'


# Prompt argument descriptions come from the docstring: FastMCP appends a JSON-schema note to the
# description of any argument not annotated exactly `str` (e.g. Annotated[str, Field(...)]).
if "prompt-arg" in VARIANT:

    @mcp.prompt(name="summarize", description="Summarize a topic")
    def summarize(topic: str) -> str:
        """Summarize a topic.

        Args:
            topic: The topic
        """
        return f"Summarize {topic} in a plain style."

else:

    @mcp.prompt(name="summarize", description="Summarize a topic")
    def summarize(topic: str, style: str = None) -> str:  # type: ignore[assignment]
        """Summarize a topic.

        Args:
            topic: The topic
            style: Writing style
        """
        return f"Summarize {topic} in a {style or 'plain'} style."


if __name__ == "__main__":
    mcp.run()
