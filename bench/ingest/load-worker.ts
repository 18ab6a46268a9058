import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { BATCH_SIZE, batchBody, makeBatch } from './events.ts';

/**
 * Load generator, run as a forked child process so its CPU is not the server's. It pre-builds and pre-gzips
 * a pool of `/batch/` bodies (every event with its own uuid), then keeps `connections` keep-alive requests in
 * flight for the warm-up plus the measured time. If the pool runs out it builds more on the fly and says so.
 */

export interface WorkerStart {
  type: 'start';
  url: string;
  /** When set, requests go to these in turn (a round-robin load balancer) instead of `url` alone. */
  urls?: string[];
  apiKey: string;
  connections: number;
  poolBatches: number;
}

export interface WorkerGo {
  type: 'go';
  warmupSeconds: number;
  seconds: number;
}

export interface WorkerReady {
  type: 'ready';
  generateMs: number;
  poolBytes: number;
  rawBytesPerEvent: number;
}

export interface WorkerDone {
  type: 'done';
  /** Events acknowledged in the measured window (after warm-up). */
  measuredEvents: number;
  measuredRequests: number;
  measuredMs: number;
  /** Events acknowledged in total (warm-up included), i.e. what the server stored. */
  totalEvents: number;
  errors: number;
  firstError: string | undefined;
  /** Request latencies in the measured window, ms. */
  latencies: number[];
  liveBatches: number;
  cpuMs: number;
}

export type WorkerMessage = WorkerReady | WorkerDone;

/** Resolves once the message is handed to the IPC channel, so disconnecting after it cannot drop it. */
function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

let start: WorkerStart | undefined;
const pool: Buffer[] = [];
let next = 0;
let liveBatches = 0;

function buildBatch(apiKey: string): Buffer {
  const now = Date.now();
  return gzipSync(batchBody(apiKey, makeBatch(BATCH_SIZE, now), new Date(now).toISOString()));
}

function nextBody(apiKey: string): Buffer {
  const body = pool[next];
  if (body) {
    pool[next] = Buffer.alloc(0); // never reuse: each uuid is sent once
    next += 1;
    return body;
  }
  liveBatches += 1;
  return buildBatch(apiKey);
}

function post(agent: http.Agent, url: URL, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: '/batch/',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'content-length': body.length,
          'user-agent': 'posthog-node/5.70.0',
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function run(go: WorkerGo): Promise<void> {
  if (!start) throw new Error('go before start');
  const { apiKey, connections } = start;
  const targets = (start.urls ?? [start.url]).map((u) => new URL(u));
  let turn = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  const measureFrom = t0 + go.warmupSeconds * 1000;
  const endAt = measureFrom + go.seconds * 1000;
  const latencies: number[] = [];
  let measuredEvents = 0;
  let measuredRequests = 0;
  let totalEvents = 0;
  let errors = 0;
  let firstError: string | undefined;

  const loop = async () => {
    while (performance.now() < endAt) {
      const body = nextBody(apiKey);
      const sent = performance.now();
      try {
        const url = targets[turn++ % targets.length] as URL;
        const { status, text } = await post(agent, url, body);
        const done = performance.now();
        if (status !== 200 || text !== '{"status":1}') {
          errors += 1;
          firstError ??= `${status} ${text.slice(0, 200)}`;
          continue;
        }
        totalEvents += BATCH_SIZE;
        if (sent >= measureFrom && done <= endAt) {
          measuredEvents += BATCH_SIZE;
          measuredRequests += 1;
          latencies.push(done - sent);
        }
      } catch (error) {
        errors += 1;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  await send({
    type: 'done',
    measuredEvents,
    measuredRequests,
    measuredMs: Math.min(performance.now(), endAt) - measureFrom,
    totalEvents,
    errors,
    firstError,
    latencies,
    liveBatches,
    cpuMs: (cpu.user + cpu.system) / 1000,
  });
}

process.on('message', (message: WorkerStart | WorkerGo) => {
  if (message.type === 'start') {
    start = message;
    const t = performance.now();
    let bytes = 0;
    let raw = 0;
    const now = Date.now();
    for (let i = 0; i < message.poolBatches; i++) {
      const json = batchBody(message.apiKey, makeBatch(BATCH_SIZE, now), new Date(now).toISOString());
      raw += json.length;
      const body = gzipSync(json, { level: 6 });
      bytes += body.length;
      pool.push(body);
    }
    void send({
      type: 'ready',
      generateMs: performance.now() - t,
      poolBytes: bytes,
      rawBytesPerEvent: raw / Math.max(1, message.poolBatches * BATCH_SIZE),
    });
  } else {
    void run(message).then(() => process.disconnect());
  }
});
