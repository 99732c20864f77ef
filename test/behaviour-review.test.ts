// The review items the migration adds for what FastMCP changes on every server (FMM030, FMM031),
// built from the migrated ServerModel, and wired into `run`'s report.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runProject } from '../src/cli/run-project.js';
import { literal, pyExpr, type ServerModel, type ToolModel } from '../src/model/index.js';
import { BEHAVIOUR_CODES, frameworkBehaviourItems } from '../src/report/behaviour.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function tool(name: ToolModel['name'], extra: Partial<ToolModel> = {}): ToolModel {
  return {
    name,
    functionName: 'f',
    input: { type: 'object', properties: {}, required: [] } as unknown as ToolModel['input'],
    handler: {} as ToolModel['handler'],
    line: 1,
    ...extra,
  };
}

function server(tools: ToolModel[]): ServerModel {
  return {
    name: literal('s'),
    variable: 'server',
    transports: [],
    tools,
    resources: [],
    resourceTemplates: [],
    prompts: [],
    origin: { file: 'server.py', line: 7, idiom: 'python-lowlevel-v1' },
    review: [],
  };
}

describe('frameworkBehaviourItems', () => {
  it('one FMM030 item for the tools without a title, naming the derived titles', () => {
    const s = server([tool(literal('git_add')), tool(literal('git_status'), { title: literal('Status') }), tool(pyExpr('Tools.DIFF.value')), tool(literal('x'), { annotations: { title: literal('X!') } })]);
    const items = frameworkBehaviourItems(s, 'python-lowlevel', 'fastmcp-py-4');
    const title = items.find((i) => i.code === BEHAVIOUR_CODES.derivedTitle)!;
    assert.equal(title.severity, 'info');
    assert.equal(title.file, 'server.py');
    assert.equal(title.line, 7);
    assert.match(title.message, /^FastMCP 4 adds a derived title to 2 tools without a title: git_add → "Git Add", Tools\.DIFF\.value → \(derived at run time\)/);
    assert.match(title.suggestion, /title=/);
  });

  it('one FMM031 item for the tools whose input schema was open; none when the source already closed it', () => {
    const closed = tool(literal('b'), { input: { type: 'object', properties: {}, required: [], additionalProperties: false } as unknown as ToolModel['input'] });
    const s = server([tool(literal('a')), closed]);
    const items = frameworkBehaviourItems(s, 'python-sdk-fastmcp', 'fastmcp-py-4');
    const closedItem = items.find((i) => i.code === BEHAVIOUR_CODES.extraArgumentsRejected)!;
    assert.match(closedItem.message, /additionalProperties: false to the input schema of 1 tool \(a\): a call with undeclared arguments is now rejected/);
    // FastMCP 3 already closed input schemas and never derived titles.
    assert.deepEqual(frameworkBehaviourItems(s, 'fastmcp-py-3', 'fastmcp-py-4').map((i) => i.code), [BEHAVIOUR_CODES.derivedTitle]);
    assert.deepEqual(frameworkBehaviourItems(s, 'fastmcp-py-2', 'fastmcp-py-3').map((i) => i.code), [BEHAVIOUR_CODES.extraArgumentsRejected]);
    assert.deepEqual(frameworkBehaviourItems(server([]), 'python-lowlevel', 'fastmcp-py-4'), []);
  });

  it('one FMM033 item when the framework shows tool exceptions to clients differently; none when it does not', () => {
    const s = server([tool(literal('a'))]);
    const lowlevel = frameworkBehaviourItems(s, 'python-lowlevel-v1', 'fastmcp-py-4').find((i) => i.code === BEHAVIOUR_CODES.toolErrorText)!;
    assert.match(lowlevel.message, /reached clients as an error result with the exception message alone; FastMCP 4 sends an error result `Error calling tool '<name>': <message>`/);
    assert.match(lowlevel.suggestion, /ToolError/);
    assert.ok(frameworkBehaviourItems(s, 'python-sdk-fastmcp', 'fastmcp-py-4').some((i) => i.code === BEHAVIOUR_CODES.toolErrorText));
    assert.ok(!frameworkBehaviourItems(s, 'fastmcp-py-3', 'fastmcp-py-4').some((i) => i.code === BEHAVIOUR_CODES.toolErrorText));
    assert.ok(!frameworkBehaviourItems(server([]), 'python-lowlevel-v1', 'fastmcp-py-4').some((i) => i.code === BEHAVIOUR_CODES.toolErrorText));
  });

  it('run reports them for a migrated low-level server (in the server review and the hop)', () => {
    const run = runProject(path.join(repo, 'fixtures/python-lowlevel-to-fastmcp/if-elif-dispatch/input'), { git: 'never' });
    const codes = run.servers.flatMap((s) => s.review.map((r) => r.code));
    assert.ok(codes.includes(BEHAVIOUR_CODES.derivedTitle), codes.join());
    assert.ok(codes.includes(BEHAVIOUR_CODES.extraArgumentsRejected), codes.join());
    assert.ok(run.hops[0]!.review.some((r) => r.code === BEHAVIOUR_CODES.derivedTitle));
  });

  it('names only the tools concerned (fixture behaviour-changes: one titled, one with annotations.title, one closed schema)', () => {
    const run = runProject(path.join(repo, 'fixtures/python-lowlevel-to-fastmcp/behaviour-changes/input'), { git: 'never' });
    const items = run.servers.flatMap((s) => s.review).filter((r) => r.code === BEHAVIOUR_CODES.derivedTitle || r.code === BEHAVIOUR_CODES.extraArgumentsRejected);
    assert.deepEqual(
      items.map((r) => [r.code, r.message]),
      [
        [BEHAVIOUR_CODES.derivedTitle, 'FastMCP 4 adds a derived title to 1 tool without a title: git_add → "Git Add"; clients may show it instead of the name'],
        [
          BEHAVIOUR_CODES.extraArgumentsRejected,
          'FastMCP adds additionalProperties: false to the input schema of 2 tools (git_add, git_status): a call with undeclared arguments is now rejected instead of ignored',
        ],
      ],
    );
  });
});
