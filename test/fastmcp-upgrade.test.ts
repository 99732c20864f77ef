// The FastMCP upgrade hops on small inputs: which projects each hop claims, and rewrites whose
// edge cases the fixtures do not spell out (await precedence, f-string quoting, unreadable forms).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProjectFile } from '../src/core/types.js';
import { isFastmcp2Project, isFastmcp3Project, upgradeFastmcp2to3, upgradeFastmcp3to4 } from '../src/rewrite/fastmcp-upgrade/index.js';
import { fastmcp2To3 } from '../transforms/fastmcp-2-to-3.js';
import { fastmcp3To4 } from '../transforms/fastmcp-3-to-4.js';
import { allTransforms } from '../transforms/index.js';

const SERVER = 'from fastmcp import FastMCP\n\nmcp = FastMCP("x")\n\n\n@mcp.tool\ndef hi():\n    return "hi"\n';
const project = (server: string, manifest?: [string, string]): ProjectFile[] => [{ path: 'server.py', text: server }, ...(manifest ? [{ path: manifest[0], text: manifest[1] }] : [])];
const out = (files: ProjectFile[], hop: 2 | 3, path = 'server.py') => {
  const r = hop === 2 ? upgradeFastmcp2to3(files) : upgradeFastmcp3to4(files);
  return { text: r.files.find((f) => f.path === path)?.text ?? files.find((f) => f.path === path)!.text, result: r };
};

describe('which hop applies', () => {
  test('registered first, 2-to-3 before 3-to-4', () => {
    assert.deepEqual(allTransforms.slice(0, 2).map((t) => t.id), ['fastmcp-2-to-3', 'fastmcp-3-to-4']);
  });

  test('the pin decides', () => {
    assert.equal(isFastmcp2Project(project(SERVER, ['requirements.txt', 'fastmcp==2.14.7\n'])), true);
    assert.equal(isFastmcp3Project(project(SERVER, ['requirements.txt', 'fastmcp==2.14.7\n'])), false);
    assert.equal(isFastmcp3Project(project(SERVER, ['pyproject.toml', '[project]\nname="x"\ndependencies=["fastmcp>=3.0,<4"]\n'])), true);
    assert.equal(isFastmcp2Project(project(SERVER, ['pyproject.toml', '[tool.poetry.dependencies]\nfastmcp = "^2.10"\n'])), true);
    // FastMCP 4 (or any other pin): neither hop, even with old APIs in the code.
    const old = SERVER.replace('FastMCP("x")', 'FastMCP("x", on_duplicate_tools="error")') + 'mcp.import_server\n';
    assert.equal(isFastmcp2Project(project(old, ['requirements.txt', 'fastmcp==4.2.3\n'])), false);
    assert.equal(isFastmcp3Project(project(old, ['requirements.txt', 'fastmcp==4.2.3\n'])), false);
  });

  test('without a pin, an API only that major has', () => {
    assert.equal(isFastmcp2Project(project(SERVER)), false);
    assert.equal(isFastmcp3Project(project(SERVER)), false);
    assert.equal(isFastmcp2Project(project(SERVER + 'tools = mcp.get_tools()\n')), true);
    assert.equal(isFastmcp2Project(project(SERVER.replace('FastMCP("x")', 'FastMCP("x", port=9000)'))), true);
    assert.equal(isFastmcp3Project(project(SERVER + 'raise McpError(ErrorData(code=1, message="m"))\n')), true);
    assert.equal(isFastmcp3Project(project(SERVER + 'import random\nrandom.sample([1], 1)\n')), false);
  });

  test('no fastmcp import, no hop (the SDK-bundled FastMCP is another transform)', () => {
    const sdk = 'from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("x")\n';
    assert.equal(isFastmcp2Project(project(sdk, ['requirements.txt', 'fastmcp==2.14.7\n'])), false);
    assert.equal(fastmcp3To4.applies(project(sdk, ['requirements.txt', 'fastmcp==3.4.11\n'])), false);
  });
});

