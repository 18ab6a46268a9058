/** Serves the workload's flag definitions to both SDKs and counts every other request (expected: none). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { posthogDefinitions } from '../flags/workload.ts';

export interface DefinitionsServer {
  url: string;
  definitionFetches(): number;
  otherRequests(): string[];
  close(): Promise<void>;
}

export async function startDefinitionsServer(): Promise<DefinitionsServer> {
  const body = JSON.stringify(posthogDefinitions);
  let fetches = 0;
  const other: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    req.resume();
    if (url.startsWith('/flags/definitions') || url.startsWith('/api/feature_flag/local_evaluation')) {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json', etag: '"bench-1"' });
      res.end(body);
      return;
    }
    other.push(`${req.method} ${url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":1}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    definitionFetches: () => fetches,
    otherRequests: () => other,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
