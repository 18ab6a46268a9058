import { createHash } from 'node:crypto';
import { type ApiCall, allPages, asList, asRecord } from './release-api.ts';
import { ALIAS_ID, anonId, companyOf, USERS } from './release-events.ts';

const P = '/api/projects/1';
type Json = Record<string, unknown>;

/** What a data folder holds, as its own server answers through the public API; compared release to release. */
export interface ReleaseFacts {
  projectApiKey: string;
  events: { count: number; byName: Record<string, number>; sha256: string };
  persons: Json[];
  groups: Json[];
  flags: Json[];
  /** Per probed distinct id: each flag's `/flags` answer. */
  flagAnswers: Record<string, Record<string, { enabled: unknown; variant: unknown; payload: unknown }>>;
  cohorts: Json[];
  insights: Json[];
  dashboards: Json[];
  experiments: Json[];
}

/** The distinct ids `/flags` is asked about: people, a merged anonymous id, an alias and a stranger. */
interface FlagProbe {
  distinctId: string;
  groups: Record<string, string>;
}
export const FLAG_PROBES: FlagProbe[] = [
  ...USERS.map((u, i): FlagProbe => {
    const company = companyOf(i + 1);
    return { distinctId: u, groups: company === undefined ? {} : { company } };
  }),
  { distinctId: anonId(1), groups: {} },
  { distinctId: ALIAS_ID, groups: { company: 'acme' } },
  { distinctId: 'visitor-never-seen', groups: { company: 'globex' } },
];

// Computed when asked, so they differ between any two reads; everything else must survive an upgrade.
const VOLATILE = new Set([
  'last_refresh',
  'is_cached',
  'next_allowed_client_refresh',
  'cache_key',
  'timings',
]);

function withoutVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatile);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !VOLATILE.has(k))
      .map(([k, v]) => [k, withoutVolatile(v)]),
  );
}

