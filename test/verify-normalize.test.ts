// Pure parts of verify: command-line splitting, normalisation rules (each must remove its noise and
// nothing else), the surface diff and its messages. No servers are started here.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  defaultToolTitle,
  diffSurfaces,
  normalizeSchema,
  pathMatches,
  resolveCommand,
  splitCommandLine,
  type BehaviourChange,
  type Surface,
} from '../src/verify/index.js';

describe('splitCommandLine', () => {
  it('splits on whitespace and honours quotes and escapes like sh', () => {
    assert.deepEqual(splitCommandLine('python server.py'), { command: 'python', args: ['server.py'] });
    assert.deepEqual(splitCommandLine(`  uv run  'my server.py' "--name=a b" x\\ y  `), {
      command: 'uv',
      args: ['run', 'my server.py', '--name=a b', 'x y'],
    });
    assert.deepEqual(splitCommandLine(`node -e "console.log(\\"hi\\")" 'it''s'`), {
      command: 'node',
      args: ['-e', 'console.log("hi")', 'its'],
    });
    assert.deepEqual(splitCommandLine(`a "" ''`), { command: 'a', args: ['', ''] });
    assert.deepEqual(splitCommandLine(`a "\\n\\$x"`), { command: 'a', args: ['\\n$x'] });
  });
  it('rejects what it cannot split', () => {
    assert.throws(() => splitCommandLine('   '), /empty command line/);
    assert.throws(() => splitCommandLine(`python 'server.py`), /unterminated single quote/);
    assert.throws(() => splitCommandLine(`python "server.py`), /unterminated double quote/);
  });
});

describe('resolveCommand', () => {
  it('expands python:<venv> to the repo venv interpreter and leaves other commands alone', () => {
    const r = resolveCommand({ command: 'python:mcp1', args: ['server.py'], cwd: '/x' }, '/repo');
    assert.equal(r.command, path.join('/repo', '.venv', 'mcp1', 'bin', 'python'));
    assert.deepEqual(r.args, ['server.py']);
    assert.equal(r.cwd, '/x');
    assert.equal(resolveCommand({ command: 'node', args: [] }, '/repo').command, 'node');
  });
});

describe('defaultToolTitle (FastMCP 4 / Python str.title)', () => {
  it('matches Python for the usual shapes of names', () => {
    // Expected values computed with CPython: name.replace("_"," ").replace("-"," ").title()
    assert.equal(defaultToolTitle('add_numbers'), 'Add Numbers');
    assert.equal(defaultToolTitle('get-weather'), 'Get Weather');
    assert.equal(defaultToolTitle('getWeather'), 'Getweather');
    assert.equal(defaultToolTitle('add2numbers'), 'Add2Numbers');
    assert.equal(defaultToolTitle('HTTP_get'), 'Http Get');
    assert.equal(defaultToolTitle("it's.done"), "It'S.Done");
  });
});

