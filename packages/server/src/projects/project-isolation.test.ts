// biome-ignore-all lint/suspicious/noExplicitAny: the walk reads loosely typed JSON answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_SCOPES } from '../access/route-scopes.ts';
import type { Browserish } from '../auth/auth-test-client.ts';
import { type InProcess, inProcess, STORAGE_KINDS } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_SECRET_KEY } from '../testing/test-server.ts';
import {
  asInstallation,
  captureData,
  invitedMember,
  type SeededIds,
  type SeededProject,
  seedTwoProjects,
} from './two-projects.test-kit.ts';

// Two projects on one server, each with one of everything. Every GET route of the route table is called on
// project B by callers who belong to A only: each must be refused, and no body may carry a trace of B (every B
// string holds "bravo"). The list comes from ROUTE_SCOPES, so a new GET route is walked (or, when the walk
// cannot fill its parameters, fails here) the day it is added.

const GET_ROUTES = ROUTE_SCOPES.filter(([method]) => method === 'GET').map(([, path]) => path);
const PROJECT_ROUTES = GET_ROUTES.filter((p) => p.includes(':projectId'));

// Queries without which these routes stop at a 400 before reading anything.
const NEEDED_QUERY: Record<string, string> = {
  '/api/projects/:projectId/groups': 'group_type_index=0',
  '/api/projects/:projectId/groups/find': 'group_type_index=0&group_key={marker}-corp',
  '/api/projects/:projectId/feature_flags/environment_diff': 'from=production&to=production',
};

/** Fills `:projectId` and every other parameter with the project's real ids, plus the query a route needs. */
function concrete(path: string, projectId: string, project: SeededProject, marker: string): string {
  const filled = path.replace(/([^/]+)\/:([A-Za-z]+)/g, (_whole, segment: string, param: string) => {
    if (param === 'projectId') return `${segment}/${projectId}`;
    const id = (project.ids as SeededIds)[`${segment}/:${param}`];
    if (id === undefined)
      throw new Error(`the isolation walk has no id for ${segment}/:${param} (${path}); seed one in the kit`);
    return `${segment}/${encodeURIComponent(id)}`;
  });
  const query = NEEDED_QUERY[path]?.replace('{marker}', marker);
  if (query) return `${filled}?${query}`;
  // What posthog-node sends: a member naming another project's public key must still get their own.
  if (path.endsWith('/definitions') || path.endsWith('/local_evaluation'))
    return `${filled}?token=${project.apiToken}`;
  return filled;
}

interface Caller {
  name: string;
  get: (url: string) => Promise<Response>;
}

const byKey =
  (sp: InProcess, key: string) =>
  async (url: string): Promise<Response> =>
    sp.signpost.app.request(url, { headers: { authorization: `Bearer ${key}` } });

async function read(res: Response): Promise<{ status: number; text: string; code: string | undefined }> {
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { code?: string }).code;
  } catch {
    code = undefined;
  }
  return { status: res.status, text, code };
}

