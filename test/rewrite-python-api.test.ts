// The in-place rewrite primitives (src/rewrite/python-api.ts): every edit stays inside its range,
// comments survive, and argument lists keep their layout.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePython, checkPythonSyntax } from '../src/parse/python.js';
import { swapPins } from '../src/rewrite/pins.js';
import * as api from '../src/rewrite/python-api.js';

const root = (text: string) => parsePython(text).rootNode;

/** Applies edits and checks the result still parses. */
function apply(text: string, edits: api.Edit[]): string {
  const out = api.applyEditList(text, edits);
  assert.deepEqual(checkPythonSyntax(out), [], `does not parse:\n${out}`);
  return out;
}

function onlyCall(text: string, name?: string): import('../src/parse/python.js').SyntaxNode {
  const calls = [...walkCalls(root(text))].filter((c) => !name || c.childForFieldName('function')!.text === name);
  assert.ok(calls.length > 0, 'no call');
  return calls[0]!;
}

function* walkCalls(node: import('../src/parse/python.js').SyntaxNode): Generator<import('../src/parse/python.js').SyntaxNode> {
  if (node.type === 'call') yield node;
  for (const c of node.namedChildren) yield* walkCalls(c);
}

function rewrite(text: string, name: string, plan: (args: api.ArgInfo[]) => api.ArgPlan): string {
  const call = onlyCall(text, name);
  return apply(text, api.rewriteArgs(text, call, plan(api.callArgs(call))));
}

const kw = (args: api.ArgInfo[], name: string) => args.find((a) => a.name === name)!.node;

describe('imports', () => {
  test('findImports finds from-imports of a package and its submodules, and plain imports', () => {
    const text = 'import os\nfrom mcp.server.fastmcp import FastMCP as F, Context\nimport mcp.server.fastmcp.prompts as p\ndef f():\n    from mcp.server.fastmcp.exceptions import ToolError\n';
    const sites = api.findImports(root(text), (m) => m === 'mcp.server.fastmcp' || m.startsWith('mcp.server.fastmcp.'));
    assert.deepEqual(
      sites.map((s) => [s.kind, s.module, s.names.map((n) => `${n.name}:${n.local}`)]),
      [
        ['from', 'mcp.server.fastmcp', ['FastMCP:F', 'Context:Context']],
        ['import', 'mcp.server.fastmcp.prompts', ['mcp.server.fastmcp.prompts:p']],
        ['from', 'mcp.server.fastmcp.exceptions', ['ToolError:ToolError']],
      ],
    );
  });

  test('one target module: only the module name changes', () => {
    const text = 'from mcp.server.fastmcp import FastMCP, Context  # keep me\n';
    const [site] = api.findImports(root(text), (m) => m === 'mcp.server.fastmcp');
    assert.equal(apply(text, api.rewriteFromImport(text, site!, () => ({ module: 'fastmcp' }))), 'from fastmcp import FastMCP, Context  # keep me\n');
  });

  test('names split across modules: the statement keeps its layout and comments, the others follow it', () => {
    const text = 'from mcp.server.fastmcp import (  # bundled\n    Context,  # ctx\n    FastMCP,\n    Image,  # png\n)\nx = 1\n';
    const [site] = api.findImports(root(text), (m) => m === 'mcp.server.fastmcp');
    const out = apply(text, api.rewriteFromImport(text, site!, (n) => ({ module: n.name === 'Image' ? 'fastmcp.utilities.types' : 'fastmcp' })));
    assert.equal(out, 'from fastmcp import (  # bundled\n    Context,  # ctx\n    FastMCP,\n    # png\n)\nfrom fastmcp.utilities.types import Image\nx = 1\n');
  });

  test('renames keep aliases, keepLocal adds one, duplicates collapse', () => {
    const text = 'from a.base import UserMessage, AssistantMessage as AM, Message\nfrom a import base\n';
    const sites = api.findImports(root(text), (m) => m.startsWith('a'));
    const first = apply(text, api.rewriteFromImport(text, sites[0]!, (n) => ({ module: 'fastmcp.prompts', name: 'Message' })));
    assert.equal(first.split('\n')[0], 'from fastmcp.prompts import Message, Message as AM');
    const second = apply(text, api.rewriteFromImport(text, sites[1]!, () => ({ module: 'fastmcp', name: 'prompts', keepLocal: true })));
    assert.equal(second.split('\n')[1], 'from fastmcp import prompts as base');
  });

  test('a one-line compound statement gets the extra import after a semicolon', () => {
    const text = 'try: from m import A, B\nexcept ImportError: pass\n';
    const [site] = api.findImports(root(text), (m) => m === 'm');
    assert.equal(apply(text, api.rewriteFromImport(text, site!, (n) => ({ module: n.name === 'A' ? 'x' : 'y' }))), 'try: from x import A; from y import B\nexcept ImportError: pass\n');
  });

  test('import insertion point: after the last top-level import, else after the docstring, else at the top', () => {
    for (const [text, expected] of [
      ['"""doc"""\nimport os\nfrom a import b\n\nx = 1\n', '"""doc"""\nimport os\nfrom a import b\nfrom fastmcp.prompts import Message\n\nx = 1\n'],
      ['"""doc"""\n\nx = 1\n', '"""doc"""\nfrom fastmcp.prompts import Message\n\nx = 1\n'],
      ['x = 1\n', 'from fastmcp.prompts import Message\nx = 1\n'],
    ] as const) {
      const point = api.importInsertionPoint(root(text));
      assert.equal(apply(text, [{ start: point.index, end: point.index, text: api.renderImports(point, ['from fastmcp.prompts import Message']) }]), expected);
    }
    assert.ok(api.importsName(root('from fastmcp import FastMCP\n'), 'fastmcp', 'FastMCP'));
    assert.ok(!api.importsName(root('from fastmcp import FastMCP as F\n'), 'fastmcp', 'FastMCP'));
  });
});

