/**
 * One HTTP call to a Signpost of any release, answered as parsed JSON (`null` for an empty body); a non-2xx
 * answer throws with its body, so a fixture is never built on a silently refused write. Public SDK paths
 * (`/batch`, `/flags`) carry their key in the body; everything under `/api` is sent with the personal key.
 */
export type ApiCall = (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) => Promise<unknown>;

/** Anything that answers a `Request` the way `fetch` does: a socket (`fetch`) or Hono's `app.request`. */
export type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

export function apiCall(fetcher: Fetcher, baseUrl: string, personalKey: string): ApiCall {
  return async (method, path, body) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (path.startsWith('/api/')) headers.authorization = `Bearer ${personalKey}`;
    const response = await fetcher(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return text === '' ? null : (JSON.parse(text) as unknown);
  };
}

/** Narrows an answer to an object (what every JSON resource here is), failing loudly otherwise. */
export function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${what}: expected a JSON object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

export function asList(value: unknown, what: string): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw new Error(`${what}: expected a JSON array, got ${JSON.stringify(value)}`);
  return value.map((v, i) => asRecord(v, `${what}[${i}]`));
}

/** Every row of a paged list (`{results, next}`), walked with limit/offset. */
export async function allPages(call: ApiCall, path: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  const joiner = path.includes('?') ? '&' : '?';
  for (let offset = 0; ; offset += 1000) {
    const page = asList(
      asRecord(await call('GET', `${path}${joiner}limit=1000&offset=${offset}`), path).results,
      path,
    );
    rows.push(...page);
    if (page.length < 1000) return rows;
  }
}
