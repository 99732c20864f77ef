from mcp.server.fastmcp import FastMCP


def restock(item: str, amount: int = 1) -> str:
    return f"{item}+{amount}"


def register_admin(server: FastMCP) -> None:
    @server.tool("audit", "Audit log")
    def audit(since: str) -> str:
        return since

    server.add_tool(restock, name="restock_item", description="Add stock")