describe('argument lists', () => {
  test('removing inline arguments: first, middle, last, all', () => {
    const text = 'f(a, b=1, c=2)\n';
    assert.equal(rewrite(text, 'f', (args) => ({ remove: [args[0]!.node] })), 'f(b=1, c=2)\n');
    assert.equal(rewrite(text, 'f', (args) => ({ remove: [kw(args, 'b')] })), 'f(a, c=2)\n');
    assert.equal(rewrite(text, 'f', (args) => ({ remove: [kw(args, 'c')] })), 'f(a, b=1)\n');
    assert.equal(rewrite(text, 'f', (args) => ({ remove: [kw(args, 'b'), kw(args, 'c')] })), 'f(a)\n');
    assert.equal(rewrite(text, 'f', (args) => ({ remove: args.map((a) => a.node) })), 'f()\n');
  });

  test('removing one-per-line arguments drops their lines and keeps their comments', () => {
    const text = 'f(\n    "x",\n    host="h",  # where\n    port=1,\n    name="n",\n)\n';
    assert.equal(rewrite(text, 'f', (args) => ({ remove: [kw(args, 'host'), kw(args, 'port')] })), 'f(\n    "x",\n    # where\n    name="n",\n)\n');
    assert.equal(rewrite(text, 'f', (args) => ({ remove: [kw(args, 'port')] })), 'f(\n    "x",\n    host="h",  # where\n    name="n",\n)\n');
    assert.equal(rewrite(text, 'f', (args) => ({ remove: [kw(args, 'name')] })), 'f(\n    "x",\n    host="h",  # where\n    port=1,\n)\n');
    const noTrailing = 'f(\n    a,\n    b=2  # bee\n)\n';
    assert.equal(rewrite(noTrailing, 'f', (args) => ({ remove: [kw(args, 'b')] })), 'f(\n    a\n    # bee\n)\n');
  });

  test('adding keyword arguments follows the layout', () => {
    assert.equal(rewrite('f()\n', 'f', () => ({ add: ['x=1'] })), 'f(x=1)\n');
    assert.equal(rewrite('f(a)\n', 'f', () => ({ add: ['x=1', 'y=2'] })), 'f(a, x=1, y=2)\n');
    assert.equal(rewrite('f(\n    a,\n)\n', 'f', () => ({ add: ['x=1'] })), 'f(\n    a,\n    x=1,\n)\n');
    assert.equal(rewrite('f(\n    a\n)\n', 'f', () => ({ add: ['x=1'] })), 'f(\n    a,\n    x=1\n)\n');
    assert.equal(rewrite('f(\n    a,  # first\n)\n', 'f', () => ({ add: ['x=1'] })), 'f(\n    a,  # first\n    x=1,\n)\n');
    assert.equal(rewrite('f(\n    a  # first\n)\n', 'f', () => ({ add: ['x=1'] })), 'f(\n    a,  # first\n    x=1\n)\n');
  });

  test('remove and add together: the new arguments take the removed ones place', () => {
    const text = 'mcp.run(transport="sse", mount_path="/x")\n';
    assert.equal(rewrite(text, 'mcp.run', (args) => ({ remove: [kw(args, 'mount_path')], add: ['host="h"'] })), 'mcp.run(transport="sse", host="h")\n');
    const swap = 'ctx.log("info", msg, logger_name="x")\n';
    assert.equal(rewrite(swap, 'ctx.log', (args) => ({ remove: [args[0]!.node], add: [`level=${args[0]!.node.text}`] })), 'ctx.log(msg, logger_name="x", level="info")\n');
  });

  test('rename a keyword, replace a value, make a positional argument a keyword', () => {
    const text = 'tool("n", "Title", structured_output=False)\n';
    const out = rewrite(text, 'tool', (args) => ({
      toKeyword: new Map([[args[1]!.node, 'title']]),
      renameKeyword: new Map([[kw(args, 'structured_output'), 'output_schema']]),
      replaceValue: new Map([[kw(args, 'structured_output'), 'None']]),
    }));
    assert.equal(out, 'tool("n", title="Title", output_schema=None)\n');
  });

  test('CRLF files get CRLF lines', () => {
    const text = 'f(\r\n    a,\r\n    b=1,\r\n)\r\n';
    assert.equal(rewrite(text, 'f', (args) => ({ remove: [kw(args, 'b')], add: ['x=2'] })), 'f(\r\n    a,\r\n    x=2,\r\n)\r\n');
    const imp = 'from m import A, B\r\nx = 1\r\n';
    const [site] = api.findImports(root(imp), (m) => m === 'm');
    assert.equal(apply(imp, api.rewriteFromImport(imp, site!, (n) => ({ module: n.name === 'A' ? 'x' : 'y' }))), 'from x import A\r\nfrom y import B\r\nx = 1\r\n');
  });

  test('callArgs tells positional, keyword and splat arguments apart', () => {
    const call = onlyCall('f(a, *rest, b=1, **kw)\n');
    assert.deepEqual(
      api.callArgs(call).map((a) => [a.kind, a.name ?? a.position ?? null]),
      [
        ['positional', 0],
        ['star', null],
        ['keyword', 'b'],
        ['dstar', null],
      ],
    );
  });
});

