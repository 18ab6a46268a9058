import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SdkTestServer,
  startSdkTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
} from '../test-support/sdk-test-server.ts';
import { SignpostError } from './sdk-error.ts';
import { Signpost } from './signpost.ts';

// forget() against a real Signpost: the person and its events are gone, and the record says how many rows went.

let server: SdkTestServer;
beforeAll(async () => {
  server = await startSdkTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const events = async (distinctId: string) =>
  (
    await server.api<{ results: unknown[] }>(
      'GET',
      `/api/projects/@current/events/?${new URLSearchParams({ distinct_id: distinctId })}`,
    )
  ).results;

describe('Signpost.forget', () => {
  it('erases the person, sending what was still queued first, and answers the erasure record', async () => {
    const signpost = new Signpost(TEST_PROJECT_KEY, {
      host: server.url,
      personalApiKey: TEST_PERSONAL_KEY,
      flushAt: 1_000,
    });
    const distinctId = `forget-${randomUUID()}`;
    signpost.capture({ distinctId, event: 'page' });
    signpost.capture({ distinctId, event: 'page' });
    const record = await signpost.forget(distinctId);
    expect(record).toMatchObject({ mode: 'erase', counts: { events: 2, person_distinct_ids: 1 } });
    expect(await events(distinctId)).toEqual([]);
    const again = await signpost.forget(distinctId).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(SignpostError);
    expect(again).toMatchObject({ code: 'HTTP_ERROR', status: 404 });
    await signpost.shutdown();
  });

  it('refuses without a personal key, before any request', async () => {
    const signpost = new Signpost(TEST_PROJECT_KEY, { host: server.url });
    await expect(signpost.forget('anyone')).rejects.toMatchObject({ code: 'INVALID_PERSONAL_API_KEY' });
    await signpost.shutdown();
  });
});
