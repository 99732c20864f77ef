// Fixture cases for runtime verification: `<root>/<transform>/<case>/verify.json` (+ calls.json).
// The test suite and `run --verify` both read cases through here.
import fs from 'node:fs';
import path from 'node:path';
import { parseCallsSpec } from './calls.js';
import { resolveCommand, type ServerCommand } from './command.js';
import { isPlainObject } from './json.js';
import { BEHAVIOUR_TEXT, type BehaviourChangeKind } from './behaviour.js';
import type { ExpectedDifference, VerifyOptions } from './index.js';

export interface VerifyCase {
  /** `<transform>/<case>` */
  id: string;
  transform: string;
  name: string;
  dir: string;
  /** The case says it cannot be run, and why. */
  skip?: string;
  /** verify.json or calls.json is malformed. */
  error?: string;
  /** Ready for verifyServers (commands resolved, cwd absolute). */
  options?: VerifyOptions;
  /**
   * `expectBehaviourChanges` in verify.json: exactly the known FastMCP 4 behaviour changes the
   * report must list (`{kind, path}`), so a fixture pins that they are reported, not hidden.
   */
  expectBehaviourChanges?: { kind: BehaviourChangeKind; path: string }[];
}

/** Every `<fixturesRoot>/*\/*\/verify.json`, sorted by id. A missing root yields no cases. */
export function findVerifyCases(fixturesRoot: string, repoRoot: string): VerifyCase[] {
  const cases: VerifyCase[] = [];
  for (const transform of listDirs(fixturesRoot)) {
    for (const name of listDirs(path.join(fixturesRoot, transform))) {
      const dir = path.join(fixturesRoot, transform, name);
      if (fs.existsSync(path.join(dir, 'verify.json'))) cases.push(loadVerifyCase(dir, repoRoot));
    }
  }
  return cases.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function listDirs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

/** Reads one case folder. Errors in its files become `error` (so one bad case fails alone). */
export function loadVerifyCase(dir: string, repoRoot: string): VerifyCase {
  const name = path.basename(dir);
  const transform = path.basename(path.dirname(dir));
  const base: VerifyCase = { id: `${transform}/${name}`, transform, name, dir };
  try {
    const spec = JSON.parse(fs.readFileSync(path.join(dir, 'verify.json'), 'utf8')) as unknown;
    if (!isPlainObject(spec)) throw new Error('verify.json: expected an object');
    for (const k of Object.keys(spec)) {
      if (!['original', 'migrated', 'skip', 'expectDifferences', 'expectBehaviourChanges', 'timeoutMs', '$comment'].includes(k)) {
        throw new Error(`verify.json: unknown key "${k}"`);
      }
    }
    if (spec.skip !== undefined) {
      if (typeof spec.skip !== 'string' || spec.skip.trim() === '') throw new Error('verify.json: "skip" must say why');
      return { ...base, skip: spec.skip };
    }
    const options: VerifyOptions = {
      original: parseSide(spec.original, 'original', dir, repoRoot),
      migrated: parseSide(spec.migrated, 'migrated', dir, repoRoot),
    };
    if (spec.timeoutMs !== undefined) {
      if (typeof spec.timeoutMs !== 'number' || spec.timeoutMs <= 0) throw new Error('verify.json: "timeoutMs" must be a positive number');
      options.timeoutMs = spec.timeoutMs;
    }
    if (spec.expectDifferences !== undefined) options.expectDifferences = parseExpectations(spec.expectDifferences);
    const callsFile = path.join(dir, 'calls.json');
    if (fs.existsSync(callsFile)) {
      options.calls = parseCallsSpec(JSON.parse(fs.readFileSync(callsFile, 'utf8')), 'calls.json');
    }
    const out: VerifyCase = { ...base, options };
    if (spec.expectBehaviourChanges !== undefined) out.expectBehaviourChanges = parseBehaviourExpectations(spec.expectBehaviourChanges);
    return out;
  } catch (err) {
    return { ...base, error: err instanceof Error ? err.message : String(err) };
  }
}

function parseSide(value: unknown, side: string, caseDir: string, repoRoot: string): ServerCommand {
  const where = `verify.json: "${side}"`;
  if (!isPlainObject(value)) throw new Error(`${where} must be an object {command, args, cwd?, env?}`);
  if (typeof value.command !== 'string' || value.command === '') throw new Error(`${where}.command must be a string`);
  const args = value.args ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) throw new Error(`${where}.args must be an array of strings`);
  if (value.cwd !== undefined && typeof value.cwd !== 'string') throw new Error(`${where}.cwd must be a string`);
  if (value.env !== undefined && (!isPlainObject(value.env) || !Object.values(value.env).every((v) => typeof v === 'string'))) {
    throw new Error(`${where}.env must map names to strings`);
  }
  const cmd: ServerCommand = {
    command: value.command,
    args: args as string[],
    cwd: path.resolve(caseDir, (value.cwd as string | undefined) ?? '.'),
    // Fixture folders are in the repository: keep them free of __pycache__.
    env: { PYTHONDONTWRITEBYTECODE: '1', ...((value.env as Record<string, string> | undefined) ?? {}) },
  };
  return resolveCommand(cmd, repoRoot);
}

function parseExpectations(value: unknown): ExpectedDifference[] {
  if (!Array.isArray(value)) throw new Error('verify.json: "expectDifferences" must be an array of {path, why}');
  return value.map((e, i) => {
    if (!isPlainObject(e) || typeof e.path !== 'string' || e.path === '') {
      throw new Error(`verify.json: expectDifferences[${i}] needs a "path"`);
    }
    if (typeof e.why !== 'string' || e.why.trim() === '') throw new Error(`verify.json: expectDifferences[${i}] needs a "why"`);
    return { path: e.path, why: e.why };
  });
}

function parseBehaviourExpectations(value: unknown): { kind: BehaviourChangeKind; path: string }[] {
  if (!Array.isArray(value)) throw new Error('verify.json: "expectBehaviourChanges" must be an array of {kind, path}');
  return value.map((e, i) => {
    if (!isPlainObject(e) || typeof e.path !== 'string' || e.path === '') throw new Error(`verify.json: expectBehaviourChanges[${i}] needs a "path"`);
    if (typeof e.kind !== 'string' || !(e.kind in BEHAVIOUR_TEXT)) {
      throw new Error(`verify.json: expectBehaviourChanges[${i}].kind must be one of ${Object.keys(BEHAVIOUR_TEXT).join(', ')}`);
    }
    return { kind: e.kind as BehaviourChangeKind, path: e.path };
  });
}
