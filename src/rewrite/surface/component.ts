// Per decorated tool / prompt / resource: the decorator arguments that make FastMCP 4 advertise
// the description and output schema the original server advertised (docstring.ts and
// output-schema.ts say what each lineage sent), and the review items for what no argument can
// keep. Used by every in-place transform: the SDK ones (sdk-server.ts) and the FastMCP upgrades.
import { REVIEW_CODES } from '../../extract/python/review.js';
import type { Severity } from '../../model/index.js';
import type { SyntaxNode } from '../../parse/python.js';
import * as api from '../python-api.js';
import { cleandoc, describedParameters, docstringOf, mayHaveSections } from './docstring.js';
import { fastmcp2WrappedResult, fastmcp3OutputFix, sdkOutputFix } from './output-schema.js';
import { unsupportedUnionMembers } from './parameters.js';
import { rejectedUri } from './resource-uri.js';

/** `sdk`: mcp 1.x FastMCP and SDK v2 MCPServer (raw `__doc__`); `fastmcp2`: inspect.getdoc, no parsing; `fastmcp3`: parses like FastMCP 4. */
export type Lineage = 'sdk' | 'fastmcp2' | 'fastmcp3';

export interface SurfaceSink {
  record(node: SyntaxNode, rule: string, automatic: boolean, message: string): void;
  flag(node: SyntaxNode, rule: string, code: string, severity: Severity, message: string, suggestion: string): void;
  /** Local name of the `inspect` module, importing it when needed. */
  inspectLocal(): string;
}

export interface DecoratedComponent {
  kind: 'tool' | 'prompt' | 'resource';
  decorator: SyntaxNode;
  call?: SyntaxNode;
  fn: SyntaxNode;
  name: string;
}

export interface SurfacePlan {
  /** Rendered keyword arguments to add to the decorator. */
  add: string[];
  /** Decorator arguments to remove. */
  remove: SyntaxNode[];
  /** Set when the fix replaces a value in place: argument node → new value. */
  replaceValue: Map<SyntaxNode, string>;
  /** Edits outside the decorator (the function's signature). */
  edits: api.Edit[];
}

export interface SurfaceOptions {
  /** Positional decorator parameters (after the first) by position, for the lineage. */
  positional?: string[];
  /** Local names of Context types (their parameters are not in the schema). */
  ctxTypes: Set<string>;
  /** `Dict` is typing.Dict in this module. */
  typingDict: boolean;
  /** What the target is called in messages. */
  target: string;
}

function argNamed(call: SyntaxNode | undefined, name: string, positional: string[] | undefined): api.ArgInfo | undefined {
  if (!call) return undefined;
  for (const a of api.callArgs(call)) {
    if (a.kind === 'keyword' && a.name === name) return a;
    if (a.kind === 'positional' && positional?.[a.position!] === name) return a;
  }
  return undefined;
}

const isEmptyString = (n: SyntaxNode | undefined) => !!n && n.type === 'string' && api.stringLiteralValue(n) === '';