describe('normalizeSchema', () => {
  it('rule 4 and 9: drops title keywords and empty required/properties; keeps additionalProperties:false', () => {
    const n = normalizeSchema(
      {
        type: 'object',
        title: 'addArguments',
        properties: { a: { type: 'integer', title: 'A' }, title: { type: 'string', title: 'Title' } },
        required: [],
        additionalProperties: false,
      },
      { input: true },
    );
    assert.deepEqual(n, { type: 'object', properties: { a: { type: 'integer' }, title: { type: 'string' } }, additionalProperties: false });
    assert.deepEqual(normalizeSchema({ type: 'object', properties: {} }, { input: true }), { type: 'object' });
  });

  it('keeps additionalProperties:false everywhere (a behaviour change, not a spelling)', () => {
    const nested = { type: 'object', properties: { o: { type: 'object', additionalProperties: false } } };
    assert.deepEqual(normalizeSchema(nested, { input: true }), nested);
    assert.deepEqual(normalizeSchema({ type: 'object', additionalProperties: false }, { input: false }), {
      type: 'object',
      additionalProperties: false,
    });
  });

  it('rule 7: reduces the nullable spelling of an optional property, and only that, and says where', () => {
    const schema = {
      type: 'object',
      properties: {
        opt: { anyOf: [{ type: 'integer' }, { type: 'null', title: 'N' }], default: null, description: 'd' },
        req: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: null },
        noDefault: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
        otherDefault: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: 3 },
        multi: { anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'null' }], default: null },
      },
      required: ['req'],
    };
    const nullable: string[] = [];
    assert.deepEqual(normalizeSchema(schema, { input: true, nullable, at: ['inputSchema'] }), {
      type: 'object',
      properties: {
        opt: { type: 'integer', description: 'd' },
        req: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: null },
        noDefault: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
        otherDefault: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: 3 },
        multi: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
      },
      required: ['req'],
    });
    assert.deepEqual(nullable, ['inputSchema.properties.opt', 'inputSchema.properties.multi']);
  });

  it('rule 8 (integer/number): anyOf [integer, number] is number; only bare members', () => {
    assert.deepEqual(normalizeSchema({ anyOf: [{ type: 'number' }, { type: 'integer' }], description: 'x' }, { input: true }), { type: 'number', description: 'x' });
    const bounded = { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'number' }] };
    assert.deepEqual(normalizeSchema(bounded, { input: true }), bounded);
    const opt = { type: 'object', properties: { n: { anyOf: [{ type: 'integer' }, { type: 'number' }, { type: 'null' }], default: null } } };
    assert.deepEqual(normalizeSchema(opt, { input: true }), { type: 'object', properties: { n: { type: 'number' } } });
  });

  it('inlines local $refs (with siblings) and drops $defs; keeps recursive refs', () => {
    const schema = {
      type: 'object',
      $defs: { Color: { type: 'string', enum: ['red', 'blue'], title: 'Color' } },
      properties: { color: { $ref: '#/$defs/Color', description: 'paint colour' } },
      required: ['color'],
    };
    assert.deepEqual(normalizeSchema(schema, { input: true }), {
      type: 'object',
      properties: { color: { type: 'string', enum: ['red', 'blue'], description: 'paint colour' } },
      required: ['color'],
    });
    const recursive = {
      type: 'object',
      $defs: { Node: { type: 'object', properties: { next: { $ref: '#/$defs/Node' } } } },
      properties: { head: { $ref: '#/$defs/Node' } },
    };
    const n = normalizeSchema(recursive, { input: true }) as Record<string, unknown>;
    assert.ok('$defs' in n, 'a recursive schema keeps its $defs');
    assert.deepEqual((n.properties as Record<string, unknown>).head, { type: 'object', properties: { next: { $ref: '#/$defs/Node' } } });
  });

  it('never touches data-valued keywords', () => {
    const s = { type: 'object', properties: { x: { type: 'object', default: { title: 't', required: [] }, enum: [{ title: 'x' }] } } };
    assert.deepEqual(normalizeSchema(s, { input: true }), s);
  });
});

function surface(parts: Partial<Surface>): Surface {
  return { capabilities: {}, tools: [], resources: [], resourceTemplates: [], prompts: [], serverInfo: { name: 's' }, ...parts };
}

const addTool = {
  name: 'add_numbers',
  description: 'Add',
  inputSchema: {
    type: 'object',
    properties: { a: { type: 'integer' }, b: { type: 'integer', default: 1 }, mode: { type: 'string', enum: ['x', 'y'] } },
    required: ['a'],
  },
};

function withSchema(change: (s: { properties: Record<string, Record<string, unknown>>; required: string[] }) => void) {
  const t = structuredClone(addTool) as typeof addTool & { title?: string; _meta?: unknown };
  change(t.inputSchema as never);
  return t;
}

