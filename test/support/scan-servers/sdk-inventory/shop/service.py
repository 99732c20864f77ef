from mcp.server.fastmcp import FastMCP


class Service:
    def __init__(self, server: FastMCP) -> None:
        self.mcp = server
        self._register()

    def _register(self) -> None:
        @self.mcp.tool()
        def stats(days: int = 7) -> str:
            return str(days)

        self.mcp.add_tool(self.refund)

    def refund(self, order_id: str, reason: str = "") -> str:
        """Refund an order."""
        return order_id