describe('finding calls, attributes and names', () => {
  const text = [
    'from fastmcp import FastMCP',
    'mcp = FastMCP("x", port=1)',
    'other: FastMCP = FastMCP("y")',
    '',
    '@mcp.tool()',
    'async def go(n: int, ctx: "Context") -> str:',
    '    """Doc."""',
    '    await ctx.log("info", "m")',
    '    return ctx.session_id',
    '',
    '@mcp.prompt',
    'def bare(topic: str):',
    '    return topic',
    '',
    'mcp.run(transport="sse")',
    'app = mcp.sse_app',
    'FastMCP.name',
    '',
  ].join('\n');
  const r = root(text);

  test('constructor calls and the names they are assigned to', () => {
    const calls = api.callsOfName(r, new Set(['FastMCP']));
    assert.deepEqual(calls.map((c) => api.assignedName(c)), ['mcp', 'other']);
    assert.equal(api.keywordArg(calls[0]!, 'port')?.value.text, '1');
  });

  test('method calls and attribute accesses on a variable', () => {
    assert.deepEqual(api.methodCalls(r, new Set(['mcp'])).map((c) => api.methodOf(c)!.method), ['tool', 'run']);
    const accesses = api.attributeAccesses(r, new Set(['mcp']), new Set(['run', 'sse_app']));
    assert.deepEqual(accesses.map((a) => [a.text, api.callOfCallee(a) !== undefined]), [
      ['mcp.run', true],
      ['mcp.sse_app', false],
    ]);
  });

  test('identifier uses skip attribute names, keyword names and imports', () => {
    assert.deepEqual(api.identifierUses(r, 'FastMCP').map((n) => n.startPosition.row + 1), [2, 3, 3, 17]);
  });

  test('decorated functions, docstrings, parameters and their annotations', () => {
    const ds = api.decoratedFunctions(r, new Set(['mcp']), new Set(['tool', 'prompt']));
    assert.deepEqual(ds.map((d) => [d.method, d.call !== undefined, api.hasDocstring(d.fn)]), [
      ['tool', true, true],
      ['prompt', false, false],
    ]);
    const params = api.parametersOf(ds[0]!.fn);
    assert.deepEqual(params.map((p) => p.name), ['n', 'ctx']);
    assert.ok(api.annotationNames(params[1]!.annotation, new Set(['Context'])), 'a string annotation names its type');
    assert.ok(!api.annotationNames(params[0]!.annotation, new Set(['Context'])));
    assert.equal(api.enclosingFunction(api.methodCalls(r, new Set(['ctx']))[0]!)?.childForFieldName('name')?.text, 'go');
  });

  test('string literals: value and content replacement keep prefix and quotes', () => {
    const call = onlyCall("run(transport='streamable-http', other=f'x{y}')\n");
    const [t, o] = api.callArgs(call);
    assert.equal(api.stringLiteralValue(t!.value), 'streamable-http');
    assert.equal(api.stringLiteralValue(o!.value), undefined);
    assert.equal(apply("run(transport='streamable-http', other=f'x{y}')\n", [api.replaceStringContent(t!.value, 'http')!]), "run(transport='http', other=f'x{y}')\n");
  });
});

