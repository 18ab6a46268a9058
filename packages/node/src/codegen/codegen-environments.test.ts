import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
import { typeCheck } from './codegen.test-kit.ts';
import { CodegenError } from './codegen-error.ts';
import { runCodegen } from './run-codegen.ts';

// Codegen across environments against a real server: project 1 has production and staging, whose settings of
// the same flags differ; a second project's environment lacks most of them.

const here = path.dirname(fileURLToPath(import.meta.url));
const cliPath = path.resolve(here, '../codegen-cli.ts');
const run = promisify(execFile);

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', cliPath, ...args], {
      env: { ...process.env, SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const rollout = { properties: [], rollout_percentage: 100 };

describe('signpost-codegen across environments', () => {
  let server: TestServer;
  let dir: string;
  let stagingId: number;
  let mobileId: number;
  let pricingId: number;

  beforeAll(async () => {
    server = await startTestServer({ storage: 'memory' });
    dir = mkdtempSync(path.join(tmpdir(), 'signpost-codegen-env-'));
    const staging = await adminRequest<{ id: number }>(
      server,
      'POST',
      '/api/projects/@current/environments/',
      {
        name: 'staging',
      },
    );
    stagingId = staging.id;
    // Made after staging exists, so staging gets each flag's settings copied, switched off.
    const checkout = await createFlag(server, {
      key: 'checkout-v2',
      filters: { groups: [rollout], payloads: { true: '{"steps":3}' } },
    });
    await createFlag(server, { key: 'new-ui', filters: { groups: [rollout] } });
    const pricing = await createFlag(server, {
      key: 'pricing-test',
      filters: {
        groups: [rollout],
        multivariate: { variants: [{ key: 'control', rollout_percentage: 100 }] },
      },
    });
    pricingId = pricing.id;
    // Staging tries a text payload and a 50/50 split, and is switched on for those two flags only.
    await adminRequest(server, 'PATCH', `/api/projects/${stagingId}/feature_flags/${checkout.id}/`, {
      active: true,
      filters: { groups: [rollout], payloads: { true: '"short"' } },
    });
    await adminRequest(server, 'PATCH', `/api/projects/${stagingId}/feature_flags/${pricing.id}/`, {
      active: true,
      filters: {
        groups: [rollout],
        multivariate: {
          variants: [
            { key: 'control', rollout_percentage: 50 },
            { key: 'annual-first', rollout_percentage: 50 },
          ],
        },
      },
    });
    const mobile = await adminRequest<{ id: number }>(server, 'POST', '/api/projects/', { name: 'Mobile' });
    mobileId = mobile.id;
    await adminRequest(server, 'POST', `/api/projects/${mobileId}/feature_flags/`, {
      key: 'new-ui',
      filters: { groups: [rollout] },
    });
  });

  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('types every environment by default: variant and payload unions, with warnings that do not fail', async () => {
    const out = path.join(dir, 'all.ts');
    const written = await cli(['--host', server.url, '--out', out]);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain('3 flags from production, staging, written');
    expect(written.stderr).toContain(
      "warning: flag 'checkout-v2' has a different payload type per environment (production: { steps: number; }; staging: string)",
    );
    expect(written.stderr).toContain('warning: 1 flag is switched off in staging: new-ui.');
    const text = readFileSync(out, 'utf8');
    expect(text).toContain("export type PricingTestVariant = 'control' | 'annual-first';");
    expect(text).toContain("'checkout-v2': {\n    steps: number;\n  } | string;");
    expect(text).toContain('/** new-ui (inactive in staging) */');

    // Code must handle what either environment answers: staging's string payload too.
    const result = typeCheck(dir, {
      'flags.ts': text,
      'use.ts': `import { type FlagClient, typedFlags } from './flags.ts';
declare const client: FlagClient;
const flags = typedFlags(client);
export async function use(): Promise<number> {
  const payload = await flags.getFeatureFlagPayload('u', 'checkout-v2');
  const annual = (await flags.getFeatureFlag('u', 'pricing-test')) === 'annual-first';
  return (typeof payload === 'string' ? payload.length : (payload?.steps ?? 0)) + (annual ? 1 : 0);
}
export async function unsafe(): Promise<number | undefined> {
  return (await flags.getFeatureFlagPayload('u', 'checkout-v2'))?.steps;
}
`,
    });
    expect(result['flags.ts']).toEqual([]);
    // `.steps` on `{steps} | string` is the one error: the staging payload is a string.
    expect(result['use.ts']).toHaveLength(1);
    expect(result['use.ts']?.[0]).toMatch(/^TS2339: Property 'steps' does not exist on type 'string/);

    const checked = await cli(['--host', server.url, '--out', out, '--check']);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('is up to date');
    expect(checked.stderr).toContain('switched off in staging');
  });

  it('reads only the environments asked for, by name or id', async () => {
    const out = path.join(dir, 'production.ts');
    const production = await runCodegen({
      host: server.url,
      personalApiKey: TEST_PERSONAL_KEY,
      out,
      environments: ['Production'],
    });
    expect(production).toMatchObject({ environments: ['production'], flagCount: 3, warnings: [] });
    const text = readFileSync(out, 'utf8');
    // Variant keys are the flag's identity, shared by its environments; only their split is per environment.
    expect(text).toContain("export type PricingTestVariant = 'control' | 'annual-first';");
    expect(text).toContain("'checkout-v2': {\n    steps: number;\n  };");

    const staging = await runCodegen({
      host: server.url,
      personalApiKey: TEST_PERSONAL_KEY,
      out: path.join(dir, 'staging.ts'),
      environments: [String(stagingId)],
    });
    expect(staging.environments).toEqual(['staging']);
    expect(readFileSync(path.join(dir, 'staging.ts'), 'utf8')).toContain("'checkout-v2': string;");
  });

  it('--check fails, naming flag and environment, when a flag is missing in an environment asked for', async () => {
    const out = path.join(dir, 'two-projects.ts');
    const args = ['--host', server.url, '--out', out, '-e', 'production', '-e', String(mobileId)];
    // Writing still works: the missing flags are warnings then.
    const written = await cli(args);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain(
      `warning: flag 'checkout-v2' is missing in production (${mobileId}) (it exists in other environments).`,
    );
    const checked = await cli([...args, '--check']);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain('MISSING_IN_ENVIRONMENT');
    expect(checked.stderr).toContain(`flag 'pricing-test' is missing in production (${mobileId})`);
    expect(checked.stderr).not.toContain("flag 'new-ui'");
  });

  it('--check fails when a flag the module declares was deleted, and on an unknown environment', async () => {
    const out = path.join(dir, 'deleted.ts');
    const options = { host: server.url, personalApiKey: TEST_PERSONAL_KEY, out };
    await runCodegen(options);
    await deleteFlag(server, pricingId);
    const error = await runCodegen({ ...options, check: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenError);
    expect(error).toMatchObject({ code: 'MISSING_IN_ENVIRONMENT' });
    expect((error as Error).message).toContain(
      "flag 'pricing-test' is used in code but missing in production, staging (deleted?).",
    );
    expect((error as Error).message).toContain('is also out of date');

    const unknown = await runCodegen({ ...options, environments: ['qa'] }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'UNKNOWN_ENVIRONMENT' });
    expect((unknown as Error).message).toContain(`production (1), staging (${stagingId})`);
    const nowhere = await runCodegen({ ...options, environments: ['999999'] }).catch((e: unknown) => e);
    expect(nowhere).toMatchObject({ code: 'UNKNOWN_ENVIRONMENT' });
  });
});
