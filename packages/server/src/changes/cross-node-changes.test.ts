import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createSignpost, type Signpost } from '../server.ts';
import { MemoryStorage } from '../storage/memory/memory-storage.ts';
import { openPostgresStorage } from '../storage/postgres/postgres-storage.ts';
import type { Storage } from '../storage/storage.ts';
import { type PostgresCluster, startPostgresCluster } from '../testing/postgres/postgres-cluster.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY, TEST_SECRET_KEY } from '../testing/test-server.ts';
import { silentLogger } from '../util/logger.ts';

// Issue 13 §5: a change made on one node is served by every other node within 1 s. Two Signpost instances
// share one PostgreSQL for metadata (each keeps its own in-memory events and persons), driven over HTTP.

const DEADLINE_MS = 1_000;

interface Node {
  signpost: Signpost;
  dataDir: string;
}

async function startNode(url: string): Promise<Node> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-node-'));
  const storage: Storage = { ...new MemoryStorage(), ...(await openPostgresStorage(url)) };
  const config = loadConfig({
    SIGNPOST_DATA_DIR: dataDir,
    SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
    SIGNPOST_PROJECT_SECRET_KEY: TEST_SECRET_KEY,
  });
  return { signpost: await createSignpost({ config, storage, logger: silentLogger }), dataDir };
}

async function call(node: Node, method: string, pathname: string, body?: unknown, key = TEST_PERSONAL_KEY) {
  const response = await node.signpost.app.request(pathname, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

async function flagsOf(
  node: Node,
  personProperties: Record<string, string> = {},
  token = TEST_PROJECT_KEY,
): Promise<Record<string, boolean>> {
  const response = await node.signpost.app.request('/flags/?v=2', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, distinct_id: 'visitor', person_properties: personProperties }),
  });
  if (response.status !== 200) return {};
  const body = (await response.json()) as { flags: Record<string, { enabled: boolean }> };
  return Object.fromEntries(Object.entries(body.flags).map(([k, v]) => [k, v.enabled]));
}

