// One repository, two idioms: an SDK v1 low-level server and an SDK v1 bundled-FastMCP server,
// both migrated by ONE `run` (library API and the real binary with --out), then started next to
// their originals and compared (runtime part skipped when the venvs are missing).
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runProject } from '../src/cli/run-project.js';
import { parseCallsSpec, resolveCommand, verifyServers, type CallsSpec } from '../src/verify/index.js';
import { allTransforms } from '../transforms/index.js';
import { cli, repo, tmpArea, writeTree } from './support/cli-helpers.js';

const area = tmpArea('fmm-mixed-test-');
after(() => area.cleanup());

const LOWLEVEL_CASE = path.join(repo, 'fixtures', 'python-lowlevel-to-fastmcp', 'if-elif-dispatch');
const NEEDED = ['python-lowlevel-to-fastmcp', 'python-sdk-fastmcp-to-fastmcp'];
const missing = NEEDED.filter((id) => !allTransforms.some((t) => t.id === id));
const skipReason = missing.length ? `not registered in allTransforms yet: ${missing.join(', ')}` : undefined;

// Tools without return annotations: FastMCP 1.0 and FastMCP 4 then advertise the same schemas.
const BUNDLED = `"""A small notes server on the FastMCP 1.0 bundled in the MCP SDK v1."""
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("notes")

NOTES: dict[str, str] = {"welcome": "Hello from the notes server."}


@mcp.tool()
def add_note(name: str, text: str):
    """Store a note under a name."""
    NOTES[name] = text
    return f"saved {name}"


@mcp.tool()
def count_notes():
    """How many notes are stored."""
    return len(NOTES)


@mcp.resource("notes://{name}")
def read_note(name: str) -> str:
    """The text of one note."""
    return NOTES.get(name, "")


@mcp.prompt()
def summarize(name: str) -> str:
    """Ask for a summary of a note."""
    return f"Summarize this note: {NOTES.get(name, '')}"


if __name__ == "__main__":
    mcp.run()
`;

const BUNDLED_CALLS: CallsSpec = parseCallsSpec({
  tools: [
    { name: 'add_note', arguments: { name: 'todo', text: 'write tests' } },
    { name: 'count_notes', arguments: {} },
  ],
  resources: ['notes://welcome'],
  prompts: [{ name: 'summarize', arguments: { name: 'welcome' } }],
});

function mixedRepo(name: string): string {
  const dir = area.dir(name);
  cpSync(path.join(LOWLEVEL_CASE, 'input'), path.join(dir, 'calculator'), { recursive: true });
  writeTree(dir, { 'notes/server.py': BUNDLED, 'README.md': '# two servers\n' });
  return dir;
}

const expectedCalculator = () => readFileSync(path.join(LOWLEVEL_CASE, 'expected', 'server.py'), 'utf8');

function assertBundledMigrated(text: string | undefined): void {
  assert.ok(text !== undefined, 'notes/server.py missing');
  assert.doesNotMatch(text, /mcp\.server\.fastmcp/, 'notes/server.py still imports the bundled FastMCP');
  assert.match(text, /^from fastmcp import FastMCP$/m);
  // Untouched parts stay as they were.
  assert.ok(text.includes('@mcp.resource("notes://{name}")\ndef read_note(name: str) -> str:'));
}

describe('a repository mixing idioms, one run', () => {
  test('library API: both servers migrated', (t) => {
    if (skipReason) {
      t.skip(skipReason);
      return;
    }
    const run = runProject(mixedRepo('lib'));
    for (const id of NEEDED) assert.ok(run.transforms.includes(id), `${id} did not run; ran: ${run.transforms.join(', ')}`);
    const byPath = new Map(run.files.map((f) => [f.path, f]));
    assert.equal(byPath.get('calculator/server.py')?.status, 'modified');
    assert.equal(byPath.get('notes/server.py')?.status, 'modified');
    // The low-level server comes out exactly as its golden expectation: the other hops leave it alone.
    assert.equal(byPath.get('calculator/server.py')!.after, expectedCalculator());
    assertBundledMigrated(byPath.get('notes/server.py')!.after);
    assert.ok(!run.review.some((r) => r.code.startsWith('FMM-CLI-')), JSON.stringify(run.review));
  });

  test('the binary with --out: both servers migrated, and each serves what its original served', async (t) => {
    if (skipReason) {
      t.skip(skipReason);
      return;
    }
    const dir = mixedRepo('bin');
    const out = path.join(area.dir('bin-out'), 'migrated');
    const r = cli(['run', dir, '--out', out, '--json']);
    assert.ok(r.code === 0, `exit ${r.code}: ${r.stderr}`);
    const doc = JSON.parse(r.stdout) as { transforms: string[] };
    for (const id of NEEDED) assert.ok(doc.transforms.includes(id), `${id} did not run`);
    assert.equal(readFileSync(path.join(out, 'calculator', 'server.py'), 'utf8'), expectedCalculator());
    assertBundledMigrated(readFileSync(path.join(out, 'notes', 'server.py'), 'utf8'));
    assert.equal(readFileSync(path.join(out, 'README.md'), 'utf8'), '# two servers\n');
    assert.ok(existsSync(path.join(out, 'MIGRATION_REPORT.md')));

    const venvs = ['mcp1', 'fastmcp4'].filter((v) => !existsSync(path.join(repo, '.venv', v, 'bin', 'python')));
    if (venvs.length) {
      t.diagnostic(`runtime comparison skipped: missing venvs ${venvs.join(', ')} (bash scripts/setup-venvs.sh)`);
      return;
    }
    const calculatorCalls = parseCallsSpec(JSON.parse(readFileSync(path.join(LOWLEVEL_CASE, 'calls.json'), 'utf8')));
    for (const [server, calls] of [
      ['calculator', calculatorCalls],
      ['notes', BUNDLED_CALLS],
    ] as const) {
      const side = (venv: string, root: string) =>
        resolveCommand({ command: `python:${venv}`, args: ['server.py'], cwd: path.join(root, server), env: { PYTHONDONTWRITEBYTECODE: '1' } }, repo);
      const report = await verifyServers({ original: side('mcp1', dir), migrated: side('fastmcp4', out), calls });
      assert.ok(report.equal, `${server}: ${JSON.stringify(report.differences, null, 2)}`);
      assert.ok(report.migrated.tools.length > 0, `${server}: no tools listed`);
    }
  });
});
