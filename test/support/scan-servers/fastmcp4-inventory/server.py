"""FastMCP 4 server with composition, visibility and exact schemas: scan must list what tools/list shows."""
from typing import Annotated

from fastmcp import FastMCP
from fastmcp.server.transforms import ToolTransform
from fastmcp.tools import Tool
from fastmcp.tools.tool_transform import ArgTransformConfig, ToolTransformConfig
from pydantic import Field
from typing_extensions import TypedDict


class Window(TypedDict):
    start: str
    end: str


weather = FastMCP("weather")


@weather.tool
def forecast(city: str, days: Annotated[int, Field(ge=1, le=7)] = 3) -> str:
    """Forecast for a city."""
    return city


@weather.resource("weather://stations")
def stations() -> str:
    return "a,b"


main = FastMCP("gateway", instructions="Gateway")


@main.tool(tags={"public"})
def report(window: Window, verbose: bool = False) -> str:
    return window["start"]


@main.tool(tags={"internal"})
def debug() -> str:
    return "debug"


@main.tool
def old_name(value: str) -> str:
    return value


def lookup(key: str) -> str:
    return key


main.tool(lambda: "hi", name="hello")
exact = Tool.from_function(lookup, name="lookup", output_schema=None)
main.add_tool(exact.model_copy(update={"parameters": {"type": "object", "properties": {"key": {"type": "string", "description": "Lookup key"}}, "required": ["key"]}}))
main.mount(weather, namespace="wx")
main.disable(tags={"internal"})
main.add_transform(ToolTransform({"old_name": ToolTransformConfig(name="new_name", arguments={"value": ArgTransformConfig(name="text")})}))


@main.prompt
def summary(topic: str, length: int = 100) -> str:
    return topic


if __name__ == "__main__":
    main.run()
