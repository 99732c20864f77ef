"""SDK FastMCP server spread over modules: scan must list what tools/list shows."""
import shop.catalog  # noqa: F401  (registers the catalog tools)
from shop.app import mcp
from shop.helpers import register_admin
from shop.service import Service

register_admin(mcp)
service = Service(mcp)

if __name__ == "__main__":
    mcp.run()
