/**
 * The load side of bench/lifecycle, in its own process so its JSON building never competes with the server's
 * main thread: SENDERS loops posting 100-event batches to /batch/ and one loop timing /flags. It prints
 * `a <epoch ms> <events acknowledged so far>` every 100 ms and `f <epoch ms> <latency ms>` per /flags answer.
 *
 *   node --import tsx bench/lifecycle/load.ts <url> <phc key> [senders]
 */
import { randomUUID } from 'node:crypto';

const [url, key, sendersArg] = process.argv.slice(2);
if (!url || !key) throw new Error('usage: load.ts <url> <phc key> [senders]');
const SENDERS = Number(sendersArg ?? 4);
const BATCH = 100;
let acked = 0;
let stop = false;
process.on('SIGTERM', () => {
  stop = true;
});

async function capture(sender: number): Promise<void> {
  let n = 0;
  while (!stop) {
    const batch = Array.from({ length: BATCH }, () => ({
      uuid: randomUUID(),
      event: 'bench.load',
      distinct_id: `load-${sender}-${n++ % 2_000}`,
      properties: { $lib: 'posthog-node', n },
    }));
    try {
      const res = await fetch(`${url}/batch/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: key, batch }),
      });
      await res.arrayBuffer();
      if (res.status === 200) acked += BATCH;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function flags(): Promise<void> {
  let n = 0;
  while (!stop) {
    const started = performance.now();
    try {
      const res = await fetch(`${url}/flags/?v=2`, {
        method: 'POST',
        body: JSON.stringify({ token: key, distinct_id: `load-0-${n++ % 2_000}` }),
      });
      await res.arrayBuffer();
      process.stdout.write(`f ${Date.now()} ${(performance.now() - started).toFixed(2)}\n`);
    } catch {
      // the server is going away
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ticker = setInterval(() => process.stdout.write(`a ${Date.now()} ${acked}\n`), 100);
await Promise.all([...Array.from({ length: SENDERS }, (_, i) => capture(i)), flags()]);
clearInterval(ticker);
process.stdout.write(`a ${Date.now()} ${acked}\n`);
