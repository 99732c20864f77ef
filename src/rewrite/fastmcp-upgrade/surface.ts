// The surface clients see, kept across a FastMCP hop: FastMCP 3 and 4 parse tool and prompt
// docstrings (FastMCP 2 sent inspect.getdoc as is), FastMCP 2 described wrapped output schemas,
// FastMCP 4 advertises no output schema for a bare `list`. The per-component rules are shared with
// the SDK transforms (../surface/component.ts).
import type { PyModule } from '../../extract/python/project.js';
import { REVIEW_CODES } from '../../extract/python/review.js';
import { componentSurface, decoratorEdits, fastmcp2WrapDescription, inspectImported, type Lineage } from '../surface/component.js';
import type { Upgrade } from './context.js';

export function componentSurfaces(up: Upgrade, mod: PyModule, lineage: Extract<Lineage, 'fastmcp2' | 'fastmcp3'>): void {
  const wrapped: string[] = [];
  let firstWrapped: import('../../parse/python.js').SyntaxNode | undefined;
  for (const c of up.components.filter((x) => x.mod === mod)) {
    const plan = componentSurface(
      { kind: c.kind, decorator: c.decorator, call: c.call, fn: c.fn, name: c.name },
      lineage,
      {
        record: (node, rule, automatic, message) => up.record(mod, node, rule, automatic, message),
        flag: (node, rule, code, severity, message, suggestion) => up.flag(mod, node, rule, code, severity, message, suggestion),
        inspectLocal: () => {
          const local = inspectImported(mod.tree.rootNode);
          if (local) return local;
          up.addImportLine(mod, 'import inspect');
          return 'inspect';
        },
      },
      { positional: c.kind === 'resource' ? ['uri'] : ['name'], ctxTypes: up.contextClass.get(mod.path) ?? new Set(), typingDict: false, target: up.hop.to },
    );
    up.edit(mod, decoratorEdits(mod.text, c, plan));
    if (lineage === 'fastmcp2' && fastmcp2WrapDescription(c)) {
      wrapped.push(c.name);
      firstWrapped ??= c.decorator;
    }
  }
  if (firstWrapped) {
    up.flag(
      mod,
      firstWrapped,
      'output-schema',
      REVIEW_CODES.surfaceWrapDescription,
      'info',
      `FastMCP 2 gave the wrapped output schema of ${wrapped.map((n) => `\`${n}\``).join(', ')} (non-object results) the description "Generic wrapper for non-object return types."; ${up.hop.to} sends the same schema without it`,
      'Nothing to change: the schema and the results are the same; only that description text is gone.',
    );
  }
}
