import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDuckDbStorage } from '../storage/duckdb/duckdb-storage.ts';
import { apiClient } from '../testing/api-client.ts';
import { headerOf, WebhookReceiver } from './webhook-receiver.test-kit.ts';
import { startSignpost } from './webhook-signpost.test-kit.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('sends after a restart the delivery that was still pending when DuckDB closed', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-webhook-restart-'));
  dirs.push(dataDir);
  // The receiver is down during the first run: the attempt fails and the retry is set for a minute later.
  const receiver = await new WebhookReceiver().start();
  const url = receiver.url;
  await receiver.stop();
  const first = await startSignpost(await openDuckDbStorage(dataDir), { retryDelaysMs: [60_000] });
  const api = apiClient(first);
  const hook = await api.post('/api/projects/@current/webhooks/', { url, events: ['flag.changed'] });
  const id = String(hook.json.id);
  await api.post('/api/projects/@current/feature_flags/', { key: 'survives-restart' });
  const log = async () =>
    (await api.get(`/api/projects/@current/webhooks/${id}/deliveries/`)).json.results as {
      attempts: number;
    }[];
  for (let i = 0; i < 100 && (await log())[0]?.attempts !== 1; i++)
    await new Promise((r) => setTimeout(r, 20));
  expect((await log())[0]).toMatchObject({ status: 'pending', attempts: 1, response_status: null });
  await first.close();

  // The receiver is back on the same port; the second run starts a minute and a bit later.
  const back = new WebhookReceiver();
  back.secret = String(hook.json.secret);
  await back.start(Number(new URL(url).port));
  const second = await startSignpost(await openDuckDbStorage(dataDir), {
    now: () => new Date(Date.now() + 61_000),
  });
  try {
    back.now = () => new Date(Date.now() + 61_000);
    const [received] = await back.waitFor(1);
    expect(received?.verdict).toBe('ok');
    expect(JSON.parse(received?.body ?? '{}').data.flag.key).toBe('survives-restart');
    const delivered = await apiClient(second).get(`/api/projects/@current/webhooks/${id}/deliveries/`);
    expect(headerOf(received!, 'x-signpost-delivery')).toBe(
      (delivered.json.results as { id: string }[])[0]?.id,
    );
  } finally {
    await back.stop();
    await second.close();
  }
});
