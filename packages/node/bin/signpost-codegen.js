#!/usr/bin/env node
// Committed, not built: npm links a workspace's bins before the root `prepare` script builds dist/, and skips a
// bin whose file does not exist yet, so a bin pointing into dist/ is missing after a fresh `npm ci`.
import('../dist/codegen-cli.js').catch((error) => {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  console.error('signpost-codegen: @signpost/node is not built; run `npm run build -w @signpost/node`.');
  process.exitCode = 2;
});
