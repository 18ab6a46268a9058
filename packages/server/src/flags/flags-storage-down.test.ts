import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import type { Person } from '../persons/person.ts';
import { MemoryStorage } from '../storage/memory/memory-storage.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';

// Distributed mode keeps identities in PostgreSQL. While it is down, /flags must keep answering from memory:
// flags that only bucket on the distinct id stay right; those reading stored properties say they could not be
// computed (errorsWhileComputingFlags), so SDKs keep their previous values instead of switching features off.

class FlakyIdentities extends MemoryStorage {
  down = false;
  override findPersonsByDistinctIds(projectId: number, ids: string[]): Promise<Person[]> {
    if (this.down) return Promise.reject(new AppError('STORAGE_UNAVAILABLE', 'PostgreSQL is unavailable'));
    return super.findPersonsByDistinctIds(projectId, ids);
  }
}

describe('/flags while identity storage is down', () => {
  let server: InProcess;
  let storage: FlakyIdentities;
  beforeAll(async () => {
    storage = new FlakyIdentities();
    // A person stored before this node started: known to exist, not cached, so /flags must read it.
    const ann: Person = {
      id: '00000000-0000-4000-8000-000000000001',
      projectId: 1,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      properties: { plan: 'pro' },
      isIdentified: true,
      version: 0,
      distinctIds: ['ann'],
    };
    await storage.commit({
      events: [],
      persons: [{ person: ann, deleted: false }],
      distinctIds: [{ projectId: 1, distinctId: 'ann', personId: ann.id, version: 1 }],
      groups: [],
      groupTypes: [],
    });
    server = await inProcess('memory', {}, undefined, () => storage);
    const create = (body: unknown) =>
      server.signpost.app.request('/api/projects/@current/feature_flags/', {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(
      (await create({ key: 'everyone', filters: { groups: [{ rollout_percentage: 100 }] } })).status,
    ).toBe(201);
    const pro = {
      key: 'pro-only',
      filters: {
        groups: [{ properties: [{ key: 'plan', value: 'pro', type: 'person' }], rollout_percentage: 100 }],
      },
    };
    expect((await create(pro)).status).toBe(201);
  });
  afterAll(() => server.stop());

  const flags = async (distinctId: string) => {
    const response = await server.signpost.app.request('/flags/?v=2', {
      method: 'POST',
      body: JSON.stringify({ api_key: TEST_PROJECT_KEY, distinct_id: distinctId }),
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        errorsWhileComputingFlags: boolean;
        flags: Record<string, { enabled: boolean; failed?: boolean }>;
      },
    };
  };

  it('answers 200, right on rollout-only flags, and marks property flags as not computed', async () => {
    storage.down = true;
    const { status, body } = await flags('ann');
    expect(status).toBe(200);
    expect(body.errorsWhileComputingFlags).toBe(true);
    expect(body.flags.everyone?.enabled).toBe(true);
    expect(body.flags['pro-only']?.failed).toBe(true);
  });

  it('computes everything again once storage is back', async () => {
    storage.down = false;
    const { body } = await flags('ann');
    expect(body.errorsWhileComputingFlags).toBe(false);
    expect(body.flags['pro-only']?.enabled).toBe(true);
  });
});
