// report: summaries (literal vs expression values), diffs, MIGRATION_REPORT.md.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { literal, pyExpr, type ServerModel } from '../src/model/index.js';
import { colorizeDiff, unifiedDiff } from '../src/report/diff.js';
import { renderMarkdownReport } from '../src/report/markdown.js';
import { summarizeServer } from '../src/report/summary.js';

const handler = { language: 'python' as const, file: 'server.py', line: 1, body: 'pass', isAsync: true, params: [], needsArgumentsDict: false, argumentsName: 'arguments' };

const model: ServerModel = {
  name: pyExpr('SERVER_NAME'),
  variable: 'server',
  transports: [{ kind: 'stdio' }, { kind: 'sse' }],
  tools: [
    {
      name: literal('add'),
      functionName: 'add',
      description: literal('Add two numbers.\nReturns the sum.'),
      input: { type: 'object', properties: [], required: [] },
      handler,
      line: 10,
    },
    {
      name: pyExpr('ToolName.CONVERT.value'),
      functionName: 'convert',
      title: literal('Convert'),
      description: pyExpr('f"Convert to {DEFAULT_ZONE}"'),
      input: { type: 'object', properties: [], required: [] },
      handler,
      line: 20,
    },
  ],
  resources: [{ uri: literal('file:///readme'), name: literal('readme'), mimeType: literal('text/plain'), functionName: 'readme', handler, line: 30 }],
  resourceTemplates: [{ uriTemplate: literal('notes://{id}'), description: pyExpr('NOTE_DOC'), functionName: 'note', variables: ['id'], handler, line: 40 }],
  prompts: [
    {
      name: literal('greet'),
      description: literal('Say hi'),
      arguments: [
        { name: 'who', required: true, description: literal('Name') },
        { name: 'tone', required: false },
      ],
      functionName: 'greet',
      handler,
      line: 50,
    },
  ],
  origin: { file: 'src/server.py', line: 5, idiom: 'python-lowlevel-v1', factory: 'serve' },
  review: [
    {
      code: 'FMM-X',
      severity: 'warning',
      file: 'src/server.py',
      line: 12,
      column: 3,
      message: 'Something `odd`',
      snippet: 'x = ```weird```',
      suggestion: 'Fix it',
    },
  ],
};

test('summarizeServer: literals as text, expressions as source marked *Expr', () => {
  const s = summarizeServer(model);
  assert.equal(s.name, 'SERVER_NAME');
  assert.equal(s.nameExpr, true);
  assert.equal(s.file, 'src/server.py');
  assert.equal(s.idiom, 'python-lowlevel-v1');
  assert.equal(s.factory, 'serve');
  assert.deepEqual(s.transports, ['stdio', 'sse']);
  // parameters / inputSchema (issue 7 class 15) are checked in scan-decorated.test.ts.
  for (const t of s.tools) assert.deepEqual([t.parameters, t.inputSchema], [[], { type: 'object', properties: {} }]);
  assert.deepEqual(s.tools.map(({ parameters: _p, inputSchema: _i, ...rest }) => rest), [
    { name: 'add', description: 'Add two numbers.\nReturns the sum.' },
    { name: 'ToolName.CONVERT.value', nameExpr: true, title: 'Convert', description: 'f"Convert to {DEFAULT_ZONE}"', descriptionExpr: true },
  ]);
  assert.deepEqual(s.resources, [{ uri: 'file:///readme', name: 'readme', mimeType: 'text/plain' }]);
  assert.deepEqual(s.resourceTemplates, [{ uriTemplate: 'notes://{id}', description: 'NOTE_DOC', descriptionExpr: true }]);
  assert.deepEqual(s.prompts, [
    {
      name: 'greet',
      description: 'Say hi',
      arguments: [
        { name: 'who', required: true, description: 'Name' },
        { name: 'tone', required: false },
      ],
    },
  ]);
  assert.equal(s.review.length, 1);
  // JSON round trip keeps everything (no undefined-valued keys).
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
});

test('markdown report lists the surface, review items and next steps', () => {
  const server = summarizeServer(model);
  const md = renderMarkdownReport(
    { version: 1, root: '/p', transforms: ['python-lowlevel-to-fastmcp'], servers: [server], review: [], files: [{ path: 'src/server.py', status: 'modified' }] },
    { mode: 'out', outDir: '/p-out' },
  );
  assert.match(md, /^# Migration report/);
  assert.match(md, /## Server `SERVER_NAME`/);
  assert.match(md, /Counts: 2 tools, 1 resources, 1 resource templates, 1 prompts, 1 review items/);
  assert.match(md, /- `add`\(\) — Add two numbers\. Returns the sum\./);
  assert.match(md, /- `ToolName\.CONVERT\.value`\(\) — computed at run time: `f"Convert to \{DEFAULT_ZONE\}"`/);
  assert.match(md, /- `greet`\(who, tone\?\) — Say hi/);
  assert.match(md, /\*\*warning\*\* `FMM-X` at `src\/server\.py:12:3`: Something `odd`/);
  assert.match(md, /````python\n {2}x = ```weird```\n {2}````/, 'snippet fence longer than any backtick run in it');
  assert.match(md, /Suggestion: Fix it/);
  assert.match(md, /- \[ \] Install FastMCP: `pip install fastmcp`/);
  assert.match(md, /npx fastmcp-migrate verify --original "python src\/server\.py" --cwd-original \/p --migrated "python src\/server\.py" --cwd-migrated \/p-out/);
  assert.match(md, /- \[ \] Resolve the 1 review item/);
});

test('unified diff: created files and colours', () => {
  assert.equal(unifiedDiff('a.py', undefined, 'x\n'), '--- /dev/null\n+++ b/a.py\n@@ -0,0 +1,1 @@\n+x\n');
  assert.equal(unifiedDiff('a.py', 'x\n', undefined), '--- a/a.py\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-x\n');
  const colored = colorizeDiff(unifiedDiff('a.py', 'x\n', 'y\n'));
  assert.match(colored, /\u001b\[31m-x\u001b\[0m/);
  assert.match(colored, /\u001b\[32m\+y\u001b\[0m/);
});
