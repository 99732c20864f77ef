// The runtime bridge of the low-level transforms: Python source put into a migrated module when a
// tool / resource / prompt list is only known at run time (a list from a function, a registry, a
// loop, a paginated handler, handlers registered by a helper in another module, a schema the
// extractor cannot read exactly). The original handlers are kept and registered with
// `_LowlevelHandlers` (the low-level decorator API) instead of the server; a FastMCP Provider asks
// them for the list on every list request and serves each item exactly as listed (name, title,
// description, schemas, annotations), calling the original dispatch handler with the arguments the
// client sent. Results and errors are converted the way the SDK v1 low-level server converted
// them; SDK v2 handlers get `(ctx, params)` and return result objects.
// Checked against fastmcp 4.2.3: Provider._list_tools/_list_resources/_list_prompts, Tool.run,
// Resource.read, Prompt.render, and the server calling to_mcp_tool/to_mcp_resource/to_mcp_prompt
// with name/uri overrides.

import type { PyLayout } from '../../extract/python-lowlevel.js';
import { indentAt, lineStartOf, type Edit } from '../../extract/python/text.js';

/** Name of the handler registry object in the migrated module. */
export const BRIDGE_OBJECT = '_lowlevel';

/** The registry class; its presence marks a module as bridged. */
export const BRIDGE_CLASS = '_LowlevelHandlers';

