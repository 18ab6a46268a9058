import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../../../server/src/testing/test-server.ts';
import { createFlag, deleteFlag } from '../frameworks/testing/server-fixtures.ts';
import { Signpost } from '../index.ts';
import { typeCheck } from './codegen.test-kit.ts';
import { CodegenError } from './codegen-error.ts';
import { runCodegen } from './run-codegen.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const cliPath = path.resolve(here, '../codegen-cli.ts');

const header = `import { FeatureFlags, type FlagClient, type FlagKey, typedFlags } from './flags.ts';
declare const client: FlagClient;
const flags = typedFlags(client);
`;

describe('signpost-codegen against a real server', () => {
  let server: TestServer;
  let dir: string;
  let generated: string;

  beforeAll(async () => {
    server = await startTestServer({ storage: 'memory' });
    dir = mkdtempSync(path.join(tmpdir(), 'signpost-codegen-'));
    await createFlag(server, { key: 'beta-features', name: 'Beta features', filters: { groups: [{}] } });
    await createFlag(server, {
      key: 'dashboard-config',
      name: 'Dashboard */ config\nremote',
      filters: {
        groups: [{}],
        payloads: {
          true: {
            theme: 'dark',
            enabled_widgets: ['timer', 'reports'],
            refresh_seconds: 30,
            'grid-layout': { columns: 2 },
          },
        },
      },
    });
    await createFlag(server, {
      key: 'timer-ui-experiment',
      filters: {
        groups: [{}],
        multivariate: {
          variants: [
            { key: 'control', rollout_percentage: 50 },
            { key: 'variant-b', rollout_percentage: 50 },
          ],
        },
        payloads: { control: { color: 'blue' }, 'variant-b': { color: 'green', large: true } },
      },
    });
    await createFlag(server, { key: 'enable-exports', active: false, filters: { groups: [{}] } });
    await createFlag(server, { key: '2faEnforced', filters: { groups: [{}] } });
    const removed = await createFlag(server, { key: 'old-reports', filters: { groups: [{}] } });
    await deleteFlag(server, removed.id);
    await runCodegen({
      host: server.url,
      personalApiKey: TEST_PERSONAL_KEY,
      out: path.join(dir, 'flags.ts'),
    });
    generated = readFileSync(path.join(dir, 'flags.ts'), 'utf8');
  });

  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes key constants, the key union, variant unions and inferred payload types', () => {
    expect(generated).toContain("BETA_FEATURES: 'beta-features',");
    expect(generated).toContain("FLAG_2FA_ENFORCED: '2faEnforced',");
    expect(generated).toContain("export type TimerUiExperimentVariant = 'control' | 'variant-b';");
    expect(generated).toContain("'timer-ui-experiment': TimerUiExperimentVariant | false;");
    expect(generated).toContain("'beta-features': never;");
    expect(generated).not.toContain('old-reports');
    // The flag name is user text: it must not be able to close the comment it is shown in.
    expect(generated).toContain('/** Dashboard *\\/ config remote */');
  });

  it('compiles under strict settings, and valid usage type-checks', () => {
    const result = typeCheck(dir, {
      'valid.ts': `${header}
export async function valid(): Promise<void> {
  const beta: boolean | undefined = await flags.getFeatureFlag('user-1', FeatureFlags.BETA_FEATURES);
  const exportsOn: boolean = await flags.getFeatureFlag('user-1', 'enable-exports', { default: true });
  const variant = await flags.getFeatureFlag('user-1', FeatureFlags.TIMER_UI_EXPERIMENT);
  const isB: boolean = variant === 'variant-b';
  const config = await flags.getFeatureFlagPayload('user-1', FeatureFlags.DASHBOARD_CONFIG);
  const theme: string | undefined = config?.theme;
  const widgets: string[] | undefined = config?.enabled_widgets;
  const columns: number | undefined = config?.['grid-layout'].columns;
  const ui = await flags.getFeatureFlagPayload('user-1', 'timer-ui-experiment');
  const color: string | undefined = ui?.color;
  const key: FlagKey = FeatureFlags.FLAG_2FA_ENFORCED;
  const all = await flags.getAllFlags('user-1');
  const fromAll: boolean | undefined = all['beta-features'];
  await flags.trackFeatureFlagInteraction('user-1', key, 'clicked', { rows: 1 });
  console.log(beta, exportsOn, isB, theme, widgets, columns, color, fromAll);
}
declare const console: { log(...values: unknown[]): void };
`,
    });
    expect(result['flags.ts']).toEqual([]);
    expect(result['valid.ts']).toEqual([]);
  });

  it('accepts the real client and the test client', () => {
    const module = (name: string) => JSON.stringify(path.resolve(here, '..', name));
    const result = typeCheck(dir, {
      'clients.ts': `import type { Signpost } from ${module('index.ts')};
import type { TestClient } from ${module('testing.ts')};
import { typedFlags } from './flags.ts';
declare const signpost: Signpost;
declare const testClient: TestClient;
export const wrapped = [typedFlags(signpost), typedFlags(testClient)];
`,
    });
    expect(result['clients.ts']).toEqual([]);
  });

  it('runs: the generated module reads flags and payloads through the real client', async () => {
    const generatedModule = await import(pathToFileURL(path.join(dir, 'flags.ts')).href);
    const signpost = new Signpost(TEST_PROJECT_KEY, { host: server.url });
    try {
      const flags = generatedModule.typedFlags(signpost);
      expect(await flags.getFeatureFlag('user-1', generatedModule.FeatureFlags.BETA_FEATURES)).toBe(true);
      expect(['control', 'variant-b']).toContain(await flags.getFeatureFlag('user-1', 'timer-ui-experiment'));
      expect(await flags.getFeatureFlagPayload('user-1', 'dashboard-config')).toMatchObject({
        theme: 'dark',
      });
    } finally {
      await signpost.shutdown();
    }
  });

  it('rejects a typo, a removed flag, an unknown variant, a missing payload field and a wrong default', () => {
    const cases: Record<string, [string, number]> = {
      'typo.ts': ["flags.getFeatureFlag('u', 'beta-featurs');", 2345],
      'removed.ts': ["flags.isFeatureEnabled('u', 'old-reports');", 2345],
      'constant.ts': ['FeatureFlags.BETA_FEATURE;', 2551],
      'variant.ts': [
        "export async function f() { return (await flags.getFeatureFlag('u', 'timer-ui-experiment')) === 'variant-c'; }",
        2367,
      ],
      'payload.ts': [
        "export async function f() { return (await flags.getFeatureFlagPayload('u', 'dashboard-config'))?.colour; }",
        2339,
      ],
      'no-payload.ts': [
        "export async function f() { return (await flags.getFeatureFlagPayload('u', 'beta-features'))?.theme; }",
        2339,
      ],
      'default.ts': ["flags.getFeatureFlag('u', 'timer-ui-experiment', { default: 'variant-z' });", 2769],
    };
    const result = typeCheck(
      dir,
      Object.fromEntries(Object.entries(cases).map(([name, [code]]) => [name, `${header}${code}\n`])),
    );
    for (const [name, [, expectedCode]] of Object.entries(cases)) {
      expect(result[name], name).toHaveLength(1);
      expect(result[name]?.[0], name).toMatch(new RegExp(`^TS${expectedCode}:`));
    }
  });
});