/** JSON with object keys sorted, so a digest does not depend on the order a store returns keys in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

const pick = (row: Json, keys: string[]): Json => Object.fromEntries(keys.map((k) => [k, row[k]]));
const byId = (a: Json, b: Json) => Number(a.id) - Number(b.id);

async function eventFacts(call: ApiCall): Promise<ReleaseFacts['events']> {
  const rows = (await allPages(call, `${P}/events`))
    .map((e) => pick(e, ['uuid', 'event', 'distinct_id', 'timestamp', 'properties']))
    .sort((a, b) => String(a.uuid).localeCompare(String(b.uuid)));
  const byName: Record<string, number> = {};
  for (const e of rows) byName[String(e.event)] = (byName[String(e.event)] ?? 0) + 1;
  const sha256 = createHash('sha256').update(canonical(rows)).digest('hex');
  return { count: rows.length, byName, sha256 };
}

async function personFacts(call: ApiCall): Promise<Json[]> {
  return (await allPages(call, `${P}/persons`))
    .map((p) => ({
      ...pick(p, ['properties', 'is_identified', 'created_at']),
      distinct_ids: [...(p.distinct_ids as string[])].sort(),
    }))
    .sort((a, b) => a.distinct_ids.join().localeCompare(b.distinct_ids.join()));
}

async function groupFacts(call: ApiCall): Promise<Json[]> {
  return (await allPages(call, `${P}/groups?group_type_index=0`))
    .map((g) => pick(g, ['group_type_index', 'group_key', 'group_properties', 'created_at']))
    .sort((a, b) => String(a.group_key).localeCompare(String(b.group_key)));
}

async function flagAnswers(call: ApiCall, token: string): Promise<ReleaseFacts['flagAnswers']> {
  const answers: ReleaseFacts['flagAnswers'] = {};
  for (const probe of FLAG_PROBES) {
    const body = { token, distinct_id: probe.distinctId, groups: probe.groups };
    const flags = asRecord(asRecord(await call('POST', '/flags/?v=2', body), '/flags').flags, 'flags');
    answers[probe.distinctId] = Object.fromEntries(
      Object.entries(flags)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, raw]) => {
          const f = asRecord(raw, key);
          const payload = f.metadata ? asRecord(f.metadata, `${key}.metadata`).payload : undefined;
          return [key, { enabled: f.enabled, variant: f.variant, payload: payload ?? null }];
        }),
    );
  }
  return answers;
}

async function cohortFacts(call: ApiCall): Promise<Json[]> {
  const cohorts = asList(asRecord(await call('GET', `${P}/cohorts/`), 'cohorts').results, 'cohorts');
  const facts: Json[] = [];
  for (const c of cohorts.sort(byId)) {
    const persons = asList(
      asRecord(await call('GET', `${P}/cohorts/${c.id}/persons/`), 'members').results,
      'm',
    );
    const members = persons.flatMap((p) => p.distinct_ids as string[]).sort();
    facts.push({ ...pick(c, ['id', 'name', 'description', 'is_static', 'filters', 'count']), members });
  }
  return facts;
}

async function insightFacts(call: ApiCall): Promise<Json[]> {
  const list = asList(asRecord(await call('GET', `${P}/insights/`), 'insights').results, 'insights');
  const facts: Json[] = [];
  for (const i of list.sort(byId)) {
    const computed = asRecord(await call('GET', `${P}/insights/${i.id}/?refresh=true`), 'insight');
    facts.push({
      ...pick(computed, ['id', 'short_id', 'name', 'query']),
      result: withoutVolatile(computed.result),
    });
  }
  return facts;
}

async function dashboardFacts(call: ApiCall): Promise<Json[]> {
  const list = asList(asRecord(await call('GET', `${P}/dashboards/`), 'dashboards').results, 'dashboards');
  const facts: Json[] = [];
  for (const d of list.sort(byId)) {
    const full = asRecord(await call('GET', `${P}/dashboards/${d.id}/`), 'dashboard');
    const tiles = asList(full.tiles, 'tiles').map((t) => ({
      insight: t.insight === null ? null : asRecord(t.insight, 'tile insight').name,
      text: t.text === null ? null : asRecord(t.text, 'tile text').body,
      layouts: t.layouts,
    }));
    facts.push({ ...pick(full, ['id', 'name', 'description', 'filters']), tiles });
  }
  return facts;
}

async function experimentFacts(call: ApiCall): Promise<Json[]> {
  const list = asList(asRecord(await call('GET', `${P}/experiments/`), 'experiments').results, 'experiments');
  const facts: Json[] = [];
  for (const e of list.sort(byId)) {
    // A running experiment's range ends "now"; the rest of its results depend only on stored events.
    const { date_range: _now, ...results } = asRecord(
      await call('GET', `${P}/experiments/${e.id}/results/?refresh=true`),
      'experiment results',
    );
    facts.push({
      ...pick(e, ['id', 'name', 'description', 'feature_flag_key', 'start_date', 'end_date', 'status']),
      ...pick(e, ['parameters', 'metrics', 'holdout']),
      results: withoutVolatile(results),
    });
  }
  return facts;
}

/** Reads every fact of project 1 through `call`: the same code reads the old release and the new one. */
export async function readReleaseFacts(call: ApiCall, token: string): Promise<ReleaseFacts> {
  const flags = asList(asRecord(await call('GET', `${P}/feature_flags/`), 'flags').results, 'flags')
    .sort(byId)
    .map((f) => pick(f, ['id', 'key', 'name', 'active', 'filters', 'tags', 'deleted']));
  return {
    projectApiKey: String(asRecord(await call('GET', `${P}/`), 'project').api_token),
    events: await eventFacts(call),
    persons: await personFacts(call),
    groups: await groupFacts(call),
    flags,
    flagAnswers: await flagAnswers(call, token),
    cohorts: await cohortFacts(call),
    insights: await insightFacts(call),
    dashboards: await dashboardFacts(call),
    experiments: await experimentFacts(call),
  };
}