/** Module-level block: imports and classes (no trailing newline). */
export const BRIDGE_SOURCE = `import base64 as _base64
import inspect as _inspect
import json as _json
from typing import Any as _Any

import mcp.types as _mcp_types
from fastmcp.exceptions import ToolError as _ToolError
from fastmcp.prompts import Message as _Message, Prompt as _Prompt, PromptResult as _PromptResult
from fastmcp.resources import Resource as _Resource, ResourceContent as _ResourceContent, ResourceResult as _ResourceResult
from fastmcp.resources import ResourceTemplate as _ResourceTemplate
from fastmcp.server.dependencies import get_context as _get_context
from fastmcp.server.providers import Provider as _Provider
from fastmcp.tools import Tool as _Tool
from fastmcp.tools.base import ToolResult as _ToolResult
from pydantic import AnyUrl as _AnyUrl
from pydantic.json_schema import SkipJsonSchema as _Skip


# fastmcp-migrate: runtime bridge. These lists are only known at run time, so the original
# low-level handlers are kept and FastMCP serves exactly what they list (see MIGRATION_REPORT.md).
class _LowlevelHandlers:
    """The low-level Server handler registry the original handlers are registered with."""

    def __init__(self, server, version=1, **handlers):
        self.server = server
        self.version = version
        self.handlers = dict(handlers)
        self.validate_input = True
        server.add_provider(_LowlevelProvider(self))

    def _register(self, kind):
        def decorator(fn):
            self.handlers[kind] = fn
            return fn

        return decorator

    def list_tools(self):
        return self._register("list_tools")

    def call_tool(self, *, validate_input=True):
        self.validate_input = validate_input
        return self._register("call_tool")

    def list_resources(self):
        return self._register("list_resources")

    def read_resource(self):
        return self._register("read_resource")

    def list_resource_templates(self):
        return self._register("list_resource_templates")

    def list_prompts(self):
        return self._register("list_prompts")

    def get_prompt(self):
        return self._register("get_prompt")

    def __getattr__(self, name):
        # Low-level handlers FastMCP has no equivalent for are accepted and not served, as the
        # migration report says; anything else is the FastMCP server's.
        if name in ("set_logging_level", "completion", "subscribe_resource", "unsubscribe_resource", "progress_notification"):
            return lambda *args, **kwargs: (lambda fn: fn)
        if name.startswith("_") or name == "server":
            raise AttributeError(name)
        return getattr(self.server, name)

    @property
    def request_context(self):
        return _get_context().request_context

    async def call(self, kind, *args, **kwargs):
        fn = self.handlers[kind]
        if self.version == 2:
            try:
                ctx = _get_context().request_context
            except Exception:
                ctx = None
            result = fn(ctx, *args)
        else:
            result = fn(*args, **kwargs)
        return await result if _inspect.isawaitable(result) else result

    async def listed(self, kind, field, request_type):
        if kind not in self.handlers:
            return []
        fn, items, cursor = self.handlers[kind], [], None
        # Like the SDK v1 server: a parameter without a default receives the request (pagination).
        wanted = [p for p in _inspect.signature(fn).parameters.values() if p.default is p.empty and p.kind is not p.VAR_POSITIONAL and p.kind is not p.VAR_KEYWORD]
        while True:
            params = _mcp_types.PaginatedRequestParams(cursor=cursor) if cursor else None
            if self.version == 2:
                result = await self.call(kind, params)
            elif not wanted:
                result = await self.call(kind)
            elif wanted[0].kind is wanted[0].KEYWORD_ONLY:
                result = await self.call(kind, **{wanted[0].name: request_type(params=params)})
            else:
                result = await self.call(kind, request_type(params=params))
            if isinstance(result, _mcp_types.Result):
                items += getattr(result, field)
                cursor = result.next_cursor
                if cursor:
                    continue
            else:
                items += list(result)
            return [i.model_dump(by_alias=True, exclude_none=True, mode="json") if hasattr(i, "model_dump") else dict(i) for i in items]


class _LowlevelTool(_Tool):
    listed: _Skip[dict[str, _Any]]
    bridge: _Skip[_Any]

    def to_mcp_tool(self, **overrides):
        return _mcp_types.Tool.model_validate({**self.listed, "name": overrides.get("name", self.name)})

    async def run(self, arguments):
        bridge = self.bridge
        if bridge.version == 2:
            return self.convert_result(await bridge.call("call_tool", _mcp_types.CallToolRequestParams(name=self.name, arguments=arguments)))
        import jsonschema

        def error(text):
            return _ToolResult(content=[_mcp_types.TextContent(type="text", text=text)], is_error=True)

        if bridge.validate_input:
            try:
                jsonschema.validate(instance=arguments, schema=self.parameters)
            except jsonschema.ValidationError as e:
                return error(f"Input validation error: {e.message}")
        # The result is converted, and checked against the output schema, the way the SDK v1 server did it.
        try:
            result = await bridge.call("call_tool", self.name, arguments)
            if isinstance(result, _mcp_types.CallToolResult):
                return _ToolResult.from_mcp_result(result)
            if isinstance(result, tuple) and len(result) == 2:
                content, structured = list(result[0]), result[1]
            elif isinstance(result, dict):
                content, structured = [_mcp_types.TextContent(type="text", text=_json.dumps(result, indent=2))], result
            else:
                content, structured = list(result), None
            if self.output_schema is not None:
                if structured is None:
                    return error("Output validation error: outputSchema defined but no structured output returned")
                try:
                    jsonschema.validate(instance=structured, schema=self.output_schema)
                except jsonschema.ValidationError as e:
                    return error(f"Output validation error: {e.message}")
            return _ToolResult(content=content, structured_content=structured)
        except Exception as e:
            return error(str(e))


class _LowlevelResource(_Resource):
    listed: _Skip[dict[str, _Any]]
    bridge: _Skip[_Any]

    def to_mcp_resource(self, **overrides):
        return _mcp_types.Resource.model_validate({**self.listed, "uri": overrides.get("uri", self.listed["uri"])})

    async def read(self):
        return await _read_original(self.bridge, self.listed["uri"])


class _LowlevelTemplate(_ResourceTemplate):
    listed: _Skip[dict[str, _Any]]
    bridge: _Skip[_Any]

    def to_mcp_template(self, **overrides):
        return _mcp_types.ResourceTemplate.model_validate({**self.listed, "uriTemplate": overrides.get("uri_template", self.uri_template)})

    async def _read(self, uri, params):
        return await _read_original(self.bridge, str(uri))


async def _read_original(bridge, uri):
    """The original read handler's answer, converted the way the SDK low-level server converted it."""
    if bridge.version == 2:
        result = await bridge.call("read_resource", _mcp_types.ReadResourceRequestParams(uri=uri))
        contents = []
        for c in result.contents:
            data = c.text if hasattr(c, "text") else _base64.b64decode(c.blob)
            contents.append(_ResourceContent(data, mime_type=c.mime_type, meta=c.meta))
        return _ResourceResult(contents)
    result = await bridge.call("read_resource", _AnyUrl(uri))
    if isinstance(result, (str, bytes)):
        result = [_ReadContents(result, None)]
    return _ResourceResult(
        [_ResourceContent(c.content, mime_type=c.mime_type or ("text/plain" if isinstance(c.content, str) else "application/octet-stream"), meta=getattr(c, "meta", None)) for c in result]
    )


class _ReadContents:
    def __init__(self, content, mime_type):
        self.content, self.mime_type = content, mime_type


class _LowlevelPrompt(_Prompt):
    listed: _Skip[dict[str, _Any]]
    bridge: _Skip[_Any]

    def to_mcp_prompt(self, **overrides):
        return _mcp_types.Prompt.model_validate({**self.listed, "name": overrides.get("name", self.name)})

    async def render(self, arguments=None):
        bridge = self.bridge
        if bridge.version == 2:
            result = await bridge.call("get_prompt", _mcp_types.GetPromptRequestParams(name=self.name, arguments=arguments))
        else:
            result = await bridge.call("get_prompt", self.name, arguments)
        return _PromptResult([_Message(m.content, role=m.role) for m in result.messages], description=result.description)


class _LowlevelProvider(_Provider):
    def __init__(self, bridge):
        super().__init__()
        self.bridge = bridge

    async def _list_tools(self):
        return [
            _LowlevelTool(name=t["name"], title=t.get("title"), description=t.get("description"), parameters=t.get("inputSchema", {}), output_schema=t.get("outputSchema"), listed=t, bridge=self.bridge)
            for t in await self.bridge.listed("list_tools", "tools", _mcp_types.ListToolsRequest)
        ]

    async def _list_resources(self):
        resources = []
        for r in await self.bridge.listed("list_resources", "resources", _mcp_types.ListResourcesRequest):
            fields = dict(uri=r["uri"], name=r.get("name", ""), title=r.get("title"), description=r.get("description"), mime_type=r.get("mimeType"), listed=r, bridge=self.bridge)
            try:
                resources.append(_LowlevelResource(**fields))
            except ValueError:
                # A URI FastMCP would not accept itself: served exactly as listed all the same.
                resources.append(_LowlevelResource.model_construct(**fields))
        return resources

    async def _get_resource(self, uri, version=None):
        # Matched on the URI exactly as listed (FastMCP normalises URLs, e.g. adds a trailing slash).
        return next((r for r in await self._list_resources() if r.listed["uri"] == str(uri)), None)

    async def _list_resource_templates(self):
        return [
            _LowlevelTemplate(uri_template=t["uriTemplate"], name=t.get("name", ""), title=t.get("title"), description=t.get("description"), mime_type=t.get("mimeType"), parameters={}, security=None, listed=t, bridge=self.bridge)
            for t in await self.bridge.listed("list_resource_templates", "resource_templates", _mcp_types.ListResourceTemplatesRequest)
        ]

    async def get_tasks(self):
        # Nothing served here runs as a background task; and the original list handlers are only
        # called when a client lists, as the original server did.
        return []

    async def _list_prompts(self):
        return [
            _LowlevelPrompt(name=p["name"], title=p.get("title"), description=p.get("description"), listed=p, bridge=self.bridge)
            for p in await self.bridge.listed("list_prompts", "prompts", _mcp_types.ListPromptsRequest)
        ]`;

