import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErasureRecord } from '../../erasure/erasure.ts';
import type { StateStorage } from '../postgres/postgres-storage.ts';
import { at, stateEngines } from './state-engines.test-kit.ts';

const record = (id: string, projectId: number, createdAt: string): ErasureRecord => ({
  id,
  projectId,
  mode: 'anonymise',
  requestedBy: 'ana@example.com (phx_…ü)',
  createdAt: at(createdAt),
  counts: { events: 12, persons: 1, person_distinct_ids: 2, cohort_static_members: 0 },
});

describe.each(stateEngines())('ErasureStore on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(() => s.close());

  it('lists an environment’s records newest first, paged, with their counts', async () => {
    const a = record('a', 1, '2026-01-01T00:00:00.001Z');
    const b = record('b', 1, '2026-01-02T00:00:00.000Z');
    const other = record('c', 2, '2026-01-03T00:00:00.000Z');
    for (const r of [a, b, other]) await s.erasures.add(r);
    expect(await s.erasures.list(1, 10, 0)).toEqual([b, a]);
    expect(await s.erasures.list(1, 1, 1)).toEqual([a]);
    expect(await s.erasures.list(2, 10, 0)).toEqual([other]);
    expect(await s.erasures.list(3, 10, 0)).toEqual([]);
  });

  it('makes one token secret and answers it ever after, also to callers racing for it', async () => {
    const secrets = await Promise.all([s.erasures.tokenSecret(), s.erasures.tokenSecret()]);
    const again = await s.erasures.tokenSecret();
    expect(secrets[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set([...secrets, again]).size).toBe(1);
  });
});
