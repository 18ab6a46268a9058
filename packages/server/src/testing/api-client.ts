import type { Signpost } from '../server.ts';
import { TEST_PERSONAL_KEY } from './test-server.ts';

/** JSON requests on the management API with the personal key, for in-process tests. */
export function apiClient(signpost: Signpost) {
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await signpost.app.request(path, {
      method,
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      json: (text ? JSON.parse(text) : null) as Record<string, unknown> & { id: number },
    };
  };
  return {
    get: (path: string) => send('GET', path),
    post: (path: string, body: unknown) => send('POST', path, body),
    patch: (path: string, body: unknown) => send('PATCH', path, body),
    delete: (path: string) => send('DELETE', path),
  };
}
