// The surface helpers shared by the in-place rewrites (src/rewrite/surface/): what a docstring makes
// each lineage advertise, which URIs FastMCP 4 refuses, which union members it cannot build.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePython } from '../src/parse/python.js';
import * as api from '../src/rewrite/python-api.js';
import { contextSubscripts } from '../src/rewrite/surface/context-generic.js';
import { cleandoc, describedParameters, docstringOf, mayHaveSections } from '../src/rewrite/surface/docstring.js';
import { unsupportedUnionMembers } from '../src/rewrite/surface/parameters.js';
import { rejectedUri } from '../src/rewrite/surface/resource-uri.js';

const fn = (text: string) => parsePython(text).rootNode.namedChildren.find((n) => n.type === 'function_definition')!;

describe('docstrings', () => {
  test('cleandoc follows inspect.cleandoc', () => {
    assert.equal(cleandoc('Add two.\n\n    More\n      indented.\n    '), 'Add two.\n\nMore\n  indented.');
    assert.equal(cleandoc('\n    Audit.\n    '), 'Audit.');
    assert.equal(cleandoc('  One line.  '), 'One line.  ');
  });
  test('docstring values: raw, escaped, f-strings', () => {
    assert.equal(docstringOf(fn('def f():\n    """Doc."""\n'))?.value, 'Doc.');
    assert.equal(docstringOf(fn('def f():\n    r"""A\\b"""\n'))?.value, 'A\\b');
    assert.equal(docstringOf(fn('def f():\n    """A\\tb"""\n'))?.value, undefined);
    assert.equal(docstringOf(fn('def f():\n    f"""A {x}"""\n')), undefined);
    assert.equal(docstringOf(fn('def f():\n    x = 1\n')), undefined);
  });
  test('sections and described parameters', () => {
    const doc = 'Do it.\n\nArgs:\n    a: first\n    b (int): second\n        more\n\nReturns:\n    x';
    assert.ok(mayHaveSections(doc));
    assert.ok(!mayHaveSections('Do it.\n\nJust prose, no sections.'));
    assert.deepEqual(describedParameters(doc, ['a', 'b', 'c']), ['a', 'b']);
    assert.deepEqual(describedParameters('Do.\n\nParameters\n----------\nq : str\n    the query\n', ['q']), ['q']);
    assert.deepEqual(describedParameters('Do.\n\n:param name: the name\n', ['name']), ['name']);
  });
});

describe('resource URIs FastMCP 4 rejects', () => {
  test('as measured on fastmcp 4.2.3', () => {
    for (const bad of ['1c://entity-sets', 'my_app://x', 'x', '/abs/path', 'res://a b', 'http://[bad', '1c+x://y']) assert.ok(rejectedUri(bad), bad);
    for (const ok of ['c1://x', 'data:text', 'c://x', 'weird:path', 'file:///tmp/x', '1c://sets/{name}']) assert.equal(rejectedUri(ok), undefined, ok);
  });
});

describe('parameter unions with bytearray', () => {
  const fixes = (sig: string) => {
    const text = `def f(${sig}):\n    pass\n`;
    const p = api.parametersOf(fn(text))[0]!;
    return unsupportedUnionMembers(p.annotation).map((f) => api.applyEditList(p.annotation!.text, [{ ...f.edit, start: f.edit.start - p.annotation!.startIndex, end: f.edit.end - p.annotation!.startIndex }]));
  };
  test('members dropped, the rest kept', () => {
    assert.deepEqual(fixes('a: str | bytearray'), ['str']);
    assert.deepEqual(fixes('a: bytearray | str | None = None'), ['str | None']);
    assert.deepEqual(fixes('a: Union[str, bytes, bytearray]'), ['Union[str, bytes]']);
    assert.deepEqual(fixes('a: Optional[typing.Union[str, memoryview]] = None'), ['Optional[typing.Union[str]]']);
    assert.deepEqual(fixes('a: bytearray'), []);
    assert.deepEqual(fixes('a: list[bytearray]'), []);
  });
});

describe('Context generics', () => {
  test('annotations and expressions', () => {
    const root = parsePython('def f(ctx: Context[ServerSession, None], y: fastmcp.Context[A]) -> None:\n    z = Context[B]\n').rootNode;
    assert.deepEqual(
      contextSubscripts(root, new Set(['Context']), new Set(['fastmcp'])).map((g) => [g.node.text, g.edit.text]),
      [
        ['Context[ServerSession, None]', 'Context'],
        ['fastmcp.Context[A]', 'fastmcp.Context'],
        ['Context[B]', 'Context'],
      ],
    );
  });
});