describe('2 → 3 edge cases', () => {
  test('await binds tighter than attribute access: parenthesised', () => {
    const src = 'from fastmcp import Context, FastMCP\n\nmcp = FastMCP("x")\n\n\n@mcp.tool\nasync def t(ctx: Context):\n    return ctx.get_state("k").upper() + ctx.get_state("n")\n';
    const { text } = out(project(src), 2);
    assert.match(text, /return \(await ctx\.get_state\("k"\)\)\.upper\(\) \+ await ctx\.get_state\("n"\)/);
  });

  test('state read in a plain helper is reported, not rewritten', () => {
    const src = 'from fastmcp import Context, FastMCP\n\nmcp = FastMCP("x")\n\n\ndef helper(ctx: Context):\n    return ctx.get_state("k")\n';
    const { text, result } = out(project(src), 2);
    assert.equal(text, src);
    assert.deepEqual(result.review.map((r) => r.code), ['FMM203']);
    assert.equal(result.changes!.filter((c) => !c.automatic).length, 1);
  });

  test('a decorated name read inside a single-quoted f-string gets double quotes', () => {
    const src = "from fastmcp import FastMCP\n\nmcp = FastMCP(\"x\")\n\n\n@mcp.tool(name='hello')\ndef hi():\n    return 'hi'\n\n\nLABEL = f'{hi.name}!'\n";
    const { text } = out(project(src), 2);
    assert.match(text, /LABEL = f'\{"hello"\}!'/);
  });

  test('a listing used as a dict is renamed and reported', () => {
    const src = 'from fastmcp import FastMCP\n\nmcp = FastMCP("x")\n\n\nasync def names():\n    tools = await mcp.get_tools()\n    return list(tools.keys())\n';
    const { text, result } = out(project(src), 2);
    assert.match(text, /await mcp\.list_tools\(\)/);
    assert.deepEqual(result.review.map((r) => r.code), ['FMM202']);
  });

  test('settings with no start-up call in sight are removed and reported', () => {
    const src = 'from fastmcp import FastMCP\n\nmcp = FastMCP("x", port=9000)\n';
    const { text, result } = out(project(src), 2);
    assert.equal(text, 'from fastmcp import FastMCP\n\nmcp = FastMCP("x")\n');
    assert.deepEqual(result.review.map((r) => r.code), ['FMM201']);
  });

  test('a transport chosen at run time is reported', () => {
    const src = 'import os\nfrom fastmcp import FastMCP\n\nmcp = FastMCP("x", port=9000)\nmcp.run(transport=os.environ["T"])\n';
    const { text, result } = out(project(src), 2);
    assert.match(text, /mcp\.run\(transport=os\.environ\["T"\]\)/);
    assert.ok(result.review.some((r) => r.code === 'FMM201' && /run time/.test(r.message)));
  });
});

describe('3 → 4 edge cases', () => {
  test('McpError around a variable is reported', () => {
    const src = 'from fastmcp import FastMCP\nfrom mcp.shared.exceptions import McpError\n\n\ndef fail(err):\n    raise McpError(err)\n';
    const { text, result } = out(project(src), 3);
    assert.match(text, /from fastmcp\.exceptions import McpError/);
    assert.deepEqual(result.review.map((r) => r.code), ['FMM211']);
  });

  test('`import mcp.types` shadowed by a server named mcp is reported', () => {
    const src = 'import mcp.types\nfrom fastmcp import FastMCP\n\nmcp = FastMCP("x")\n';
    const { text, result } = out(project(src), 3);
    assert.equal(text, src);
    assert.deepEqual(result.review.map((r) => r.code), ['FMM210']);
  });

  test('camelCase reads on the module\'s own classes stay', () => {
    const src = 'from fastmcp import FastMCP\n\n\nclass Doc:\n    mimeType = "text/plain"\n\n\ndef kind(d: Doc, r):\n    return d.mimeType, r.isError\n';
    const { text } = out(project(src), 3);
    assert.match(text, /return d\.mimeType, r\.is_error/);
  });

  test('an SDK pin that keeps mcp on 1.x moves to mcp 2 with a warning (FMM215 only where it cannot be edited), the fastmcp pin moves', () => {
    const files = project(SERVER, ['requirements.txt', 'fastmcp==3.4.11\nmcp==1.30.0\n']);
    const { text, result } = out(files, 3, 'requirements.txt');
    assert.equal(text, 'fastmcp==4.2.3\nmcp==2.3.0\n');
    assert.deepEqual(result.review.map((r) => [r.code, r.severity, r.line]), [['FMM260', 'warning', 2]]);
    const locked = project(SERVER, ['requirements.txt', 'fastmcp==3.4.11\nmcp==1.30.0 \\\n    --hash=sha256:abc\n']);
    assert.deepEqual(out(locked, 3, 'requirements.txt').result.review.map((r) => r.code).sort(), ['FMM215', 'FMM260']);
  });
});