describe('EditSet', () => {
  test('an edit inside a removed range is dropped; one that contains earlier edits replaces them', () => {
    const set = new api.EditSet();
    set.add({ start: 2, end: 8, text: '' });
    set.add({ start: 3, end: 4, text: 'X' });
    assert.equal(set.apply('0123456789'), '0189');
    const grow = new api.EditSet();
    grow.add({ start: 3, end: 4, text: 'X' });
    grow.add({ start: 2, end: 8, text: 'Y' });
    assert.equal(grow.apply('0123456789'), '01Y89');
  });

  test('partial overlaps throw; insertions at one point keep their order; bytes outside edits are untouched', () => {
    const set = new api.EditSet();
    set.add({ start: 2, end: 5, text: '' });
    assert.throws(() => set.add({ start: 4, end: 7, text: '' }), /overlapping/);
    const ins = new api.EditSet();
    ins.add({ start: 5, end: 5, text: 'a' });
    ins.add({ start: 5, end: 5, text: 'b' });
    ins.add({ start: 2, end: 5, text: '' });
    assert.equal(ins.apply('0123456789'), '01ab56789');
    const text = 'x = 1  # one\ny = 2\n';
    assert.equal(new api.EditSet().apply(text), text);
  });
});

describe('dependency pins', () => {
  const swap = { from: 'mcp', to: 'fastmcp', version: '4.2.3' };
  const run = (path: string, text: string) => swapPins([{ path, text }], swap, 't', 't.pin');

  test('requirements files: the requirement changes, markers and comments stay', () => {
    const r = run('requirements.txt', '# deps\nmcp[cli]>=1.9,<2 ; python_version >= "3.10"  # sdk\nhttpx\n');
    assert.equal(r.files[0]!.text, '# deps\nfastmcp==4.2.3; python_version >= "3.10"  # sdk\nhttpx\n');
    assert.deepEqual(r.changes.map((c) => [c.file, c.line, c.rule]), [['requirements.txt', 2, 't.pin']]);
  });

  test('pyproject: PEP 621 arrays and simple Poetry entries', () => {
    const pep621 = '[project]\nname = "x"\ndependencies = ["mcp>=1.9", "rich"]\n';
    assert.equal(run('pyproject.toml', pep621).files[0]!.text, '[project]\nname = "x"\ndependencies = ["fastmcp==4.2.3", "rich"]\n');
    const poetry = '[tool.poetry.dependencies]\npython = "^3.11"\nmcp = "^1.9"  # sdk\n';
    assert.equal(run('pyproject.toml', poetry).files[0]!.text, '[tool.poetry.dependencies]\npython = "^3.11"\nfastmcp = "4.2.3"  # sdk\n');
  });

  test('a manifest that already declares the new package, or does not declare the old one, is left alone', () => {
    assert.deepEqual(run('requirements.txt', 'mcp>=1.9\nfastmcp>=2\n').files, []);
    assert.deepEqual(run('requirements.txt', 'httpx\n').files, []);
    assert.deepEqual(run('setup.cfg', 'mcp>=1.9\n').files, []);
  });
});
