import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as data from './fake-posthog-data.ts';
import { type FlagOverrides, fakeFlagsAnswer } from './fake-posthog-flags.ts';

type Json = Record<string, unknown>;

export interface FakePosthogOptions {
  /** The most objects a list page holds, whatever `limit` asks (default 2, so every list has pages). */
  maxPageSize?: number;
  /** Seconds of Retry-After to answer 429 with, or null to serve; called for every request. */
  throttle?: (request: { method: string; path: string; n: number }) => number | null;
  /** Paths the personal key may not read (403), as a key without some scope. */
  forbidden?: RegExp;
}

export interface FakePosthog {
  url: string;
  /** Every request served, in order, with the status answered. */
  requests: { method: string; path: string; status: number }[];
  /** Forced `/flags` answers, to plant a disagreement. */
  overrides: FlagOverrides;
  close(): Promise<void>;
}

/**
 * A PostHog on loopback answering its private API (personal key, DRF limit/offset pages with absolute `next`
 * URLs, HogQL `/query/` with placeholders) and its public `/flags?v=2` (project token), over the data in
 * fake-posthog-data.ts.
 */
export async function startFakePosthog(options: FakePosthogOptions = {}): Promise<FakePosthog> {
  const maxPageSize = options.maxPageSize ?? 2;
  const requests: FakePosthog['requests'] = [];
  const overrides: FlagOverrides = new Map();
  let origin = '';

  const handle = async (req: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Json }> => {
    const url = new URL(req.url ?? '/', origin);
    const retryAfter = options.throttle?.({
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      n: requests.length,
    });
    if (retryAfter != null)
      return {
        status: 429,
        body: { detail: 'Request was throttled.' },
        headers: { 'retry-after': String(retryAfter) },
      };
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    if (url.pathname === '/flags' || url.pathname === '/flags/') {
      if (!isJson(body) || body.token !== data.FAKE_PROJECT.api_token) {
        return {
          status: 401,
          body: { type: 'authentication_error', code: 'invalid_api_key', detail: 'Project API key invalid.' },
        };
      }
      return { status: 200, body: fakeFlagsAnswer(dataset, String(body.distinct_id), overrides) };
    }
    const match = /^\/api\/projects\/(@current|\d+)\/(.*)$/.exec(url.pathname);
    if (!match) return { status: 404, body: { detail: 'Not found.' } };
    if (req.headers.authorization !== `Bearer ${data.FAKE_PERSONAL_KEY}`) {
      return {
        status: 401,
        body: {
          type: 'authentication_error',
          code: 'authentication_failed',
          detail: 'Personal API key found in request Authorization header is invalid.',
        },
      };
    }
    if (match[1] !== '@current' && Number(match[1]) !== data.FAKE_PROJECT.id) {
      return { status: 404, body: { detail: 'Not found.' } };
    }
    if (options.forbidden?.test(url.pathname)) {
      return {
        status: 403,
        body: {
          type: 'authentication_error',
          code: 'permission_denied',
          detail: "API key missing required scope 'experiment:read'",
        },
      };
    }
    const rest = match[2] ?? '';
    const page = (all: Json[]) => listPage(url, all, maxPageSize);
    switch (rest) {
      case '':
        return { status: 200, body: { ...data.FAKE_PROJECT, organization: 'org-1', timezone: 'UTC' } };
      case 'groups_types/':
        return { status: 200, body: data.GROUP_TYPES };
      case 'cohorts/':
        return { status: 200, body: page(data.COHORTS.filter((c) => c.deleted !== true)) };
      case 'feature_flags/':
        // PostHog's list leaves deleted flags out, as it does deleted cohorts.
        return { status: 200, body: page(data.FLAGS.filter((f) => f.deleted !== true)) };
      case 'insights/':
        return { status: 200, body: page(data.INSIGHTS) };
      case 'dashboards/':
        return { status: 200, body: page(data.DASHBOARDS.map(({ tiles: _tiles, ...basic }) => basic)) };
      case 'experiments/':
        return { status: 200, body: page(data.EXPERIMENTS) };
      case 'persons/':
        return { status: 200, body: page(data.PERSONS) };
      case 'query/':
        return queryAnswer(body);
    }
    const members = /^cohorts\/(\d+)\/persons\/$/.exec(rest);
    if (members) {
      const ids = data.STATIC_MEMBERS.get(Number(members[1])) ?? [];
      return { status: 200, body: page(data.PERSONS.filter((p) => ids.includes(Number(p.id)))) };
    }
    const dashboard = /^dashboards\/(\d+)\/$/.exec(rest);
    const found = dashboard && data.DASHBOARDS.find((d) => d.id === Number(dashboard[1]));
    if (found) return { status: 200, body: found };
    return { status: 404, body: { detail: 'Not found.' } };
  };

  const dataset = {
    flags: data.FLAGS,
    cohorts: data.COHORTS,
    persons: data.PERSONS,
    staticMembers: data.STATIC_MEMBERS,
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req).then(
      ({ status, body, headers }) => {
        requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', status });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      },
      (error: unknown) => {
        requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', status: 400 });
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ detail: String(error) }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    requests,
    overrides,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as unknown;
}

/** DRF's LimitOffsetPagination: `next` is an absolute URL, null on the last page. */
function listPage(url: URL, all: Json[], maxPageSize: number): Json {
  const limit = Math.min(Number(url.searchParams.get('limit') ?? 100) || 100, maxPageSize);
  const offset = Number(url.searchParams.get('offset') ?? 0) || 0;
  const link = (at: number) => {
    const next = new URL(url);
    next.searchParams.set('limit', String(limit));
    next.searchParams.set('offset', String(at));
    return next.toString();
  };
  return {
    count: all.length,
    next: offset + limit < all.length ? link(offset + limit) : null,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
    results: all.slice(offset, offset + limit),
  };
}

/**
 * The events query the source sends, answered from the fixture: the fake does not parse HogQL, it checks the
 * query reads `events` in (timestamp, uuid) order and applies the placeholders the way ClickHouse would.
 */
function queryAnswer(body: unknown): { status: number; body: unknown } {
  const query = isJson(body) && isJson(body.query) ? body.query : null;
  const text = typeof query?.query === 'string' ? query.query : '';
  const values = isJson(query?.values) ? query.values : {};
  if (query?.kind === 'HogQLQuery' && text === 'SELECT 1')
    return { status: 200, body: { columns: ['1'], results: [[1]] } };
  const at = (v: unknown) => Date.parse(String(v));
  if (
    query?.kind === 'HogQLQuery' &&
    text.startsWith('SELECT count() FROM events WHERE timestamp >= toDateTime({after})')
  ) {
    const count = data.EVENTS.filter(
      (e) => at(e.timestamp) >= at(values.after) && at(e.timestamp) < at(values.before),
    ).length;
    return { status: 200, body: { columns: ['count()'], results: [[count]] } };
  }
  const limit = Number(/LIMIT\s+(\d+)\s*$/.exec(text)?.[1]);
  if (
    query?.kind !== 'HogQLQuery' ||
    !/FROM events/.test(text) ||
    !/ORDER BY timestamp, toString\(uuid\)/.test(text) ||
    !limit
  ) {
    return { status: 400, body: { type: 'validation_error', detail: 'unexpected query' } };
  }
  const before = at(values.before);
  const afterTs = at(values.after_ts);
  const afterUuid = String(values.after_uuid ?? '');
  const rows = data.EVENTS.filter((e) => {
    const ts = at(e.timestamp);
    return ts < before && (ts > afterTs || (ts === afterTs && String(e.uuid) > afterUuid));
  })
    .sort((a, b) => at(a.timestamp) - at(b.timestamp) || (String(a.uuid) < String(b.uuid) ? -1 : 1))
    .slice(0, limit)
    .map((e) => [e.uuid, e.event, e.distinct_id, JSON.stringify(e.properties), e.timestamp]);
  return {
    status: 200,
    body: {
      columns: ['toString(uuid)', 'event', 'distinct_id', 'properties', 'timestamp'],
      types: [
        ['toString(uuid)', 'String'],
        ['event', 'String'],
        ['distinct_id', 'String'],
        ['properties', 'String'],
        ['timestamp', "DateTime64(6, 'UTC')"],
      ],
      results: rows,
      hasMore: rows.length === limit,
      limit,
      offset: 0,
    },
  };
}
