from mcp.server.fastmcp import FastMCP

INSTRUCTIONS = "A small shop."


def create_server() -> FastMCP:
    server = FastMCP("shop", instructions=INSTRUCTIONS)

    @server.tool()
    def ping() -> str:
        """Liveness check."""
        return "pong"

    return server


mcp = create_server()
