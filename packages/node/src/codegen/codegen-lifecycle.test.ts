import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  type TestServer,
} from '../../../server/src/testing/test-server.ts';
import { adminRequest, createFlag, deleteFlag } from '../frameworks/testing/server-fixtures.ts';
import { scanFlagReferences } from './flag-references.ts';
import { runCodegen } from './run-codegen.ts';
import { type ReferencesReport, runReferences } from './run-references.ts';

// `--check` and `--references` against a real server whose flags get archived and deleted, over a fixture code
// base with TypeScript, JavaScript and Python files (and folders that must not be entered).

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const cliPath = path.resolve(here, '../codegen-cli.ts');
const run = promisify(execFile);

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', cliPath, ...args], {
      cwd: repoRoot,
      env: { ...process.env, SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const FIXTURE: Record<string, string> = {
  'src/app.ts': `import { FeatureFlags } from './flags.ts';
if (await posthog.isFeatureEnabled('new-checkout', user)) render();
const v = await client.getFeatureFlag( "pricing-test", user);
flags.isEnabled(FeatureFlags.OLD_BANNER);
`,
  'src/hooks.tsx': 'export const On = () => useFeatureFlagEnabled(`new-checkout`) && <New />;\n',
  'src/legacy.js':
    "if (posthog.getFeatureFlagPayload('pricing-test')) {}\nposthog.isFeatureEnabled(someVariable);\n",
  'api/views.py': `import posthog
if posthog.feature_enabled("old-banner", user_id):
    pass
variant = posthog.get_feature_flag('pricing-test', user_id)
ok = client.is_feature_enabled("gone-flag", "u")
`,
  'node_modules/lib/index.js': "isFeatureEnabled('from-a-dependency')\n",
  '.venv/lib/site.py': 'posthog.feature_enabled("from-a-venv", u)\n',
  'README.md': "isFeatureEnabled('not-code')\n",
};

let server: TestServer;
let dir: string;
let out: string;
const ids = new Map<string, number>();

beforeAll(async () => {
  server = await startTestServer({ storage: 'memory' });
  dir = mkdtempSync(path.join(tmpdir(), 'signpost-references-'));
  for (const [file, text] of Object.entries(FIXTURE)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  for (const key of ['new-checkout', 'pricing-test', 'old-banner', 'gone-flag', 'never-used'])
    ids.set(key, (await createFlag(server, { key, filters: { groups: [{}] } })).id);
  out = path.join(dir, 'src', 'flags.ts');
  await runCodegen({ host: server.url, personalApiKey: TEST_PERSONAL_KEY, out });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const archive = (key: string) =>
  adminRequest(server, 'POST', `/api/projects/@current/feature_flags/${ids.get(key)}/archive/`, {});

describe('signpost-codegen --references and --check', () => {
  it('finds every call style in TS/JS and Python with line and column, and leaves dependency folders alone', async () => {
    const constants = new Map([['OLD_BANNER', 'old-banner']]);
    const scan = await scanFlagReferences(dir, { constants });
    expect(Object.fromEntries(scan.references)).toEqual({
      'new-checkout': [
        { file: 'src/app.ts', line: 2, column: 19 },
        { file: 'src/hooks.tsx', line: 1, column: 25 },
      ],
      'pricing-test': [
        { file: 'src/app.ts', line: 3, column: 24 },
        { file: 'src/legacy.js', line: 1, column: 13 },
        { file: 'api/views.py', line: 4, column: 19 },
      ].sort((a, b) => (a.file < b.file ? -1 : 1)),
      'old-banner': [
        { file: 'api/views.py', line: 2, column: 12 },
        { file: 'src/app.ts', line: 4, column: 17 },
      ],
      'gone-flag': [{ file: 'api/views.py', line: 5, column: 13 }],
    });
    // The generated module itself and the four code files; README.md and the dependency folders are not read.
    expect(scan.filesScanned).toBe(5);
  });

  it('skips files over the size bound instead of reading them', async () => {
    const scan = await scanFlagReferences(dir, { maxFileBytes: 120 });
    expect(scan.skipped.map((s) => s.file).sort()).toEqual(['api/views.py', 'src/app.ts', 'src/flags.ts']);
    expect([...scan.references.keys()].sort()).toEqual(['new-checkout', 'pricing-test']);
  });

  it('stays linear on hostile input (a megabyte of near-matches scans in well under a second)', async () => {
    const hostile = mkdtempSync(path.join(tmpdir(), 'signpost-hostile-'));
    try {
      writeFileSync(
        path.join(hostile, 'a.ts'),
        `isFeatureEnabled(${' '.repeat(400_000)}'${'a'.repeat(600_000)}`,
      );
      const started = performance.now();
      const scan = await scanFlagReferences(hostile, { maxFileBytes: 2_000_000 });
      expect(performance.now() - started).toBeLessThan(1000);
      expect(scan.references.size).toBe(0);
    } finally {
      rmSync(hostile, { recursive: true, force: true });
    }
  });

  it('--check names the flags the module uses that were archived or deleted, and exits 1', async () => {
    expect(await cli(['--host', server.url, '--out', out, '--check'])).toMatchObject({ code: 0 });
    await archive('old-banner');
    await deleteFlag(server, ids.get('gone-flag') as number);
    const checked = await cli(['--host', server.url, '--out', out, '--check']);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain("flag 'old-banner' is used in code but archived (served nowhere)");
    expect(checked.stderr).toContain("flag 'gone-flag' is used in code but missing in production (deleted?)");
  });

  it('--references reports uses, retired flags and unused server flags (text and --json), --check fails on them', async () => {
    const report: ReferencesReport = await runReferences({
      host: server.url,
      personalApiKey: TEST_PERSONAL_KEY,
      dir,
      out,
    });
    expect(report.used.map((u) => [u.key, u.status, u.locations.length])).toEqual([
      ['gone-flag', 'deleted', 1],
      ['new-checkout', 'live', 2],
      ['old-banner', 'archived', 2],
      ['pricing-test', 'live', 3],
    ]);
    expect(report.retired.map((r) => r.key)).toEqual(['gone-flag', 'old-banner']);
    expect(report.unused).toEqual([{ key: 'never-used', status: 'live' }]);

    const json = await cli(['--host', server.url, '--references', dir, '--out', out, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(report)));
    const text = await cli(['--host', server.url, '--references', dir, '--out', out, '--check']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('api/views.py:2:12: old-banner is archived');
    expect(text.stdout).toContain('api/views.py:5:13: gone-flag is deleted');
    expect(text.stdout).toContain('On the server but unused in code:\n  never-used');
    expect(text.stderr).toContain('RETIRED_FLAGS_IN_CODE');
  });
});