describe.each(STORAGE_KINDS)('project isolation on %s', (kind) => {
  let sp: InProcess;
  let a: SeededProject;
  let b: SeededProject;
  let session: Browserish;
  let callers: Caller[];
  /** A's admin: the session and the personal key, who (unlike the secret key) read everything of A. */
  let adminOfA: Caller['get'][];

  beforeAll(async () => {
    sp = await inProcess(kind);
    ({ a, b } = await seedTwoProjects(sp));
    const member = await invitedMember(sp, a.id, 'alpha-admin@example.com', 'admin');
    session = member.session;
    adminOfA = [(url) => session.request('GET', url), byKey(sp, member.key)];
    callers = [
      { name: 'session', get: adminOfA[0] as Caller['get'] },
      { name: 'member key', get: adminOfA[1] as Caller['get'] },
      { name: 'secret key', get: byKey(sp, TEST_SECRET_KEY) },
    ];
  });
  afterAll(async () => {
    await sp.stop();
  });

  // What a request sent (a flag key, a group key) may be echoed in its own 404; anything else of B is a leak.
  const leaksB = (text: string, sent = '') => {
    const rest = sent
      .split(/[/?&=]/)
      .filter((part) => part.includes('bravo'))
      .reduce((t, part) => t.split(decodeURIComponent(part)).join(''), text);
    return rest.toLowerCase().includes('bravo') || rest.includes(b.apiToken);
  };

  it('reaches B through the installation key (the seeded rows are there to leak)', async () => {
    const withB: string[] = [];
    for (const path of PROJECT_ROUTES) {
      const res = await read(await byKey(sp, TEST_PERSONAL_KEY)(concrete(path, String(b.id), b, 'bravo')));
      const unsupported = kind === 'memory' && res.code === 'NOT_SUPPORTED';
      expect(res.status < 400 || unsupported, `${path} → ${res.status} ${res.text}`).toBe(true);
      if (leaksB(res.text)) withB.push(path);
    }
    // Every kind of row the walk guards shows up for the root key, so its absence below means something.
    for (const segment of [
      'events',
      'persons',
      'groups',
      'groups_types',
      'groups/find',
      'cohorts',
      'cohorts/:id/persons',
      'insights',
      'dashboards',
      'experiments',
      'early_access_feature',
      'feature_flags',
      'feature_flags/local_evaluation',
      'feature_flags/:key/remote_config',
      'activity_log',
      'project_secret_api_keys',
      'invites',
      'webhooks',
      'alerts',
      'change_requests',
    ])
      expect(withB, segment).toContain(`/api/projects/:projectId/${segment}`);
  });

  it('refuses every GET route of B to A’s member (session and key) and to A’s secret key', async () => {
    const wrong: string[] = [];
    for (const path of PROJECT_ROUTES) {
      const spellings = b.environments.flatMap((e) => [`/api/projects/${e}`, `/api/environments/${e}`]);
      for (const spelling of spellings) {
        const url = concrete(path, 'B', b, 'bravo').replace(/^\/api\/projects\/B(?=\/|$)/, spelling);
        for (const caller of callers) {
          const res = await read(await caller.get(url));
          const refusals =
            caller.name === 'secret key'
              ? ['PROJECT_ACCESS_DENIED', 'SECRET_KEY_NOT_ALLOWED']
              : ['PROJECT_ACCESS_DENIED'];
          if (res.status !== 403 || !refusals.includes(res.code ?? '') || leaksB(res.text))
            wrong.push(`${caller.name} GET ${url} → ${res.status} ${res.text.slice(0, 160)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('shows A’s rows and none of B’s on @current and on the routes without a project', async () => {
    const wrong: string[] = [];
    const withA = new Set<string>();
    for (const path of GET_ROUTES) {
      for (const caller of callers) {
        // A's own ids must answer; B's ids asked of A must find nothing.
        for (const [ids, marker] of [
          [a, 'alpha'],
          [b, 'bravo'],
        ] as const) {
          const url = concrete(path, '@current', ids, marker);
          const res = await read(await caller.get(url));
          const label = `${caller.name} GET ${path} with ${marker} ids → ${res.status}`;
          if (leaksB(res.text, url) || (res.status >= 500 && !unsupported(res)))
            wrong.push(`${label} ${res.text.slice(0, 160)}`);
          if (marker === 'alpha' && caller.name !== 'secret key' && res.status >= 400 && !unsupported(res))
            wrong.push(`${label} (A's own route refused) ${res.text.slice(0, 160)}`);
          if (marker === 'alpha' && res.text.toLowerCase().includes('alpha'))
            withA.add(`${caller.name} ${path}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    for (const segment of ['events', 'persons', 'groups', 'cohorts', 'insights', 'feature_flags', 'invites'])
      for (const caller of ['session', 'member key'])
        expect([...withA], `${caller} ${segment}`).toContain(`${caller} /api/projects/:projectId/${segment}`);
    // The secret key reads its environment's definitions, which hold A's flags.
    expect([...withA]).toContain('secret key /flags/definitions');

    function unsupported(res: { code: string | undefined }): boolean {
      return kind === 'memory' && res.code === 'NOT_SUPPORTED';
    }
  });

  it('will not switch A’s member into B, so @current cannot be made to mean B', async () => {
    for (const body of [{ set_current_team: b.environments[1] }, { set_current_project: b.id }]) {
      const res = await read(await session.request('PATCH', '/api/users/@me/', { body, csrf: true }));
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(res.code).toBe('PROJECT_ACCESS_DENIED');
    }
    const me = await read(await session.request('GET', '/api/users/@me/'));
    expect(JSON.parse(me.text)).toMatchObject({ team: { id: a.id }, project: { id: a.id } });
  });

  it('answers 404 PROJECT_NOT_FOUND for a project id that does not exist', async () => {
    const wrong: string[] = [];
    for (const path of PROJECT_ROUTES) {
      const url = concrete(path, '987654', a, 'alpha');
      for (const get of [...adminOfA, byKey(sp, TEST_PERSONAL_KEY)]) {
        const res = await read(await get(url));
        if (res.status !== 404 || res.code !== 'PROJECT_NOT_FOUND') wrong.push(`${url} → ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps A’s staging data out of A’s production routes', async () => {
    const staging = await asInstallation(sp, 'POST', `/api/projects/${a.id}/environments/`, {
      name: 'staging',
    });
    await captureData(sp, staging.api_token, 'stagedonly');
    const reads = ['events', 'persons', 'groups', 'groups_types'];
    for (const get of [...adminOfA, byKey(sp, TEST_PERSONAL_KEY)]) {
      for (const what of reads) {
        const production = await read(await get(`/api/projects/${a.id}/${what}/?group_type_index=0`));
        expect(production.status, what).toBe(200);
        expect(production.text, what).toContain('alpha');
        expect(production.text, what).not.toContain('stagedonly');
        // The same rows are there, in staging, for the same caller.
        const inStaging = await read(
          await get(`/api/environments/${staging.id}/${what}/?group_type_index=0`),
        );
        expect(inStaging.text, what).toContain('stagedonly');
        expect(inStaging.text, what).not.toContain('alpha');
      }
    }
    // Local evaluation: a secret key made in staging serves staging's settings (new environments start off).
    await asInstallation(sp, 'POST', `/api/projects/${a.id}/feature_flags/`, {
      key: 'alpha-plain',
      filters: { groups: [{ properties: [], rollout_percentage: 100 }] },
    });
    const stagingSecret = await asInstallation(
      sp,
      'POST',
      `/api/environments/${staging.id}/project_secret_api_keys/`,
      { label: 'staging server' },
    );
    for (const path of [
      '/flags/definitions',
      '/api/feature_flag/local_evaluation',
      '/api/projects/@current/feature_flags/local_evaluation',
    ]) {
      const active = async (key: string) => {
        const res = await byKey(sp, key)(path);
        expect(res.status, path).toBe(200);
        const body = (await res.json()) as { flags: { key: string; active: boolean }[] };
        return body.flags.find((f) => f.key === 'alpha-plain')?.active;
      };
      expect(await active(TEST_SECRET_KEY), path).toBe(true);
      expect(await active(stagingSecret.value), path).toBe(false);
    }

    // The query engine runs on DuckDB only (the in-memory backend answers NOT_SUPPORTED).
    if (kind !== 'duckdb') return;
    const query = (environment: number, q: unknown) =>
      session.request('POST', `/api/projects/${environment}/query/`, { body: { query: q }, csrf: true });
    const listed = await read(await query(a.id, { kind: 'EventsQuery', select: ['event', 'distinct_id'] }));
    expect(listed.status).toBe(200);
    expect(listed.text).toContain('alpha-signed-up');
    expect(listed.text).not.toContain('stagedonly');
    const trend = { kind: 'TrendsQuery', series: [{ kind: 'EventsNode', event: 'stagedonly-signed-up' }] };
    const count = async (environment: number) => {
      const res = await query(environment, trend);
      expect(res.status).toBe(200);
      const json = (await res.json()) as any;
      return (json.results[0].data as number[]).reduce((s, n) => s + n, 0);
    };
    expect(await count(a.id)).toBe(0);
    expect(await count(staging.id)).toBe(1);
  });
});
