// Finding low-level `Server(...)` objects: which callee names build one in a module, and where
// each server is created (`x = Server(...)`, `self.server = Server(...)`, `return Server(...)`).
import type { SyntaxNode } from '../../parse/python.js';
import { importedNames, walk, type PyModule } from './project.js';

const HANDLERS = '(list_tools|call_tool|list_resources|read_resource|list_resource_templates|list_prompts|get_prompt)';

/** Cheap text checks for `Transform.applies`: an import of the low-level Server and a handler. */
export const LOWLEVEL_APPLIES = {
  import: new RegExp(
    [
      // from mcp.server import Server / from mcp.server.lowlevel import (\n    NotificationOptions,\n    Server,\n)
      String.raw`from\s+mcp\.server(\.lowlevel(\.server)?)?\s+import\s+(\([^)]*\bServer\b|[^\n]*\bServer\b)`,
      // import mcp.server.lowlevel as lowlevel / import mcp.server.lowlevel
      String.raw`^[ \t]*import[ \t]+[^\n]*\bmcp\.server(\.lowlevel(\.server)?)?([ \t]+as[ \t]+\w+)?[ \t]*(,|#|$)`,
      // mcp.server.lowlevel.Server(...) reached through another `import mcp...`
      String.raw`\bmcp\.server(\.lowlevel(\.server)?)?\.Server\s*\(`,
    ].join('|'),
    'm',
  ),
  handlers: {
    // @server.call_tool(), @self.server.call_tool(), @app.server.list_tools()
    v1: new RegExp(String.raw`@[\w.]+\.${HANDLERS}\(`),
    v2: new RegExp(String.raw`\bon_${HANDLERS}\s*=`),
  },
};

const LOWLEVEL_MODULES = ['mcp.server', 'mcp.server.lowlevel', 'mcp.server.lowlevel.server'];

/** Callee texts that build a low-level Server in this module: `Server`, `lowlevel.Server`, `mcp.server.lowlevel.Server`. */
export function lowlevelServerCallees(module: PyModule): Set<string> {
  const names = new Set<string>();
  for (const node of walk(module.tree.rootNode)) {
    if (node.type === 'import_from_statement') {
      for (const imp of importedNames(node)) {
        if (LOWLEVEL_MODULES.includes(imp.module) && imp.imported === 'Server') names.add(imp.local);
        // from mcp.server import lowlevel [as ll]; from mcp import server
        const full = `${imp.module}.${imp.imported}`;
        if (LOWLEVEL_MODULES.includes(full)) names.add(`${imp.local}.Server`);
        if (full === 'mcp.server') names.add(`${imp.local}.lowlevel.Server`);
      }
    } else if (node.type === 'import_statement') {
      for (const item of node.namedChildren) {
        const dotted = item.type === 'aliased_import' ? item.childForFieldName('name')?.text : item.text;
        const alias = item.type === 'aliased_import' ? item.childForFieldName('alias')?.text : undefined;
        if (!dotted) continue;
        if (alias) {
          if (LOWLEVEL_MODULES.includes(dotted)) names.add(`${alias}.Server`);
          if (dotted === 'mcp.server') names.add(`${alias}.lowlevel.Server`);
          if (dotted === 'mcp') for (const m of LOWLEVEL_MODULES) names.add(`${alias}${m.slice(3)}.Server`);
        } else if (dotted === 'mcp' || dotted.startsWith('mcp.')) {
          // `import mcp.server.stdio` binds `mcp`: every dotted spelling is reachable.
          for (const m of LOWLEVEL_MODULES) names.add(`${m}.Server`);
        }
      }
    }
  }
  return names;
}

/** One `Server(...)` construction and the statement that holds it. */
export interface ServerSite {
  /** The name the server is reached by: `server`, `self.server`; for `return Server(...)` a fresh name. */
  variable: string;
  /** `x = Server(...)` (assignment node) or `return Server(...)` (return statement). */
  statement: SyntaxNode;
  call: SyntaxNode;
  /** The server is returned directly from a factory. */
  returned: boolean;
}

export function serverSites(module: PyModule, callees: Set<string>): ServerSite[] {
  const out: ServerSite[] = [];
  for (const node of walk(module.tree.rootNode)) {
    if (node.type === 'assignment') {
      const right = node.childForFieldName('right');
      const left = node.childForFieldName('left');
      if (right?.type !== 'call' || !callees.has(right.childForFieldName('function')?.text ?? '')) continue;
      // `server = Server(...)`, `self.server = Server(...)`, `app.server = Server(...)`
      if (left?.type !== 'identifier' && !(left?.type === 'attribute' && /^[A-Za-z_][\w.]*$/.test(left.text))) continue;
      out.push({ variable: left.text, statement: node, call: right, returned: false });
    } else if (node.type === 'return_statement') {
      const value = node.namedChild(0);
      if (value?.type !== 'call' || !callees.has(value.childForFieldName('function')?.text ?? '')) continue;
      out.push({ variable: freshName(module, node), statement: node, call: value, returned: true });
    }
  }
  return out;
}

/** `server`, unless the module or the enclosing function already binds it. */
function freshName(module: PyModule, node: SyntaxNode): string {
  let fn: SyntaxNode | null = node.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  const scopeText = fn?.text ?? '';
  for (const candidate of ['server', 'mcp_server', 'fastmcp_server']) {
    if (module.bindings.has(candidate)) continue;
    if (new RegExp(`\\b${candidate}\\b`).test(scopeText)) continue;
    return candidate;
  }
  return 'fastmcp_server_';
}
