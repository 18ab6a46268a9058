/** A `/batch/` endpoint that takes 2 s to answer: the slow analytics server capture() must not suffer from. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface SlowBatchServer {
  url: string;
  /** Events received in request bodies so far (counted on arrival, before the delayed answer). */
  received(): number;
  requests(): number;
  close(): Promise<void>;
}

export async function startSlowBatchServer(delayMs = 2_000): Promise<SlowBatchServer> {
  let events = 0;
  let requests = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests++;
      let body = Buffer.concat(chunks);
      // Both SDKs gzip: Signpost with Content-Encoding, posthog-node may flag it in the query string instead.
      if (body[0] === 0x1f && body[1] === 0x8b) body = gunzipSync(body);
      try {
        const parsed = JSON.parse(body.toString('utf8')) as { batch?: unknown[] };
        events += parsed.batch?.length ?? 0;
      } catch {
        // Not a batch: still answered slowly.
      }
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":1}');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => events,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
