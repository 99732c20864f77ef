// The real-world harness's sdist handling without the network: a cached sdist is used only when
// its sha256 matches, and unpacking strips the top folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fetchSdist, sha256Hex, unpackSdist } from '../scripts/realworld/fetch.js';
import { Logger } from '../scripts/realworld/log.js';
import type { PackageSpec } from '../scripts/realworld/packages.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'rw-fetch-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('a cached sdist with the pinned sha256 is used and unpacked without its top folder', async () => {
  const cache = path.join(tmp, 'cache');
  const top = path.join(tmp, 'build', 'demo_mcp-1.0.0');
  mkdirSync(path.join(top, 'src', 'demo_mcp'), { recursive: true });
  writeFileSync(path.join(top, 'pyproject.toml'), '[project]\nname = "demo-mcp"\n');
  writeFileSync(path.join(top, 'src', 'demo_mcp', '__init__.py'), '');
  mkdirSync(path.join(cache, 'sdist'), { recursive: true });
  const file = path.join(cache, 'sdist', 'demo_mcp-1.0.0.tar.gz');
  const tar = spawnSync('tar', ['-czf', file, '-C', path.dirname(top), path.basename(top)]);
  assert.equal(tar.status, 0);
  const spec: PackageSpec = {
    name: 'demo-mcp',
    version: '1.0.0',
    sdist: 'demo_mcp-1.0.0.tar.gz',
    sha256: sha256Hex(readFileSync(file)),
    idiom: 'python-lowlevel-v1',
    entry: { module: 'demo_mcp' },
    args: [],
    env: {},
    startsOffline: true,
  };
  const log = new Logger(path.join(cache, 'logs', 'demo.log'));
  assert.equal(await fetchSdist(spec, cache, log), file);
  const dest = await unpackSdist(spec, file, cache, log);
  assert.equal(dest, path.join(cache, 'src', 'demo-mcp==1.0.0'));
  assert.ok(existsSync(path.join(dest, 'pyproject.toml')));
  assert.ok(existsSync(path.join(dest, 'src', 'demo_mcp', '__init__.py')));
});
