// Start-up of a low-level server (stdio / SSE / streamable HTTP) → where the FastMCP run call goes,
// plus what the original's `server.run(..., InitializationOptions(...))` told clients.
import type { ReviewItem, ServerModel, TransportModel, Value } from '../../model/index.js';
import { pyExpr } from '../../model/index.js';
import type { SyntaxNode } from '../../parse/python.js';
import type { PyLayout } from '../python-lowlevel.js';
import { walk, type PyModule } from './project.js';
import { REVIEW_CODES as C, reviewAt } from './review.js';
import { toValue } from './schema.js';
import { functionScope, moduleScope, type StaticEvaluator } from './static-eval.js';
import { initializationOptions, portableValue, stdioCall, stdioStreamArgs } from './startup.js';
import { indentAt, lineStartOf, reindent } from './text.js';

export class StartupReader {
  constructor(
    private readonly module: PyModule,
    private readonly evaluator: StaticEvaluator,
    private readonly variable: string,
    private readonly assignment: SyntaxNode,
    private readonly call: SyntaxNode,
    private readonly layout: PyLayout,
    private readonly review: ReviewItem[],
    /** Filled with InitializationOptions values that replace the Server's own. */
    private readonly initOverrides: Partial<Pick<ServerModel, 'name' | 'version' | 'instructions'>>,
    private readonly factory?: SyntaxNode,
  ) {}

  private get file(): string {
    return this.module.path;
  }

  private isAsync(fn: SyntaxNode): boolean {
    return fn.children.some((c) => c.type === 'async');
  }