describe('diffSurfaces', () => {
  it('ignores _meta and key order; lists the derived title and additionalProperties as behaviour changes', () => {
    const migrated = {
      _meta: { fastmcp: { tags: [] } },
      title: 'Add Numbers',
      inputSchema: { additionalProperties: false, required: ['a'], properties: { mode: { enum: ['x', 'y'], type: 'string' }, b: { default: 1, type: 'integer' }, a: { type: 'integer' } }, type: 'object' },
      description: 'Add',
      name: 'add_numbers',
    };
    const behaviour: BehaviourChange[] = [];
    assert.deepEqual(diffSurfaces(surface({ tools: [addTool] }), surface({ tools: [migrated] }), behaviour), []);
    assert.deepEqual(
      behaviour.map((b) => [b.kind, b.path]),
      [
        ['derived-title', 'tools.add_numbers.title'],
        ['extra-arguments-rejected', 'tools.add_numbers.inputSchema.additionalProperties'],
      ],
    );
    assert.equal(behaviour[0]!.message, 'tools.add_numbers.title: (absent) → "Add Numbers" — FastMCP 4 derives a title; clients may show it instead of the name');
    assert.match(behaviour[0]!.remedy, /title=/);
    assert.match(behaviour[1]!.message, /^tools\.add_numbers\.inputSchema\.additionalProperties: \(absent\) → false — .*undeclared arguments are now rejected/);
  });

  it('lists the x-fastmcp-wrap-result marker and the lost FastMCP 2 wrapper description as behaviour changes; any other output-schema change stays a difference', () => {
    const wrapped = { type: 'object', properties: { result: { type: 'array', items: { type: 'string' } } }, required: ['result'] };
    const original = { ...addTool, outputSchema: { ...wrapped, description: 'Generic wrapper for non-object return types.' } };
    const migrated = { ...addTool, outputSchema: { ...wrapped, 'x-fastmcp-wrap-result': true } };
    const behaviour: BehaviourChange[] = [];
    assert.deepEqual(diffSurfaces(surface({ tools: [original] }), surface({ tools: [migrated] }), behaviour), []);
    assert.deepEqual(
      behaviour.map((b) => [b.kind, b.path]),
      [
        ['output-wrap-marker', 'tools.add_numbers.outputSchema.x-fastmcp-wrap-result'],
        ['output-wrap-description', 'tools.add_numbers.outputSchema.description'],
      ],
    );
    // The marker on a tool that had no output schema at all is a difference, not a known change.
    const b2: BehaviourChange[] = [];
    const d = diffSurfaces(surface({ tools: [addTool] }), surface({ tools: [migrated] }), b2);
    assert.deepEqual(d.map((x) => x.path), ['tools.add_numbers.outputSchema']);
    assert.deepEqual(b2, []);
    // Another description, or a changed result type, is still a difference.
    const b3: BehaviourChange[] = [];
    const otherType = { ...addTool, outputSchema: { ...wrapped, properties: { result: { type: 'string' } }, 'x-fastmcp-wrap-result': true } };
    const d3 = diffSurfaces(surface({ tools: [original] }), surface({ tools: [otherType] }), b3);
    assert.ok(d3.length > 0 && d3.every((x) => x.path.startsWith('tools.add_numbers.outputSchema.properties.result')), d3.map((x) => x.path).join());
  });

  it('additionalProperties:false on both sides is no change; on the original only it is a difference', () => {
    const closed = { ...addTool, inputSchema: { ...addTool.inputSchema, additionalProperties: false } };
    const b1: BehaviourChange[] = [];
    assert.deepEqual(diffSurfaces(surface({ tools: [closed] }), surface({ tools: [closed] }), b1), []);
    assert.deepEqual(b1, []);
    const b2: BehaviourChange[] = [];
    const d = diffSurfaces(surface({ tools: [closed] }), surface({ tools: [addTool] }), b2);
    assert.deepEqual(d.map((x) => x.path), ['tools.add_numbers.inputSchema.additionalProperties']);
    assert.deepEqual(b2, []);
  });

  it('lists a one-sided optional-nullable spelling as a behaviour change, in both directions', () => {
    const nullableB = withSchema((s) => {
      s.properties.b = { anyOf: [{ type: 'integer' }, { type: 'null' }], default: null };
    });
    const plainB = withSchema((s) => {
      s.properties.b = { type: 'integer' };
    });
    const b1: BehaviourChange[] = [];
    assert.deepEqual(diffSurfaces(surface({ tools: [plainB] }), surface({ tools: [nullableB] }), b1), []);
    assert.deepEqual(b1.map((b) => [b.kind, b.path]), [['optional-nullable', 'tools.add_numbers.inputSchema.properties.b']]);
    assert.match(b1[0]!.message, /also accepts an explicit null/);
    const b2: BehaviourChange[] = [];
    assert.deepEqual(diffSurfaces(surface({ tools: [nullableB] }), surface({ tools: [plainB] }), b2), []);
    assert.match(b2[0]!.message, /rejects an explicit null/);
    const b3: BehaviourChange[] = [];
    assert.deepEqual(diffSurfaces(surface({ tools: [nullableB] }), surface({ tools: [nullableB] }), b3), []);
    assert.deepEqual(b3, [], 'the same spelling on both sides is no change');
  });

  it('keeps a title that is not the derived one, and any title when the original had one', () => {
    const d1 = diffSurfaces(surface({ tools: [addTool] }), surface({ tools: [{ ...addTool, title: 'Adder' }] }));
    assert.deepEqual(d1.map((d) => [d.path, d.kind]), [['tools.add_numbers.title', 'extra']]);
    const d2 = diffSurfaces(surface({ tools: [{ ...addTool, title: 'Sum' }] }), surface({ tools: [{ ...addTool, title: 'Add Numbers' }] }));
    assert.deepEqual(d2.map((d) => d.path), ['tools.add_numbers.title']);
    // annotations.title is what FastMCP promotes to title: listed, not a difference
    const withAnn = { ...addTool, annotations: { title: 'Adder' } };
    const b: BehaviourChange[] = [];
    assert.deepEqual(diffSurfaces(surface({ tools: [withAnn] }), surface({ tools: [{ ...withAnn, title: 'Adder' }] }), b), []);
    assert.deepEqual(b.map((x) => x.path), ['tools.add_numbers.title']);
    assert.match(b[0]!.meaning, /copies annotations\.title/);
    assert.equal(diffSurfaces(surface({ tools: [withAnn] }), surface({ tools: [{ ...withAnn, title: 'Add Numbers' }] })).length, 1);
  });

  it('reports real schema differences: type, required-ness, enum, stated default, description', () => {
    const cases: [string, ReturnType<typeof withSchema>, string, RegExp][] = [
      ['type', withSchema((s) => (s.properties.a!.type = 'string')), 'tools.add_numbers.inputSchema.properties.a.type', /differs: original "integer", migrated "string"/],
      ['required', withSchema((s) => (s.required = ['a', 'b'])), 'tools.add_numbers.inputSchema.required.b', /parameter "b" is optional in the original but required/],
      ['optional', withSchema((s) => (s.required = [])), 'tools.add_numbers.inputSchema.required.a', /parameter "a" is required in the original but optional/],
      ['enum', withSchema((s) => (s.properties.mode!.enum = ['x', 'z'])), 'tools.add_numbers.inputSchema.properties.mode.enum[1]', /original "y", migrated "z"/],
      ['default', withSchema((s) => delete s.properties.b!.default), 'tools.add_numbers.inputSchema.properties.b.default', /is 1 in the original but absent/],
      ['param', withSchema((s) => delete s.properties.mode), 'tools.add_numbers.inputSchema.properties.mode', /parameter "mode" is missing from the migrated server/],
    ];
    for (const [what, migrated, wantPath, wantMessage] of cases) {
      const d = diffSurfaces(surface({ tools: [addTool] }), surface({ tools: [migrated] }));
      assert.equal(d.length, 1, `${what}: ${JSON.stringify(d)}`);
      assert.equal(d[0]!.path, wantPath, what);
      assert.match(d[0]!.message, wantMessage, what);
    }
    const desc = diffSurfaces(surface({ tools: [addTool] }), surface({ tools: [{ ...addTool, description: 'Add ' }] }));
    assert.deepEqual(desc.map((d) => d.path), ['tools.add_numbers.description'], 'descriptions are exact strings');
  });

  it('compares resources, templates and prompts by key, with null ≡ absent and required:false ≡ absent', () => {
    const o = surface({
      resources: [{ uri: 'file:///a.txt', name: 'a', mimeType: 'text/plain' }],
      resourceTemplates: [{ uriTemplate: 'u://{id}', name: 'u' }],
      prompts: [{ name: 'p', arguments: [{ name: 'x', description: 'X', required: true }, { name: 'y' }] }],
    });
    const m = surface({
      resources: [{ uri: 'file:///a.txt', name: 'a', mimeType: 'text/plain', description: null, _meta: {} }],
      resourceTemplates: [{ uriTemplate: 'u://{id}', name: 'u' }],
      prompts: [{ name: 'p', arguments: [{ name: 'y', required: false }, { name: 'x', description: 'X', required: true }] }],
    });
    assert.deepEqual(diffSurfaces(o, m), []);
    const m2 = surface({
      resources: [{ uri: 'file:///a.txt', name: 'a', mimeType: 'application/json' }],
      resourceTemplates: [],
      prompts: [{ name: 'p', arguments: [{ name: 'x', description: 'X' }] }],
    });
    assert.deepEqual(
      diffSurfaces(o, m2).map((d) => [d.path, d.kind]),
      [
        ['resources["file:///a.txt"].mimeType', 'changed'],
        ['resourceTemplates["u://{id}"]', 'missing'],
        ['prompts.p.arguments.x.required', 'missing'],
        ['prompts.p.arguments.y', 'missing'],
      ],
    );
  });

  it('still spots a rename when FastMCP added its title and additionalProperties to the renamed tool', () => {
    const renamed = { ...addTool, name: 'add_nums', title: 'Add Nums', inputSchema: { ...addTool.inputSchema, additionalProperties: false } };
    const d = diffSurfaces(surface({ tools: [addTool] }), surface({ tools: [renamed] }));
    assert.deepEqual(d.map((x) => x.path), ['tools.add_numbers', 'tools.add_nums']);
    assert.match(d[0]!.message, /has tool "add_nums" with the same definition: renamed\?/);
  });

  it('compares the server name and instructions', () => {
    const d = diffSurfaces(surface({ instructions: 'Use me' }), surface({ serverInfo: { name: 't' } }));
    assert.deepEqual(d.map((x) => x.path), ['server.name', 'server.instructions']);
  });
});

