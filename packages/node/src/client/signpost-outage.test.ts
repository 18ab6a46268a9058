import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  type SdkTestServer,
  startSdkTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
} from '../test-support/sdk-test-server.ts';
import type { SignpostError } from './sdk-error.ts';
import { Signpost } from './signpost.ts';

// Signpost goes away and comes back (same port, same data folder): flags answer their defaults within the
// timeout, events wait in the bounded queue and arrive after the restart.

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const clients: Signpost[] = [];
let server: SdkTestServer | undefined;

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown(100)));
});
afterAll(async () => {
  await server?.stop();
});

function client(host: string, options: ConstructorParameters<typeof Signpost>[1] = {}) {
  const errors: SignpostError[] = [];
  const signpost = new Signpost(TEST_PROJECT_KEY, {
    host,
    flushAt: 1_000,
    onError: (e) => errors.push(e),
    ...options,
  });
  clients.push(signpost);
  return { signpost, errors };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

/** A port that accepts connections and never answers: the worst kind of outage for a flag read. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const tcp: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const port = (tcp.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        tcp.close(() => resolve());
      }),
  };
}

describe('outage', () => {
  it('keeps events through a restart on the same port and data, answers defaults meanwhile', async () => {
    server = await startSdkTestServer();
    const { port, dataDir } = server;
    await server.createFlag({ key: 'outage-flag', filters: { groups: [{ rollout_percentage: 100 }] } });
    const remote = client(server.url, { flushIntervalMs: 200, requestTimeoutMs: 1_000, maxRetries: 1 });
    const local = client(server.url, { personalApiKey: TEST_PERSONAL_KEY, requestTimeoutMs: 1_000 });
    const id = unique('outage');

    expect(await remote.signpost.getFeatureFlag(id, 'outage-flag', { default: 'fallback' })).toBe(true);
    expect(await local.signpost.getFeatureFlag(id, 'outage-flag', { default: 'fallback' })).toBe(true);
    remote.signpost.capture({ distinctId: id, event: 'before.outage' });
    await remote.signpost.flush();

    await server.stop({ keepData: true });
    server = undefined;

    // Remote evaluation: the default, at once (connection refused), never an exception.
    const flag = await timed(() =>
      remote.signpost.getFeatureFlag(id, 'outage-flag', { default: 'fallback' }),
    );
    expect(flag.value).toBe('fallback');
    expect(flag.ms).toBeLessThan(1_000);
    expect(await remote.signpost.isFeatureEnabled(id, 'outage-flag', { default: true })).toBe(true);
    expect(await remote.signpost.getFeatureFlag(id, 'outage-flag')).toBeUndefined();
    expect(await remote.signpost.getAllFlags(id)).toEqual({});
    expect(remote.errors.some((e) => e.code === 'NETWORK_ERROR')).toBe(true);
    // Local evaluation carries on with the last definitions it fetched.
    expect(await local.signpost.getFeatureFlag(id, 'outage-flag', { default: 'fallback' })).toBe(true);

    for (let i = 0; i < 5; i++)
      remote.signpost.capture({ distinctId: id, event: 'during.outage', properties: { i } });
    await remote.signpost.flush();
    expect(remote.signpost.stats()).toMatchObject({ queued: 5, dropped: 0 });
    expect(remote.signpost.stats().failedRequests).toBeGreaterThanOrEqual(2);

    server = await startSdkTestServer({ port, dataDir });
    // No flush: the client's own interval notices the server is back.
    const delivered = await server.waitForEvents({ event: 'during.outage', distinct_id: id }, 5, 10_000);
    expect(delivered.map((e) => e.properties.i).sort()).toEqual([0, 1, 2, 3, 4]);
    // The server may show the events before its answer reaches the client: let the send finish.
    await remote.signpost.flush();
    // 5 + before.outage + the $feature_flag_called of the first read.
    expect(remote.signpost.stats()).toMatchObject({ queued: 0, dropped: 0, sent: 7 });
    // Same data folder: what was stored before the outage is still there.
    expect(await server.events({ event: 'before.outage', distinct_id: id })).toHaveLength(1);
    expect(await remote.signpost.getFeatureFlag(id, 'outage-flag', { default: 'fallback' })).toBe(true);
  });

  it('answers the default within requestTimeoutMs when the server accepts but never answers', async () => {
    const silent = await silentServer();
    try {
      const { signpost, errors } = client(silent.url, { requestTimeoutMs: 300 });
      const flag = await timed(() => signpost.getFeatureFlag('u', 'any', { default: true }));
      expect(flag.value).toBe(true);
      expect(flag.ms).toBeGreaterThanOrEqual(250);
      expect(flag.ms).toBeLessThan(800);
      expect(errors.map((e) => e.code)).toContain('TIMEOUT');
      expect(await signpost.getFeatureFlagPayload('u', 'any')).toBeUndefined();

      // With local evaluation the whole read (waiting for definitions, then /flags) shares the one deadline.
      const withLocal = client(silent.url, { requestTimeoutMs: 300, personalApiKey: TEST_PERSONAL_KEY });
      const localFlag = await timed(() => withLocal.signpost.getFeatureFlag('u', 'any', { default: 'off' }));
      expect(localFlag.value).toBe('off');
      expect(localFlag.ms).toBeLessThan(800);
    } finally {
      await silent.close();
    }
  });

  it('bounds the queue while unreachable: the oldest events are dropped and counted', async () => {
    const silent = await silentServer();
    const port = Number(new URL(silent.url).port);
    await silent.close();
    // Nothing listens on `port` now.
    const { signpost, errors } = client(`http://127.0.0.1:${port}`, {
      maxQueueSize: 5,
      flushIntervalMs: 50,
      retryBaseDelayMs: 10,
      maxRetries: 0,
    });
    const id = unique('bounded');
    for (let i = 0; i < 12; i++) signpost.capture({ distinctId: id, event: 'bounded', properties: { i } });
    expect(signpost.stats()).toMatchObject({ queued: 5, dropped: 7 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(errors.find((e) => e.code === 'EVENTS_DROPPED')?.message).toMatch(/^7 events dropped/);

    server = await startSdkTestServer({ port });
    const delivered = await server.waitForEvents({ event: 'bounded', distinct_id: id }, 5, 10_000);
    expect(delivered.map((e) => e.properties.i).sort((a, b) => Number(a) - Number(b))).toEqual([
      7, 8, 9, 10, 11,
    ]);
    await signpost.flush();
    expect(signpost.stats()).toMatchObject({ queued: 0, dropped: 7, sent: 5 });
    await server.stop();
    server = undefined;
  });

  it('shutdown gives up after its timeout, counting what it could not send', async () => {
    const silent = await silentServer();
    try {
      const { signpost, errors } = client(silent.url, { batchTimeoutMs: 5_000 });
      signpost.capture({ distinctId: 'u', event: 'stuck' });
      const took = await timed(() => signpost.shutdown(300));
      expect(took.ms).toBeLessThan(1_000);
      expect(signpost.stats()).toMatchObject({ queued: 0, dropped: 1, sent: 0 });
      expect(errors.map((e) => e.code)).toContain('EVENTS_DROPPED');
    } finally {
      await silent.close();
    }
  });
});