const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', cliPath, ...args], {
      cwd: repoRoot,
      env: { ...process.env, SIGNPOST_PERSONAL_API_KEY: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the signpost-codegen command', () => {
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    server = await startTestServer({ storage: 'memory' });
    dir = mkdtempSync(path.join(tmpdir(), 'signpost-codegen-cli-'));
    await createFlag(server, { key: 'new-timer-ui', filters: { groups: [{}] } });
  });

  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with a node shebang', () => {
    expect(readFileSync(cliPath, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('writes the module with the key from the environment, then --check passes until a flag is added', async () => {
    const out = path.join(dir, 'nested', 'flags.ts');
    const env = { SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY };
    const written = await cli(['--host', server.url, '--out', out], env);
    expect(written).toMatchObject({ code: 0 });
    expect(written.stdout).toContain('1 flags from production, written');
    expect(readFileSync(out, 'utf8')).toContain("NEW_TIMER_UI: 'new-timer-ui'");

    expect(await cli(['--host', server.url, '--out', out, '--check'], env)).toMatchObject({ code: 0 });
    await createFlag(server, { key: 'enable-exports', filters: { groups: [{}] } });
    const stale = await cli(['--host', server.url, '--out', out, '--check'], env);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('OUT_OF_DATE');
  });

  it('fails with a stable code on a refused key, a missing option and an unreachable host', async () => {
    const out = path.join(dir, 'never.ts');
    const refused = await cli(['--host', server.url, '--out', out, '--personal-api-key', 'phx_wrong']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('UNAUTHORIZED');
    const missing = await cli(['--host', server.url, '--out', out]);
    expect(missing.stderr).toContain('INVALID_ARGUMENTS: Missing --personal-api-key');
    const down = await cli(['--host', 'http://127.0.0.1:9', '--out', out, '--personal-api-key', 'phx_x']);
    expect(down.stderr).toContain('UNREACHABLE');
    expect(() => readFileSync(out)).toThrow();
  });

  it('reports an API that is not Signpost as an invalid response', async () => {
    const error = await runCodegen({
      host: `${server.url}/_health?`,
      personalApiKey: TEST_PERSONAL_KEY,
      out: path.join(dir, 'x.ts'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenError);
  });
});