describe('expectDifferences path matching', () => {
  it('matches a path or a prefix at a segment boundary', () => {
    assert.ok(pathMatches('tools.add.title', 'tools.add'));
    assert.ok(pathMatches('tools.add', 'tools.add'));
    assert.ok(pathMatches('calls.tools[0].content[0].text', 'calls.tools[0]'));
    assert.ok(!pathMatches('tools.add_numbers', 'tools.add'));
  });
});

describe('results of calls', () => {
  it('rule 10: isError:false, structuredContent:null, resultType and _meta are dropped; the rest is kept', async () => {
    const { normalizeToolResult, normalizePromptResult, normalizeReadResult } = await import('../src/verify/normalize.js');
    assert.deepEqual(
      normalizeToolResult({ content: [{ type: 'text', text: 'x', _meta: {}, annotations: null }], isError: false, structuredContent: null, resultType: 'complete', _meta: { a: 1 } }),
      { content: [{ type: 'text', text: 'x' }] },
    );
    assert.deepEqual(normalizeToolResult({ content: [], isError: true, structuredContent: { result: null } }), { content: [], isError: true, structuredContent: { result: null } });
    assert.deepEqual(normalizeReadResult({ contents: [{ uri: 'u', text: 't', mimeType: null, _meta: {} }], resultType: 'x' }), { contents: [{ uri: 'u', text: 't' }] });
    assert.deepEqual(normalizePromptResult({ messages: [{ role: 'user', content: { type: 'text', text: 'hi', _meta: {} } }], description: null }), {
      messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }],
    });
  });

  it('the error prefix is a behaviour change, only when both sides report an error with the same message', async () => {
    const { takeToolErrorPrefix } = await import('../src/verify/behaviour.js');
    const o = { isError: true, content: [{ type: 'text', text: 'boom' }] };
    const m = { isError: true, content: [{ type: 'text', text: "Error calling tool 'x': boom" }] };
    const found: BehaviourChange[] = [];
    takeToolErrorPrefix('x', ['calls', 'tools', 0], o, m, found);
    assert.deepEqual(m.content, [{ type: 'text', text: 'boom' }]);
    assert.deepEqual(found.map((b) => [b.kind, b.path]), [['tool-error-prefix', 'calls.tools[0].content[0].text']]);
    const other = { isError: true, content: [{ type: 'text', text: "Error calling tool 'x': bang" }] };
    const none: BehaviourChange[] = [];
    takeToolErrorPrefix('x', ['calls', 'tools', 0], o, other, none);
    assert.equal(other.content[0]!.text, "Error calling tool 'x': bang");
    takeToolErrorPrefix('x', ['calls', 'tools', 0], { content: [{ type: 'text', text: 'boom' }] }, structuredClone(m), none);
    assert.deepEqual(none, [], 'an error on one side only stays a difference');
  });
});
