// Acceptance 1 of issue 3: every fixture case of every transform is verified at runtime — the
// original (input/) and the migrated (expected/) server advertise the same surface and answer the
// recorded calls the same, unless verify.json says what differs and why, or why it cannot run.
import path from 'node:path';
import { registerFixtureSuite } from './support/verify-fixture-suite.js';
import { repoRoot } from './support/verify-helpers.js';

registerFixtureSuite('runtime verification of fixtures/*/*/verify.json', path.join(repoRoot, 'fixtures'), repoRoot, 3);
