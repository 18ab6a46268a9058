import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PERSONAL_KEY, type TestServer } from '../testing/test-server.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** A CLI as `npm run <name> -- …` runs it; resolves with its exit code and output, never rejects. */
function run(script: string, args: string[]): Promise<{ code: number; stderr: string }> {
  // The key comes from --key alone, not from the environment the tests run in.
  const { SIGNPOST_PERSONAL_API_KEY: _, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'packages/server/src/cli', script), ...args],
      { cwd: REPO_ROOT, env },
      (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
}

describe('npm run export -- --all, npm run import -- signpost', () => {
  let source: TestServer;
  let target: TestServer;
  let dir: string;
  beforeAll(async () => {
    [source, target] = await Promise.all([startTestServer(), startTestServer()]);
    dir = mkdtempSync(path.join(tmpdir(), 'signpost-import-cli-'));
    const res = await fetch(`${source.url}/api/projects/@current/feature_flags/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'moved', filters: { groups: [{ rollout_percentage: 40 }] } }),
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports, refuses a wrong key with one clear line and nothing written, then imports', async () => {
    const out = path.join(dir, 'export');
    const exported = await run('export-command.ts', [
      '--all',
      '--out',
      out,
      '--url',
      source.url,
      '--key',
      TEST_PERSONAL_KEY,
    ]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('1 flag');

    const state = path.join(dir, 'state.json');
    const common = ['signpost', '--from', out, '--url', target.url, '--state', state];
    const refused = await run('import-command.ts', [...common, '--key', 'phx_wrong']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/signpost: TARGET_REFUSED: .*refused the key/);
    const before = await target.api<{ results: unknown[] }>('/api/projects/@current/feature_flags/');
    expect(before.results).toEqual([]);

    const unknown = await run('import-command.ts', [
      'mixpanel',
      '--url',
      target.url,
      '--key',
      TEST_PERSONAL_KEY,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('INVALID_ARGUMENTS: Name the source first: signpost');

    const imported = await run('import-command.ts', [...common, '--key', TEST_PERSONAL_KEY]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/flag\s+1\s+0\s+0/);
    const again = await run('import-command.ts', [...common, '--key', TEST_PERSONAL_KEY]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('records a finished import');
    const after = await target.api<{ results: { key: string }[] }>('/api/projects/@current/feature_flags/');
    expect(after.results.map((f) => f.key)).toEqual(['moved']);
  }, 90_000);
});
