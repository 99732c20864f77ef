#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (`npm run build`).
import { main } from '../dist/src/cli/main.js';

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`fastmcp-migrate: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
