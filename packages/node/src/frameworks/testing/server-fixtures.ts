import { type AddressInfo, createServer, type Socket } from 'node:net';
import { TEST_PERSONAL_KEY, type TestServer } from '../../../../server/src/testing/test-server.ts';

// Shared by the integration tests of this package's framework, codegen, telemetry and OpenFeature code.

export async function adminRequest<T>(
  server: TestServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export function createFlag(
  server: TestServer,
  flag: Record<string, unknown>,
): Promise<{ id: number; key: string }> {
  return adminRequest(server, 'POST', '/api/projects/@current/feature_flags/', flag);
}

export function deleteFlag(server: TestServer, id: number): Promise<void> {
  return adminRequest(server, 'DELETE', `/api/projects/@current/feature_flags/${id}/`);
}

export interface StoredEventJson {
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
  timestamp: string;
}

export async function eventsNamed(server: TestServer, event: string): Promise<StoredEventJson[]> {
  const page = await server.api<{ results: StoredEventJson[] }>(
    `/api/projects/@current/events/?event=${encodeURIComponent(event)}&limit=1000`,
  );
  return page.results;
}

/** Polls until `check` returns a value (events are written asynchronously after the SDK's flush). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A host that accepts connections and never answers: what a hung Signpost looks like to a client. */
export async function startSilentHost(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