/**
 * SDK v1 code reads protocol objects by their camelCase attribute names (`tool.inputSchema`); the
 * SDK v2 types the migrated module runs on name them in snake_case (`tool.input_schema`) and
 * accept camelCase only as constructor keywords. Added only when the project reads such an attribute.
 */
export const CAMEL_CASE_COMPAT = `# fastmcp-migrate: SDK v1 camelCase attribute reads (tool.inputSchema, ...) on SDK v2 protocol objects.
def _camel_case_compat():
    import re
    from pydantic import BaseModel

    model = next(c for c in _mcp_types.Tool.__mro__ if c.__name__ == "MCPModel")

    def __getattr__(self, name):
        try:
            return BaseModel.__getattr__(self, name)
        except AttributeError:
            snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
            if snake != name and snake in type(self).model_fields:
                return getattr(self, snake)
            raise

    model.__getattr__ = __getattr__


_camel_case_compat()`;

/** A camelCase protocol attribute read (not a keyword argument). */
export const CAMEL_CASE_READ = /\.(inputSchema|outputSchema|mimeType|uriTemplate|nextCursor|isError|structuredContent|readOnlyHint|destructiveHint|idempotentHint|openWorldHint|listChanged)\b/;

/** The statement creating the registry right after the server exists. */
export function bridgeStatement(server: string, version: 1 | 2, handlers: Record<string, string>): string {
  const args = [server, ...(version === 2 ? ['version=2'] : []), ...Object.entries(handlers).map(([k, fn]) => `${k}=${fn}`)];
  return `${BRIDGE_OBJECT} = ${BRIDGE_CLASS}(${args.join(', ')})`;
}

/**
 * The edits that put the runtime bridge into a migrated module: the block before the top-level
 * statement that creates the server, the registry right after that statement, the kept handlers'
 * decorators and the helper calls pointed at the registry.
 */
export function runtimeBridgeEdits(text: string, layout: PyLayout, serverVariable: string): Edit[] {
  const bridge = layout.bridge;
  if (!bridge) return [];
  const edits: Edit[] = [];
  const statement = layout.serverCall.parent?.parent ?? layout.serverCall;
  let topLevel = statement;
  while (topLevel.parent && topLevel.parent.type !== 'module') topLevel = topLevel.parent;
  const top = lineStartOf(text, topLevel.startIndex);
  edits.push({ start: top, end: top, text: `${BRIDGE_SOURCE}\n\n\n${bridge.camelCaseReads ? `${CAMEL_CASE_COMPAT}\n\n\n` : ''}` });
  let end = statement.endIndex;
  if (text[end] === '\n') end++;
  const indent = ' '.repeat(indentAt(text, statement.startIndex));
  edits.push({ start: end, end, text: `${indent}${bridgeStatement(serverVariable, Object.keys(bridge.v2Handlers).length ? 2 : 1, bridge.v2Handlers)}\n` });
  for (const node of [...bridge.retarget, ...bridge.helperArguments]) edits.push({ start: node.startIndex, end: node.endIndex, text: BRIDGE_OBJECT });
  return edits;
}
