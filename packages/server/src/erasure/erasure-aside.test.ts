import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';
import { erasureClient, expectNoTrace } from './erasure-scenario.test-kit.ts';
import type { PersonEraser } from './person-eraser.ts';

// On DuckDB the long scan of a person's events runs beside the single writer, before the exclusive section;
// what arrives between the two parts must go as well: a new event of a known id (the short second pass) and a
// distinct id merged in meanwhile (its older events: a full second pass).

describe('erasure with the event scan beside the writer (DuckDB)', () => {
  let server: TestServer;
  let api: ReturnType<typeof erasureClient>;
  /** Runs once, after the scan beside the writer and before the exclusive part. */
  let between: (() => Promise<void>) | undefined;
  let asideRuns = 0;

  const send = async (batch: { event: string; distinct_id: string; properties?: object }[]) => {
    const res = await fetch(`${server.url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: TEST_PROJECT_KEY, batch }),
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    server = await startTestServer({ storage: 'duckdb' });
    api = erasureClient({
      url: server.url,
      projectKey: TEST_PROJECT_KEY,
      personalKey: TEST_PERSONAL_KEY,
      analytics: true,
    });
    const eraser: PersonEraser = server.signpost.storage.eraser;
    const aside = eraser.deleteEventsAside?.bind(eraser);
    if (!aside) throw new Error('the DuckDB eraser deletes events aside');
    eraser.deleteEventsAside = async (plan) => {
      const done = await aside(plan);
      asideRuns += 1;
      const hook = between;
      between = undefined;
      await hook?.();
      return done;
    };
  });
  afterAll(() => server?.stop());

  it('erases an event committed between the scan and the exclusive part', async () => {
    const user = `late-${randomUUID()}`;
    const bystander = `bystander-${randomUUID()}`;
    await send([
      { event: 'page', distinct_id: user, properties: { $set: { email: user } } },
      { event: 'page', distinct_id: user },
      { event: 'page', distinct_id: bystander },
    ]);
    between = () => send([{ event: 'late page', distinct_id: user }]);
    const runs = asideRuns;
    const record = await api.ok<{ counts: Record<string, number> }>(
      'DELETE',
      `/persons/?${new URLSearchParams({ distinct_id: user })}`,
    );
    expect(asideRuns).toBe(runs + 1);
    expect(record.counts.events).toBe(3);
    await expectNoTrace(
      { url: server.url, projectKey: TEST_PROJECT_KEY, personalKey: TEST_PERSONAL_KEY, analytics: true },
      [user],
    );
    expect((await api.events({ distinct_id: bystander })).length).toBe(1);
  });

  it('erases the older events of a distinct id merged in between', async () => {
    const user = `merged-${randomUUID()}`;
    const anon = `anon-${randomUUID()}`;
    await send([{ event: 'page', distinct_id: user, properties: { $set: { email: user } } }]);
    // The anonymous id's events predate the erasure's scan but belong to the person only after the merge.
    await send([
      { event: 'page', distinct_id: anon },
      { event: 'page', distinct_id: anon },
    ]);
    between = () =>
      send([{ event: '$identify', distinct_id: user, properties: { $anon_distinct_id: anon } }]);
    const record = await api.ok<{ counts: Record<string, number> }>(
      'DELETE',
      `/persons/?${new URLSearchParams({ distinct_id: user })}`,
    );
    expect(record.counts.events).toBe(4);
    await expectNoTrace(
      { url: server.url, projectKey: TEST_PROJECT_KEY, personalKey: TEST_PERSONAL_KEY, analytics: true },
      [user, anon],
    );
  });
});
