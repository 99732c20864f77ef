from enum import Enum
from typing import Annotated, Literal, Optional

from mcp.server.fastmcp import Context
from pydantic import BaseModel, Field

from .app import mcp


class Size(str, Enum):
    SMALL = "s"
    LARGE = "l"


class Address(BaseModel):
    street: str
    city: str = "Paris"


@mcp.tool(name="find_items", title="Find items", description="Search the catalog")
def search(
    query: str,
    limit: Annotated[int, Field(ge=1, le=50, description="At most this many")] = 10,
    size: Optional[Size] = None,
    order: Literal["price", "name"] = "name",
    tags: list[str] | None = None,
    ctx: Context = None,
) -> list[str]:
    return [query]


@mcp.tool()
async def ship(address: Address, express: bool = False) -> str:
    """Ship an order."""
    return address.city


@mcp.resource("shop://catalog", mime_type="application/json")
def catalog() -> str:
    """The whole catalog."""
    return "{}"


@mcp.resource("shop://items/{item_id}/{field}")
def item_field(item_id: str, field: str) -> str:
    return f"{item_id}.{field}"


@mcp.prompt()
def describe(item: str, tone: str = "friendly") -> str:
    """Describe an item."""
    return f"Describe {item} in a {tone} tone."
