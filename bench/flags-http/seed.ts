import { DYNAMIC_COHORT, flagSuite } from './flag-suite.ts';
import { type Company, STATIC_COHORT_EVERY, type User } from './population.ts';

/**
 * Puts the bench's data into a running Signpost through its public API only: persons and groups through
 * `/batch/` (as the SDKs send them), then cohorts and flags through the management API.
 */

export interface SeedResult {
  flagKeys: string[];
  persons: number;
  groups: number;
}

async function call(url: string, init: RequestInit & { personalKey?: string }): Promise<unknown> {
  const { personalKey, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    headers: {
      'content-type': 'application/json',
      ...(personalKey ? { authorization: `Bearer ${personalKey}` } : {}),
    },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} → ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const event = (event: string, distinctId: string, properties: Record<string, unknown>) => ({
  event,
  distinct_id: distinctId,
  uuid: crypto.randomUUID(),
  timestamp: new Date().toISOString(),
  properties: { ...properties, $lib: 'posthog-node', $lib_version: '5.70.0' },
});

export async function seed(options: {
  url: string;
  projectKey: string;
  personalKey: string;
  users: User[];
  companies: Company[];
}): Promise<SeedResult> {
  const { url, projectKey, personalKey } = options;
  const events = [
    ...options.companies
      .filter((c) => c.stored)
      .map((c) =>
        event('$groupidentify', 'bench-setup', {
          $group_type: 'company',
          $group_key: c.key,
          $group_set: c.stored,
        }),
      ),
    ...options.users
      .filter((u) => u.identified)
      .map((u) =>
        event('$identify', u.distinctId, {
          $set: u.stored,
          ...(u.anonDistinctId ? { $anon_distinct_id: u.anonDistinctId } : {}),
        }),
      ),
  ];
  for (let i = 0; i < events.length; i += 500) {
    await call(`${url}/batch/`, {
      method: 'POST',
      body: JSON.stringify({ api_key: projectKey, batch: events.slice(i, i + 500) }),
    });
  }

  const api = `${url}/api/projects/@current`;
  const post = (path: string, body: unknown) =>
    call(`${api}${path}`, { method: 'POST', body: JSON.stringify(body), personalKey }) as Promise<{
      id: number;
      key: string;
    }>;
  const dynamic = await post('/cohorts/', DYNAMIC_COHORT);
  const members = options.users.filter((u, i) => u.identified && i % STATIC_COHORT_EVERY === 0);
  const fixed = await post('/cohorts/', {
    name: 'Hand-picked',
    is_static: true,
    distinct_ids: members.map((u) => u.distinctId),
  });
  const flagKeys: string[] = [];
  for (const flag of flagSuite(dynamic.id, fixed.id))
    flagKeys.push((await post('/feature_flags/', flag)).key);

  const persons = options.users.filter((u) => u.identified).length;
  const groups = options.companies.filter((c) => c.stored).length;
  return { flagKeys, persons, groups };
}
