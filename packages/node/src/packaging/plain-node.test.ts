import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SdkTestServer,
  startSdkTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
} from '../test-support/sdk-test-server.ts';

// The package as an app installs it: built dist/ (flags engine bundled in), loaded by plain Node with no
// TypeScript loader, talking to a real Signpost.

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, '../..');

let server: SdkTestServer;
beforeAll(async () => {
  // The same build `npm ci` and `npm test` run, so this never tests a stale dist.
  await run(process.execPath, [path.join(packageDir, 'scripts/build.mjs')], { cwd: packageDir });
  server = await startSdkTestServer();
  await server.createFlag({
    key: 'plain-node-flag',
    filters: {
      groups: [{ rollout_percentage: 100 }],
      multivariate: { variants: [{ key: 'only', rollout_percentage: 100 }] },
      payloads: { only: '{"from":"server"}' },
    },
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('@signpost/node in a plain Node ESM script', () => {
  it('imports the built package and sends events and reads flags from a real server', async () => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const { stdout } = await run(
      process.execPath,
      [path.join(here, 'plain-node-script.mjs'), server.url, TEST_PROJECT_KEY, TEST_PERSONAL_KEY],
      { cwd: here, env },
    );
    expect(JSON.parse(stdout)).toMatchObject({
      flag: 'only',
      unknown: 'dflt',
      payload: { from: 'server' },
      local: true,
      testClient: 'on',
      script: true,
      stats: { queued: 0, dropped: 0, rejected: 0 },
    });
    const [event] = await server.waitForEvents({ event: 'plain.node', distinct_id: 'plain-node-user' }, 1);
    expect(event?.properties).toMatchObject({ via: 'mjs', $lib: 'signpost-node' });
  });

  it('loads every subpath of the exports map that has a source file', async () => {
    const pkg = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
      exports: Record<string, { types: string }>;
    };
    const subpaths = Object.entries(pkg.exports)
      .filter(([, target]) => existsSync(path.join(packageDir, target.types)))
      .map(([subpath]) => subpath.replace(/^\./, '@signpost/node'));
    expect(subpaths).toEqual(expect.arrayContaining(['@signpost/node', '@signpost/node/testing']));
    const script = `
      const loaded = {};
      for (const id of ${JSON.stringify(subpaths)}) {
        try { loaded[id] = Object.keys(await import(id)).length; } catch (e) { loaded[id] = String(e); }
      }
      console.log(JSON.stringify(loaded));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: here });
    const loaded = JSON.parse(stdout) as Record<string, number | string>;
    for (const id of subpaths) expect(loaded[id], id).toBeTypeOf('number');
  });
});
