import type { Signpost } from '../server.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';

// Test support for the activity-log suites: JSON over `app.request()` with the personal key and optional
// extra headers (the reason note), and reads of the log and of `/flags`.

export const API = '/api/projects/@current';

export interface LoggedChange {
  type: string;
  action: string;
  field: string;
  before: unknown;
  after: unknown;
}

export interface LoggedEntry {
  id: string;
  activity: string;
  scope: string;
  item_id: string;
  created_at: string;
  user: { id: string | null; first_name: string; email: string | null };
  actor: { kind: string; id: string | null; name: string };
  revertable: boolean;
  detail: { name: string | null; changes: LoggedChange[]; reason: string | null; revert_of: string | null };
}

export interface Answer {
  status: number;
  text: string;
  json: Record<string, unknown> & { id: number };
}

export function client(signpost: Signpost) {
  const send = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> => {
    const response = await signpost.app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${TEST_PERSONAL_KEY}`,
        'content-type': 'application/json',
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, json: text ? JSON.parse(text) : null };
  };
  return {
    send,
    get: (path: string) => send('GET', path),
    post: (path: string, body: unknown, headers?: Record<string, string>) =>
      send('POST', path, body, headers),
    patch: (path: string, body: unknown, headers?: Record<string, string>) =>
      send('PATCH', path, body, headers),
    delete: (path: string, headers?: Record<string, string>) => send('DELETE', path, undefined, headers),
    /** One page of the project's log, newest first. */
    async log(query = ''): Promise<{ results: LoggedEntry[]; next: string | null }> {
      const answer = await send('GET', `${API}/activity_log/${query}`);
      if (answer.status !== 200) throw new Error(`activity_log${query} → ${answer.status} ${answer.text}`);
      return answer.json as unknown as { results: LoggedEntry[]; next: string | null };
    },
    /** Whether `/flags` turns this flag on for this user, as an SDK would ask. */
    async flagEnabled(key: string, distinctId: string): Promise<boolean | undefined> {
      const res = await signpost.app.request('/flags/?v=2', {
        method: 'POST',
        body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: distinctId }),
      });
      return ((await res.json()) as { flags: Record<string, { enabled: boolean }> }).flags[key]?.enabled;
    },
  };
}

export const rollout = (pct: number) => ({ groups: [{ properties: [], rollout_percentage: pct }] });

export const field = (e: LoggedEntry | undefined, name: string) =>
  e?.detail.changes.find((c) => c.field === name);