  findTransports(): void {
    const root = this.module.tree.rootNode;
    for (const node of walk(root)) {
      // async with stdio_server() as (read, write): await server.run(read, write, options)
      if (node.type === 'with_statement' && /\bstdio_server\s*\(/.test(node.child(0)?.parent?.childForFieldName('body') ? withItems(node) : '')) {
        const body = node.childForFieldName('body');
        const runs = body ? [...walk(body)].filter((n) => this.isRunCall(n)) : [];
        const runStmt = runs.length === 1 ? runs[0].parent?.parent : undefined;
        if (runs.length === 1 && runStmt?.type === 'expression_statement' && runStmt.parent?.id === body!.id && runs[0].parent?.type === 'await' && body!.namedChildren.filter((c) => c.type !== 'comment').length > 1) {
          // Other statements beside the run call (logging, a banner): they stay, outside the stdio block.
          const targets = node.children.filter((c) => c.type === 'with_clause').flatMap((c) => [...walk(c)].filter((n) => n.type === 'as_pattern_target'));
          const streamNames = new Set(targets.flatMap((t) => [...walk(t)].filter((n) => n.type === 'identifier').map((n) => n.text)));
          const others = body!.namedChildren.filter((c) => c.id !== runStmt.id);
          const usesStreams = others.some((o) => [...walk(o)].some((n) => n.type === 'identifier' && streamNames.has(n.text)));
          if (!usesStreams && !stdioStreamArgs(node).length) {
            const preamble = this.readInitializationOptions(runs[0]);
            const text = this.module.text;
            const bodyStart = lineStartOf(text, body!.startIndex);
            const runIndent = ' '.repeat(indentAt(text, runStmt.startIndex));
            const inner = text.slice(bodyStart, runStmt.startIndex) + preamble.map((p) => `${p}\n${runIndent}`).join('') + `await ${this.variable}.run_async()` + text.slice(runStmt.endIndex, body!.endIndex);
            const start = lineStartOf(text, node.startIndex);
            this.layout.replacements.push({ start, end: node.endIndex, text: reindent(inner, indentAt(text, node.startIndex)) });
            continue;
          }
        }
        if (runs.length !== 1 || body!.namedChildren.filter((c) => c.type !== 'comment').length !== 1) {
          this.review.push(reviewAt(C.transportUnknown, 'warning', this.file, node, 'The stdio start-up block does more than run the server; it was left as is', `Replace it with await ${this.variable}.run_async() and move the other statements around it.`));
          continue;
        }
        const preamble = this.readInitializationOptions(runs[0]);
        const start = lineStartOf(this.module.text, node.startIndex);
        const streams = stdioStreamArgs(node);
        if (streams.length) {
          // FastMCP's run_async() always serves the process's stdin/stdout: keep the given streams
          // with FastMCP's own low-level server and lifespan (what run_stdio_async does inside).
          const stdioItem = stdioCall(node)!.text;
          const withItemCount = node.children.filter((c) => c.type === 'with_clause').flatMap((c) => c.namedChildren.filter((i) => i.type === 'with_item')).length;
          if (withItemCount !== 1 || runs[0].parent?.type !== 'await') {
            this.review.push(reviewAt(C.transportUnknown, 'error', this.file, node, 'stdio_server() is given its own streams inside a compound start-up block; it was left as is and will fail on FastMCP', `Serve with: async with ${this.variable}._lifespan_manager(), stdio_server(...) as (r, w): await ${this.variable}._mcp_server.run(r, w, ${this.variable}._mcp_server.create_initialization_options())`));
            continue;
          }
          const indent = ' '.repeat(indentAt(this.module.text, node.startIndex));
          const v = this.variable;
          this.review.push(reviewAt(C.transportUnknown, 'warning', this.file, node, `stdio_server() is given its own streams (${streams.map((a) => a.text).join(', ')}); FastMCP's run_async() cannot take them, so the start-up keeps them and runs FastMCP's low-level server (${v}._mcp_server) inside ${v}._lifespan_manager()`, 'These are private FastMCP 4 attributes: re-check them when upgrading FastMCP, or serve over the default stdin/stdout with run_async().'));
          const text = preamble.map((p) => `${indent}${p}\n`).join('') + `${indent}async with ${v}._lifespan_manager(), ${stdioItem} as (read_stream, write_stream):\n${indent}    await ${v}._mcp_server.run(read_stream, write_stream, ${v}._mcp_server.create_initialization_options())`;
          this.layout.replacements.push({ start, end: node.endIndex, text });
          continue;
        }
        this.layout.transportSites.push({ transport: { kind: 'stdio' }, start, end: node.endIndex, indent: indentAt(this.module.text, node.startIndex), inAsync: true, preamble });
      }
      // options = server.create_initialization_options(...)
      if (node.type === 'expression_statement' && node.namedChild(0)?.type === 'assignment') {
        const right = node.namedChild(0)!.childForFieldName('right');
        if (right?.type === 'call' && right.childForFieldName('function')?.text === `${this.variable}.create_initialization_options`) this.layout.removable.push(node);
      }
    }
    // SSE / streamable HTTP: the smallest block holding both the transport object and uvicorn.
    for (const [marker, kind] of [
      ['SseServerTransport', 'sse'],
      ['StreamableHTTPSessionManager', 'streamable-http'],
    ] as const) {
      const ctor = [...walk(root)].find((n) => n.type === 'call' && /(^|\.)/.test('') && (n.childForFieldName('function')?.text ?? '').split('.').pop() === marker);
      const uvicornRun = [...walk(root)].find((n) => n.type === 'call' && n.childForFieldName('function')?.text === 'uvicorn.run');
      if (!ctor) continue;
      if (!uvicornRun) {
        this.review.push(reviewAt(C.transportUnknown, 'warning', this.file, ctor, `${marker} start-up without uvicorn.run was not recognised`, `Start the server with ${this.variable}.run(transport="${kind === 'sse' ? 'sse' : 'http'}", host=..., port=...).`));
        continue;
      }
      const block = smallestCommonBlock(ctor, uvicornRun);
      if (!block) continue;
      if (enclosingFunction(ctor)?.id !== enclosingFunction(uvicornRun)?.id) {
        // The transport is built in one scope (e.g. module level, for `uvicorn module:app`) and served from
        // another (main()): replacing the statements between them would delete whole functions.
        this.review.push(reviewAt(C.transportUnknown, 'error', this.file, ctor, `${marker} is built in one scope and served by uvicorn.run in another; this HTTP start-up was left as is and does not serve the FastMCP server`, `Serve ${this.variable}.http_app(${kind === 'sse' ? 'transport="sse"' : ''}) with uvicorn instead, or call ${this.variable}.run(transport="${kind === 'sse' ? 'sse' : 'http'}", host=..., port=...).`));
        continue;
      }
      const args = uvicornRun.childForFieldName('arguments')?.namedChildren ?? [];
      const kw = new Map(args.filter((a) => a.type === 'keyword_argument').map((a) => [a.childForFieldName('name')!.text, a.childForFieldName('value')!]));
      const transport: TransportModel = {
        kind,
        host: kw.get('host') ? pyExpr(kw.get('host')!.text) : undefined,
        port: kw.get('port') ? pyExpr(kw.get('port')!.text) : undefined,
      };
      if (transport.kind === 'streamable-http') transport.options = this.sessionManagerOptions(ctor);
      // Replace only the statements from the transport object to uvicorn.run, keeping e.g. a stdio branch before them.
      const first = childContaining(block, ctor);
      const lastStmt = childContaining(block, uvicornRun);
      if (!first || !lastStmt) continue;
      const start = lineStartOf(this.module.text, first.startIndex);
      this.layout.transportSites.push({ transport, start, end: lastStmt.endIndex, indent: indentAt(this.module.text, first.startIndex), inAsync: enclosingFunction(block) ? this.isAsync(enclosingFunction(block)!) : false });
    }
    this.streamableHttpApps();
    if (this.layout.transportSites.length === 0 && this.layout.replacements.length === 0) {
      this.review.push(reviewAt(C.transportUnknown, 'warning', this.file, this.assignment, 'No start-up code (stdio_server / SSE / streamable HTTP) was recognised for this server', `Start the server with ${this.variable}.run().`));
    }
  }

  /** StreamableHTTPSessionManager(json_response=, stateless=, event_store=) → FastMCP run() keywords, or review items. */
  private sessionManagerOptions(ctor: SyntaxNode): { name: string; value: Value }[] {
    const out: { name: string; value: Value }[] = [];
    for (const a of ctor.childForFieldName('arguments')?.namedChildren ?? []) {
      if (a.type !== 'keyword_argument') continue;
      const key = a.childForFieldName('name')!.text;
      const value = a.childForFieldName('value')!;
      if (key === 'app') continue;
      if (key === 'json_response') out.push({ name: 'json_response', value: pyExpr(value.text) });
      else if (key === 'stateless') out.push({ name: 'stateless_http', value: pyExpr(value.text) });
      else if (value.type === 'none') continue;
      else this.review.push(reviewAt(C.transportUnknown, 'warning', this.file, a, `StreamableHTTPSessionManager(${key}=...) is not carried: FastMCP's run(transport="http") has no such option`, key === 'event_store' ? `Serve ${this.variable}.http_app(event_store=...) with uvicorn yourself to keep resumability.` : `Check ${this.variable}.http_app(...) for an equivalent setting.`));
    }
    return out;
  }

  /** SDK v2 `server.streamable_http_app(...)` → FastMCP's `server.http_app(...)`, options renamed or reported. */
  private streamableHttpApps(): void {
    const carried: Record<string, string> = { streamable_http_path: 'path', json_response: 'json_response', stateless_http: 'stateless_http', event_store: 'event_store', retry_interval: 'retry_interval', session_idle_timeout: 'session_idle_timeout' };
    for (const node of walk(this.module.tree.rootNode)) {
      if (node.type !== 'call' || node.childForFieldName('function')?.text !== `${this.variable}.streamable_http_app`) continue;
      const fn = node.childForFieldName('function')!;
      const attr = fn.childForFieldName('attribute')!;
      this.layout.replacements.push({ start: attr.startIndex, end: attr.endIndex, text: 'http_app' });
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      const kept: string[] = [];
      let changed = false;
      for (const a of args) {
        if (a.type === 'comment') continue;
        const key = a.type === 'keyword_argument' ? a.childForFieldName('name')!.text : undefined;
        if (key && carried[key]) {
          kept.push(key === carried[key] ? a.text : `${carried[key]}=${a.childForFieldName('value')!.text}`);
          changed ||= key !== carried[key];
          continue;
        }
        changed = true;
        this.review.push(reviewAt(C.transportUnknown, 'warning', this.file, a, `streamable_http_app(${key ?? a.text}=...) has no FastMCP http_app() equivalent; it was dropped`, 'Configure it on the FastMCP server or the Starlette app by hand.'));
      }
      const argList = node.childForFieldName('arguments')!;
      if (changed) this.layout.replacements.push({ start: argList.startIndex, end: argList.endIndex, text: `(${kept.join(', ')})` });
    }
  }

  /** `server.run(read, write, InitializationOptions(server_name=..., server_version=...))`: clients saw those values. */
  private readInitializationOptions(runCall: SyntaxNode): string[] {
    const preamble: string[] = [];
    // server.run(read, write, options, raise_exceptions=..., stateless=...): FastMCP's run_async() takes none of these.
    const runArgs = runCall.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    runArgs.forEach((a, i) => {
      const key = a.type === 'keyword_argument' ? a.childForFieldName('name')!.text : undefined;
      if ((key === undefined && i < 3) || ['read_stream', 'write_stream', 'initialization_options'].includes(key ?? '')) return;
      const value = a.type === 'keyword_argument' ? a.childForFieldName('value')!.text : a.text;
      if (value === 'False') return;
      const stateless = key === 'stateless' || i === 4;
      this.review.push(reviewAt(C.transportUnknown, stateless ? 'warning' : 'info', this.file, a, `${this.variable}.run(..., ${a.text}) is not carried: FastMCP's run_async() has no such option`, stateless ? 'Serve over HTTP with stateless_http=True if you need stateless sessions.' : 'FastMCP reports handler exceptions to the client; re-raise in a middleware if you relied on crashing.'));
    });
    const opts = initializationOptions(runCall);
    if (!opts) return preamble;
    if (opts.binding) {
      // `options = InitializationOptions(...)` only fed the run call: it goes with it.
      const name = opts.binding.namedChild(0)?.childForFieldName('left')?.text ?? '';
      let fn: SyntaxNode | null = opts.binding.parent;
      while (fn && fn.type !== 'function_definition') fn = fn.parent;
      const uses = [...walk(fn ?? this.module.tree.rootNode)].filter((n) => n.type === 'identifier' && n.text === name).length;
      if (uses === 2) this.layout.removable.push(opts.binding);
      else this.review.push(reviewAt(C.transportUnknown, 'warning', this.file, opts.binding, `\`${name}\` (InitializationOptions) is used beyond the run call and was kept; FastMCP has no get_capabilities()`, 'Remove the remaining uses; FastMCP builds its own initialization options.'));
    }
    const targetInFunction = !!this.factory || this.variable.includes('.');
    const scope = (() => {
      for (let p = runCall.parent; p; p = p.parent) if (p.type === 'function_definition') return functionScope(p, moduleScope(this.module));
      return moduleScope(this.module);
    })();
    const fields: [string, 'name' | 'version' | 'instructions'][] = [['server_name', 'name'], ['server_version', 'version'], ['instructions', 'instructions']];
    for (const [key, field] of fields) {
      const node = opts.kwargs.get(key);
      if (!node || node.type === 'none') continue;
      // `server_name=server.name`: the Server's own value, already given to FastMCP.
      if (node.text === `${this.variable}.${field}`) continue;
      const value = portableValue(node, this.module, this.assignment, targetInFunction, toValue(this.evaluator.evaluate(node, scope)));
      if (value && !(value.kind === 'expr' && value.source === '')) this.initOverrides[field] = value;
      else {
        // Only known where the original ran: set it there, on FastMCP's low-level server, before it serves.
        preamble.push(`${this.variable}._mcp_server.${field} = ${node.text}`);
        this.review.push(reviewAt(C.serverOption, 'warning', this.file, node.parent!, `InitializationOptions(${key}=${node.text}) is only known where the server is started; it is set there on ${this.variable}._mcp_server.${field} (a private FastMCP 4 attribute) before the server runs`, `Pass ${field}=... to FastMCP(...) when it can be known earlier.`));
      }
    }
    if (!opts.kwargs.get('instructions') || opts.kwargs.get('instructions')!.type === 'none') {
      // Clients never saw the Server's own instructions: InitializationOptions replaced them.
      this.initOverrides.instructions = undefined;
      const given = this.call.childForFieldName('arguments')?.namedChildren.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'instructions');
      if (given) this.review.push(reviewAt(C.serverOption, 'info', this.file, given, 'The Server\'s instructions were not sent to clients (the InitializationOptions passed to run() had none), so FastMCP is not given them either', 'Pass instructions=... to FastMCP(...) if clients should now receive them.'));
    }
    const caps = opts.kwargs.get('capabilities');
    if (caps && !/^[\w.]+\.get_capabilities\(\s*(notification_options\s*=\s*)?NotificationOptions\(\s*\)\s*,\s*(experimental_capabilities\s*=\s*)?\{\s*\}\s*,?\s*\)$/.test(caps.text)) {
      this.review.push(reviewAt(C.serverOption, 'warning', this.file, caps.parent!, 'InitializationOptions(capabilities=...) is not carried: FastMCP advertises its own capabilities (tools/resources/prompts listChanged, logging)', 'Compare the capabilities clients need (notification options, experimental capabilities) with what FastMCP advertises.'));
    }
    for (const key of opts.kwargs.keys()) {
      if (['server_name', 'server_version', 'instructions', 'capabilities'].includes(key)) continue;
      this.review.push(reviewAt(C.serverOption, 'warning', this.file, opts.kwargs.get(key)!.parent!, `InitializationOptions(${key}=...) is not carried to FastMCP`, 'Check the FastMCP constructor (website_url=, icons=) for an equivalent setting.'));
    }
    return preamble;
  }

  private isRunCall(n: SyntaxNode): boolean {
    return n.type === 'call' && n.childForFieldName('function')?.text === `${this.variable}.run`;
  }
}

function withItems(node: SyntaxNode): string {
  return node.children.filter((c) => c.type === 'with_clause').map((c) => c.text).join(' ');
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

/** The direct child statement of `block` that contains `node`. */
function childContaining(block: SyntaxNode, node: SyntaxNode): SyntaxNode | undefined {
  for (let p: SyntaxNode | null = node; p; p = p.parent) if (p.parent?.id === block.id) return p;
  return undefined;
}

function smallestCommonBlock(a: SyntaxNode, b: SyntaxNode): SyntaxNode | undefined {
  const ancestors = new Set<number>();
  for (let p: SyntaxNode | null = a; p; p = p.parent) ancestors.add(p.id);
  for (let p: SyntaxNode | null = b; p; p = p.parent) {
    if (ancestors.has(p.id) && (p.type === 'block' || p.type === 'module')) return p;
  }
  return undefined;
}