/** Polls until `check` holds; returns how long that took, failing past `limitMs`. */
async function within(limitMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > limitMs * 5) throw new Error(`not seen after ${limitMs * 5} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('two nodes on one PostgreSQL follow each other’s changes', () => {
  let cluster: PostgresCluster;
  let a: Node;
  let b: Node;
  const delays: Record<string, number> = {};
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const url = await cluster.createDatabase();
    // One after the other: the first creates the default project, the second finds it.
    a = await startNode(url);
    b = await startNode(url);
  });
  afterAll(async () => {
    console.log('cross-node delays (ms)', delays);
    for (const node of [a, b]) {
      await node?.signpost.close();
      if (node) rmSync(node.dataDir, { recursive: true, force: true });
    }
    await cluster?.stop();
  });

  it('serves a flag created on A from B, and stops serving it once A switches it off', async () => {
    const made = await call(a, 'POST', '/api/projects/@current/feature_flags/', {
      key: 'from-a',
      filters: { groups: [{ rollout_percentage: 100 }] },
    });
    expect(made.status).toBe(201);
    delays.flagCreated = await within(DEADLINE_MS, async () => (await flagsOf(b))['from-a'] === true);
    expect(delays.flagCreated).toBeLessThan(DEADLINE_MS);
    const off = await call(a, 'PATCH', `/api/projects/@current/feature_flags/${made.json.id}/`, {
      active: false,
    });
    expect(off.status).toBe(200);
    delays.flagSwitchedOff = await within(DEADLINE_MS, async () => (await flagsOf(b))['from-a'] !== true);
    expect(delays.flagSwitchedOff).toBeLessThan(DEADLINE_MS);
  });

  it('evaluates with a cohort as A last edited it', async () => {
    const cohort = await call(a, 'POST', '/api/projects/@current/cohorts/', {
      name: 'Plan holders',
      filters: {
        properties: {
          type: 'OR',
          values: [
            { type: 'AND', values: [{ key: 'plan', type: 'person', value: 'pro', operator: 'exact' }] },
          ],
        },
      },
    });
    expect(cohort.status).toBe(201);
    await within(
      DEADLINE_MS,
      async () => (await call(b, 'GET', `/api/projects/@current/cohorts/${cohort.json.id}/`)).status === 200,
    );
    const flag = await call(a, 'POST', '/api/projects/@current/feature_flags/', {
      key: 'plan-cohort',
      filters: {
        groups: [
          { properties: [{ key: 'id', type: 'cohort', value: cohort.json.id }], rollout_percentage: 100 },
        ],
      },
    });
    expect(flag.status).toBe(201);
    await within(DEADLINE_MS, async () => (await flagsOf(b, { plan: 'pro' }))['plan-cohort'] === true);
    const edited = await call(a, 'PATCH', `/api/projects/@current/cohorts/${cohort.json.id}/`, {
      filters: {
        properties: {
          type: 'OR',
          values: [
            {
              type: 'AND',
              values: [{ key: 'plan', type: 'person', value: 'enterprise', operator: 'exact' }],
            },
          ],
        },
      },
    });
    expect(edited.status).toBe(200);
    delays.cohortEdited = await within(DEADLINE_MS, async () => {
      const flags = await flagsOf(b, { plan: 'enterprise' });
      return flags['plan-cohort'] === true && (await flagsOf(b, { plan: 'pro' }))['plan-cohort'] === false;
    });
    expect(delays.cohortEdited).toBeLessThan(DEADLINE_MS);
  });

  it('refuses on B a project secret key revoked on A', async () => {
    const BASE = '/api/projects/@current/project_secret_api_keys/';
    const made = await call(a, 'POST', BASE, { label: 'app servers' });
    expect(made.status).toBe(201);
    const secret = String(made.json.value);
    const definitionsWith = async (key: string) =>
      (await b.signpost.app.request('/flags/definitions', { headers: { authorization: `Bearer ${key}` } }))
        .status;
    delays.secretKeyCreated = await within(DEADLINE_MS, async () => (await definitionsWith(secret)) === 200);
    expect((await call(a, 'DELETE', `${BASE}${made.json.id}/`)).status).toBe(204);
    delays.secretKeyRevoked = await within(DEADLINE_MS, async () => (await definitionsWith(secret)) === 401);
    expect(delays.secretKeyRevoked).toBeLessThan(DEADLINE_MS);
  });

  it('refuses on B a personal API key revoked on A', async () => {
    const made = await call(a, 'POST', '/api/personal_api_keys', { label: 'script' });
    expect(made.status).toBe(201);
    const secret = String(made.json.value);
    const status = async () => (await call(b, 'GET', '/api/projects/@current/', undefined, secret)).status;
    delays.personalKeyCreated = await within(DEADLINE_MS, async () => (await status()) === 200);
    expect((await call(a, 'DELETE', `/api/personal_api_keys/${made.json.id}`)).status).toBe(204);
    delays.personalKeyRevoked = await within(DEADLINE_MS, async () => (await status()) === 401);
    expect(delays.personalKeyRevoked).toBeLessThan(DEADLINE_MS);
  });

  it('serves on B a project and an environment created on A, by their public keys', async () => {
    const project = await call(a, 'POST', '/api/projects/', { name: 'Mobile app' });
    expect(project.status).toBe(201);
    const token = String(project.json.api_token);
    delays.projectCreated = await within(DEADLINE_MS, async () => {
      const listed = await call(b, 'GET', '/api/projects/');
      const names = (listed.json.results as { name: string }[]).map((p) => p.name);
      return names.includes('Mobile app');
    });
    expect(delays.projectCreated).toBeLessThan(DEADLINE_MS);
    // An unknown public key is refused; the new project's is answered (with no flags yet).
    expect(
      (
        await b.signpost.app.request('/flags/?v=2', {
          method: 'POST',
          body: JSON.stringify({ token, distinct_id: 'x' }),
        })
      ).status,
    ).toBe(200);
    const staging = await call(a, 'POST', '/api/projects/@current/environments/', { name: 'staging' });
    expect(staging.status).toBe(201);
    const stagingToken = String(staging.json.api_token);
    delays.environmentCreated = await within(DEADLINE_MS, async () => {
      const res = await b.signpost.app.request('/flags/?v=2', {
        method: 'POST',
        body: JSON.stringify({ token: stagingToken, distinct_id: 'x' }),
      });
      return res.status === 200;
    });
    expect(delays.environmentCreated).toBeLessThan(DEADLINE_MS);
  });

  it('keeps following after PostgreSQL restarts', async () => {
    await cluster.restart();
    // A's pool may still hold a connection the restart cut: a write answers 503 until it has a new one.
    let made: Awaited<ReturnType<typeof call>> | undefined;
    await within(10_000, async () => {
      made = await call(a, 'POST', '/api/projects/@current/feature_flags/', {
        key: 'after-restart',
        filters: { groups: [{ rollout_percentage: 100 }] },
      });
      return made.status === 201;
    });
    // B's feed reconnects with back-off (and resyncs); the change is served once it has.
    delays.afterRestart = await within(6_000, async () => (await flagsOf(b))['after-restart'] === true);
    expect(delays.afterRestart).toBeLessThan(6_000);
    const off = await call(a, 'PATCH', `/api/projects/@current/feature_flags/${made?.json.id}/`, {
      active: false,
    });
    expect(off.status).toBe(200);
    delays.afterReconnect = await within(
      DEADLINE_MS,
      async () => (await flagsOf(b))['after-restart'] !== true,
    );
    expect(delays.afterReconnect).toBeLessThan(DEADLINE_MS);
  });
});