export function componentSurface(c: DecoratedComponent, lineage: Lineage, sink: SurfaceSink, opts: SurfaceOptions): SurfacePlan {
  const plan: SurfacePlan = { add: [], remove: [], replaceValue: new Map(), edits: [] };
  const root = c.fn.tree.rootNode;
  const doc = docstringOf(c.fn);
  const parsesDocstring = c.kind !== 'resource';
  const description = argNamed(c.call, 'description', opts.positional);
  const label = `${c.kind} \`${c.name}\``;

  // The text the original advertised, as an expression, when FastMCP 4 would advertise another.
  const docExpression = (): string | undefined => {
    if (!doc || lineage === 'fastmcp3') return undefined;
    const text = doc.value;
    if (lineage === 'sdk') {
      const same = text !== undefined && text === cleandoc(text) && !(parsesDocstring && mayHaveSections(text));
      return same ? undefined : doc.node.text;
    }
    // FastMCP 2 advertised inspect.getdoc(fn): the same as FastMCP 4 unless griffe finds a section.
    if (!parsesDocstring) return undefined;
    const cleaned = text === undefined ? doc.node.text : cleandoc(text);
    return mayHaveSections(cleaned) ? `${sink.inspectLocal()}.cleandoc(${doc.node.text})` : undefined;
  };

  if (description) {
    // mcp 1.x / MCPServer used `description or fn.__doc__ or ""`, FastMCP 2 `description or inspect.getdoc(fn)`:
    // an empty description fell back to the docstring (or to none), FastMCP 4 keeps "".
    if (isEmptyString(description.value) && lineage !== 'fastmcp3') {
      const expr = doc ? (docExpression() ?? (lineage === 'sdk' ? doc.node.text : undefined)) : undefined;
      if (expr !== undefined) {
        plan.replaceValue.set(description.node, expr);
        sink.record(description.node, 'description', true, `${label}: an empty \`description=\` fell back to the docstring in the original; FastMCP 4 would send "", so the docstring is passed explicitly`);
      } else if (lineage === 'fastmcp2') {
        plan.remove.push(description.node);
        sink.record(description.node, 'description', true, `${label}: FastMCP 2 sent no description for \`description=""\`${doc ? ' and used the docstring' : ''}; FastMCP 3/4 would send "", so the argument is removed`);
      }
    }
  } else if (doc) {
    const expr = docExpression();
    if (expr !== undefined) {
      plan.add.push(`description=${expr}`);
      sink.record(
        c.decorator,
        'description',
        true,
        `${label}: ${opts.target} ${parsesDocstring ? 'parses the docstring (the description stops at Args:/Returns:/..., whitespace is cleaned)' : 'cleans the docstring (inspect.getdoc)'} where the original advertised ${lineage === 'sdk' ? 'it as written' : 'inspect.getdoc(fn)'}: passed as \`description=\``,
      );
    }
  } else if (lineage === 'sdk') {
    plan.add.push('description=""');
    sink.record(c.decorator, 'description', true, `${label} has no docstring: the original advertised the description "", ${opts.target} would advertise none, so \`description=""\` is passed`);
  }

  // FastMCP 3/4 copy a docstring's parameter entries into the input schema (no argument stops it).
  if (doc && parsesDocstring && lineage !== 'fastmcp3') {
    const params = api
      .parametersOf(c.fn)
      .filter((p) => !api.annotationNames(p.annotation, opts.ctxTypes) && !/\bField\(|Annotated\[/.test(p.annotation?.text ?? ''))
      .map((p) => p.name);
    const described = describedParameters(doc.value !== undefined ? cleandoc(doc.value) : doc.node.text, params);
    if (described.length) {
      sink.flag(
        doc.node,
        'parameter-descriptions',
        REVIEW_CODES.surfaceDocstringParams,
        'warning',
        `${label}: ${opts.target} copies the docstring's parameter entries into ${c.kind === 'tool' ? 'the input schema' : 'the prompt arguments'} (${described.map((p) => `\`${p}\``).join(', ')} gain a description); the original advertised no parameter descriptions`,
        'Usually an improvement: accept it and tell clients. To keep the old schema exactly, move the parameter text out of the docstring (the tool description is already passed explicitly as `description=`).',
      );
    }
  }

  if (lineage === 'sdk') {
    // Unions with a bytearray member: the SDK left the member out of the schema, FastMCP 4 cannot start.
    if (c.kind === 'tool') {
      for (const p of api.parametersOf(c.fn)) {
        for (const fix of unsupportedUnionMembers(p.annotation)) {
          plan.edits.push(fix.edit);
          sink.record(fix.node, 'parameter-type', true, `${label} parameter \`${p.name}\`: \`${fix.dropped.join('`, `')}\` dropped from \`${fix.node.text}\`: ${opts.target} cannot build a schema for it (the server would not start); the original left it out of the advertised schema, and JSON arguments never arrive as one`);
        }
      }
    }
    // A URI MCPServer took as any string but FastMCP 4 validates as a URL.
    const uriArg = c.kind === 'resource' ? argNamed(c.call, 'uri', ['uri']) : undefined;
    const uri = api.stringLiteralValue(uriArg?.value);
    const why = uri !== undefined ? rejectedUri(uri) : undefined;
    if (why) {
      sink.flag(
        uriArg!.node,
        'resource-uri',
        REVIEW_CODES.surfaceResourceUri,
        'error',
        `resource URI \`${uri}\`: ${opts.target} rejects it at registration (${why}), so the migrated server does not start; the original accepted any string`,
        'Choose a URI with a valid scheme (e.g. prefix the scheme with a letter: `x-' + uri + '`) and tell clients: the URI is what they read the resource by.',
      );
    }
  }

  // Output schemas (tools only).
  if (c.kind === 'tool' && !argNamed(c.call, 'output_schema', undefined) && !argNamed(c.call, 'structured_output', opts.positional)) {
    const returns = c.fn.childForFieldName('return_type');
    const fix = lineage === 'sdk' ? sdkOutputFix(returns, root, opts.typingDict) : lineage === 'fastmcp3' ? fastmcp3OutputFix(returns) : undefined;
    if (fix?.kind === 'schema') {
      plan.add.push(`output_schema=${fix.python}`);
      sink.record(c.decorator, 'output-schema', true, `${label}: ${fix.why}: \`output_schema=\` passes what the original advertised`);
    } else if (fix?.kind === 'review') {
      sink.flag(returns!, 'output-schema', REVIEW_CODES.surfaceOutputSchema, 'warning', `${label} ${fix.message}`, fix.suggestion);
    }
  }
  return plan;
}

