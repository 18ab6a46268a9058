import { gzipSync } from 'node:zlib';
import { BATCH_SIZE, batchBody, USERS, userId, uuidv7, type WireEvent } from '../ingest/events.ts';

/**
 * One event for each of bench/ingest's 10,000 users, before the measured load, so every target is measured in
 * the steady state of a running product (persons known) rather than while it creates them. The DuckDB server
 * is through that phase in a fraction of a second; a distributed node at a few thousand events/s would spend
 * the whole short run in it, with two nodes racing to create the same persons.
 * Returns how many events were acknowledged.
 */
export async function primeUsers(urls: string[], apiKey: string): Promise<number> {
  const now = Date.now();
  const bodies: Buffer[] = [];
  for (let from = 0; from < USERS; from += BATCH_SIZE) {
    const batch: WireEvent[] = [];
    for (let n = from; n < Math.min(USERS, from + BATCH_SIZE); n++)
      batch.push({
        event: 'app opened',
        properties: { $lib: 'posthog-node', $lib_version: '5.70.0' },
        timestamp: new Date(now).toISOString(),
        uuid: uuidv7(now),
        distinct_id: userId(n),
      });
    bodies.push(gzipSync(batchBody(apiKey, batch, new Date(now).toISOString())));
  }
  let acknowledged = 0;
  let next = 0;
  const sender = async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      const response = await fetch(`${urls[i % urls.length]}/batch/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: new Uint8Array(bodies[i] ?? []),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`priming /batch/ → ${response.status} ${text}`);
      acknowledged += BATCH_SIZE;
    }
  };
  await Promise.all(Array.from({ length: 8 }, sender));
  return acknowledged;
}
