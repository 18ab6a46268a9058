import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../testing/api-client.ts';
import { type InProcess, inProcess, STORAGE_KINDS } from '../testing/in-process.ts';
import { TEST_PROJECT_KEY } from '../testing/test-server.ts';

const EVENTS = '/api/projects/@current/event_definitions/';
const PROPERTIES = '/api/projects/@current/property_definitions/';

type Page<T> = { count: number; next: string | null; previous: string | null; results: T[] };
type EventJson = { id: string; name: string; volume: number; created_at: string; last_seen_at: string };
type PropertyJson = {
  id: string;
  name: string;
  type: number;
  group_type_index: number | null;
  property_type: string | null;
  is_numerical: boolean;
};

const event = (name: string, at: string, properties: Record<string, unknown> = {}) => ({
  event: name,
  distinct_id: 'ana',
  timestamp: at,
  properties,
});

describe.each(STORAGE_KINDS)('definitions API on %s', (kind) => {
  let sp: InProcess;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    sp = await inProcess(kind);
    api = apiClient(sp.signpost);
    // Hand-counted: 3 pageviews (Jan 1, 2, 3), 1 signed_up, 1 $groupidentify; types as PostHog infers them.
    const res = await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [
        event('$pageview', '2026-01-02T10:00:00Z', { $browser: 'Chrome', price: 9.5, obj: { a: 1 } }),
        event('$pageview', '2026-01-01T10:00:00Z', { is_pro: 'TRUE', utm_source: 42, obj: 'now text' }),
        event('$pageview', '2026-01-03T10:00:00Z', { $browser: 7, paid_at: '2026-01-03T10:00:00Z' }),
        event('signed_up', '2026-01-02T12:00:00Z', { $set: { plan: 'pro', seats: 3 } }),
        event('$groupidentify', '2026-01-02T13:00:00Z', {
          $group_type: 'company',
          $group_key: 'acme',
          $group_set: { name: 'Acme', employees: 40 },
        }),
      ],
    });
    expect(res.status).toBe(200);
    await sp.signpost.definitions.flush();
  });
  afterAll(async () => {
    await sp?.stop();
  });

  const get = async <T>(path: string) => {
    const res = await api.get(path);
    expect(res.status).toBe(200);
    return res.json as unknown as T;
  };

  it('lists every event name with its volume and first and last seen, most used first', async () => {
    const page = await get<Page<EventJson>>(EVENTS);
    expect(page.count).toBe(3);
    expect(page.results.map((d) => [d.name, d.volume, d.created_at, d.last_seen_at])).toEqual([
      ['$pageview', 3, '2026-01-01T10:00:00.000Z', '2026-01-03T10:00:00.000Z'],
      ['$groupidentify', 1, '2026-01-02T13:00:00.000Z', '2026-01-02T13:00:00.000Z'],
      ['signed_up', 1, '2026-01-02T12:00:00.000Z', '2026-01-02T12:00:00.000Z'],
    ]);
    expect(page.results[0]).toMatchObject({ description: '', verified: false, hidden: false, tags: [] });
  });

  it('types event, person and group properties from their first value, as PostHog does', async () => {
    const typed = async (query: string) =>
      Object.fromEntries(
        (await get<Page<PropertyJson>>(`${PROPERTIES}${query}`)).results.map((d) => [
          d.name,
          d.property_type,
        ]),
      );
    const onEvents = await typed('?type=event');
    // `$browser` keeps the type of its first value; `obj` was an object first (no type), then text.
    expect(onEvents).toMatchObject({
      $browser: 'String',
      price: 'Numeric',
      is_pro: 'Boolean',
      utm_source: 'String',
      paid_at: 'DateTime',
      obj: 'String',
    });
    // Instructions and group plumbing are not properties.
    expect(Object.keys(onEvents)).not.toContain('$set');
    expect(Object.keys(onEvents)).not.toContain('$groups');
    // Besides `$set`, ingestion sets a person's `$initial_…` and browser properties from the event, as PostHog does.
    expect(await typed('?type=person')).toMatchObject({
      plan: 'String',
      seats: 'Numeric',
      $initial_browser: 'String',
    });
    const groups = await get<Page<PropertyJson>>(`${PROPERTIES}?type=group&group_type_index=0`);
    expect(
      groups.results.map((d) => [d.name, d.type, d.group_type_index, d.property_type, d.is_numerical]),
    ).toEqual([
      ['employees', 3, 0, 'Numeric', true],
      ['name', 3, 0, 'String', false],
    ]);
    expect((await get<Page<PropertyJson>>(`${PROPERTIES}?type=group&group_type_index=1`)).count).toBe(0);
  });

  it('pages with count, next and previous, and searches by name', async () => {
    const first = await get<Page<PropertyJson>>(`${PROPERTIES}?type=event&limit=2`);
    expect(first.count).toBeGreaterThan(4);
    expect(first.previous).toBeNull();
    const next = new URL(first.next ?? '');
    expect([next.searchParams.get('offset'), next.searchParams.get('type')]).toEqual(['2', 'event']);
    const second = await get<Page<PropertyJson>>(`${next.pathname}${next.search}`);
    expect(second.results.map((d) => d.name)).not.toContain(first.results[0]?.name);
    expect(second.previous).not.toBeNull();
    const search = await get<Page<PropertyJson>>(`${PROPERTIES}?type=event&search=BROW`);
    expect(search.results.map((d) => d.name)).toEqual(['$browser']);
  });

  it('PATCHes description, verified and hidden, and hidden ones drop out with exclude_hidden', async () => {
    const { results } = await get<Page<EventJson>>(`${EVENTS}?search=signed`);
    const id = results[0]?.id ?? '';
    const patched = await api.patch(`${EVENTS}${id}/`, { description: 'A new account', verified: true });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      name: 'signed_up',
      description: 'A new account',
      verified: true,
      verified_at: expect.any(String),
      updated_by: expect.any(String),
      hidden: false,
    });
    await api.patch(`${EVENTS}${id}/`, { hidden: true, verified: false });
    expect((await api.get(`${EVENTS}${id}/`)).json).toMatchObject({
      description: 'A new account',
      verified: false,
      verified_at: null,
      hidden: true,
    });
    const visible = await get<Page<EventJson>>(`${EVENTS}?exclude_hidden=true`);
    expect(visible.results.map((d) => d.name)).toEqual(['$pageview', '$groupidentify']);
    expect((await get<Page<EventJson>>(EVENTS)).count).toBe(3);

    const [plan] = (await get<Page<PropertyJson>>(`${PROPERTIES}?type=person&search=plan`)).results;
    const p = await api.patch(`${PROPERTIES}${plan?.id}/`, { description: 'Billing plan', hidden: true });
    expect(p.json).toMatchObject({ name: 'plan', description: 'Billing plan', hidden: true, type: 2 });
    const persons = await get<Page<PropertyJson>>(`${PROPERTIES}?type=person&exclude_hidden=true`);
    expect(persons.results.map((d) => d.name)).toContain('seats');
    expect(persons.results.map((d) => d.name)).not.toContain('plan');
    expect(persons.count).toBe((await get<Page<PropertyJson>>(`${PROPERTIES}?type=person`)).count - 1);
  });

  it('answers bad input with stable codes, never a 500', async () => {
    const missing = await api.get(`${EVENTS}00000000-0000-0000-0000-000000000000/`);
    expect([missing.status, missing.json.code]).toEqual([404, 'EVENT_DEFINITION_NOT_FOUND']);
    const notUuid = await api.patch(`${PROPERTIES}42/`, { hidden: true });
    expect([notUuid.status, notUuid.json.code]).toEqual([404, 'PROPERTY_DEFINITION_NOT_FOUND']);
    expect((await api.get(`${PROPERTIES}?type=cohort`)).status).toBe(400);
    expect((await api.get(`${EVENTS}?exclude_hidden=yes`)).status).toBe(400);
    const { results } = await get<Page<EventJson>>(EVENTS);
    const bad = await api.patch(`${EVENTS}${results[0]?.id}/`, { verified: 'yes' });
    expect(bad.status).toBe(400);
    const name = await api.patch(`${EVENTS}${results[0]?.id}/`, { name: 'renamed' });
    expect(name.status).toBe(200);
    expect(name.json.name).toBe('$pageview');
  });

  it('lets a read-only key list but not change', async () => {
    const key = await api.post('/api/personal_api_keys/', {
      label: 'read',
      scopes: ['event_definition:read'],
    });
    const readOnly = String((key.json as { value?: unknown }).value);
    const as = (method: string, path: string, body?: unknown) =>
      sp.signpost.app.request(path, {
        method,
        headers: { authorization: `Bearer ${readOnly}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect((await as('GET', EVENTS)).status).toBe(200);
    const { results } = await get<Page<EventJson>>(EVENTS);
    const refused = await as('PATCH', `${EVENTS}${results[0]?.id}/`, { hidden: true });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ required_scope: 'event_definition:write' });
    expect((await as('GET', PROPERTIES)).status).toBe(403);
  });
});