/** FastMCP 2 tools whose wrapped output schema carried "Generic wrapper for non-object return types." */
export function fastmcp2WrapDescription(c: DecoratedComponent): boolean {
  return c.kind === 'tool' && !c.call?.text.includes('output_schema') && fastmcp2WrappedResult(c.fn.childForFieldName('return_type'));
}

/** Edits for a decorator: the plan merged into `base` when the decorator is a call, else `(args)` appended to a bare decorator. */
export function decoratorEdits(text: string, c: { decorator: SyntaxNode; call?: SyntaxNode }, plan: SurfacePlan, base: api.ArgPlan = {}): api.Edit[] {
  return [...argumentEdits(text, c, plan, base), ...plan.edits];
}

function argumentEdits(text: string, c: { decorator: SyntaxNode; call?: SyntaxNode }, plan: SurfacePlan, base: api.ArgPlan): api.Edit[] {
  if (c.call) {
    const merged: api.ArgPlan = {
      ...base,
      remove: [...(base.remove ?? []), ...plan.remove],
      add: [...(base.add ?? []), ...plan.add],
      replaceValue: new Map([...(base.replaceValue ?? []), ...plan.replaceValue]),
    };
    return api.rewriteArgs(text, c.call, merged);
  }
  if (!plan.add.length) return [];
  const expr = c.decorator.namedChildren[0]!;
  return [{ start: expr.endIndex, end: expr.endIndex, text: `(${plan.add.join(', ')})` }];
}

/** The local name `inspect` is bound to at module level, if `import inspect` is there. */
export function inspectImported(root: SyntaxNode): string | undefined {
  for (const site of api.findImports(root, (m) => m === 'inspect')) {
    if (site.kind !== 'import') continue;
    for (const n of site.names) if (n.name === 'inspect') return n.alias ?? 'inspect';
  }
  return undefined;
}

/**
 * SDK lineage: tools whose output schema FastMCP 4 marks `x-fastmcp-wrap-result: true` (a wrapped
 * non-object result; the SDK wrapped it the same way without the vendor keyword).
 */
export function sdkWrapMarked(c: DecoratedComponent, plan: SurfacePlan): boolean {
  if (c.kind !== 'tool' || c.call?.text.match(/\b(output_schema|structured_output)\s*=/)) return false;
  return plan.add.some((a) => a.includes('"x-fastmcp-wrap-result": True')) || fastmcp2WrappedResult(c.fn.childForFieldName('return_type'));
}

export function wrapMarkerNote(sink: SurfaceSink, first: SyntaxNode, tools: string[], target: string): void {
  sink.flag(
    first,
    'output-schema',
    REVIEW_CODES.surfaceWrapMarker,
    'info',
    `${target} adds the vendor keyword \`"x-fastmcp-wrap-result": true\` to the wrapped output schema of ${tools.map((n) => `\`${n}\``).join(', ')} (non-object results); the schema and the {"result": ...} structured content are otherwise the same`,
    'Nothing to change: JSON Schema validators ignore unknown keywords; tell clients that compare schemas byte for byte.',
  );
}
