import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserish } from '../auth/auth-test-client.ts';
import { type InProcess, inProcess, STORAGE_KINDS } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY } from '../testing/test-server.ts';
import { API, client, field, type LoggedEntry, rollout } from './activity-log.test-kit.ts';

const ADMIN = { SIGNPOST_ADMIN_EMAIL: 'admin@example.com', SIGNPOST_ADMIN_PASSWORD: 'hunter2hunter2' };
const trendsQuery = {
  kind: 'InsightVizNode',
  source: { kind: 'TrendsQuery', series: [{ kind: 'EventsNode', event: 'auth.login' }] },
};

describe.each(STORAGE_KINDS)('every change is logged, with its actor and diff, on %s', (kind) => {
  let sp: InProcess;
  let api: ReturnType<typeof client>;
  let keyId: string;
  beforeEach(async () => {
    sp = await inProcess(kind, ADMIN);
    api = client(sp.signpost);
    const keys = (await api.get('/api/personal_api_keys/')).json as unknown as { id: string }[];
    keyId = keys[0]?.id ?? '';
  });
  afterEach(async () => {
    await sp.stop();
  });

  /** The newest entry of one item, checking it was made by the test's personal key. */
  async function latest(scope: string, itemId: string | number): Promise<LoggedEntry[]> {
    const { results } = await api.log(`?scope=${scope}&item_id=${itemId}`);
    for (const e of results) {
      expect(e.actor).toEqual({ kind: 'personal_key', id: keyId, name: expect.stringContaining('phx_') });
    }
    return results;
  }

  it('logs feature flags: created, updated with a before/after diff, deleted', async () => {
    const flag = await api.post(`${API}/feature_flags/`, { key: 'kill', filters: rollout(100) });
    await api.patch(`${API}/feature_flags/${flag.json.id}/`, { active: false, name: 'Kill switch' });
    await api.delete(`${API}/feature_flags/${flag.json.id}/`);
    const [deleted, updated, created] = await latest('FeatureFlag', flag.json.id);
    expect([created?.activity, updated?.activity, deleted?.activity]).toEqual([
      'created',
      'updated',
      'deleted',
    ]);
    expect(field(created, 'key')).toMatchObject({ action: 'created', before: null, after: 'kill' });
    expect(updated?.detail.changes.map((c) => c.field).sort()).toEqual(['active', 'name']);
    expect(field(updated, 'active')).toEqual({
      type: 'FeatureFlag',
      action: 'changed',
      field: 'active',
      before: true,
      after: false,
    });
    expect(field(deleted, 'deleted')).toMatchObject({ before: false, after: true });
    expect(deleted?.detail.name).toBe('kill');
  });

  it('logs cohorts', async () => {
    const cohort = await api.post(`${API}/cohorts/`, { name: 'Pros', is_static: true, distinct_ids: ['a'] });
    expect(cohort.status).toBe(201);
    await api.patch(`${API}/cohorts/${cohort.json.id}/`, { name: 'Professionals' });
    await api.delete(`${API}/cohorts/${cohort.json.id}/`);
    const [deleted, updated, created] = await latest('Cohort', cohort.json.id);
    expect([created?.activity, updated?.activity, deleted?.activity]).toEqual([
      'created',
      'updated',
      'deleted',
    ]);
    expect(updated?.detail.changes).toEqual([
      { type: 'Cohort', action: 'changed', field: 'name', before: 'Pros', after: 'Professionals' },
    ]);
    expect(deleted?.detail.name).toBe('Professionals');
  });

  it('keeps before/after exact when writes to one item race', async () => {
    const cohort = await api.post(`${API}/cohorts/`, { name: 'n0', is_static: true, distinct_ids: ['a'] });
    const names = ['n1', 'n2', 'n3', 'n4', 'n5'];
    const answers = await Promise.all(
      names.map((name) => api.patch(`${API}/cohorts/${cohort.json.id}/`, { name })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const updates = (await latest('Cohort', cohort.json.id))
      .filter((e) => e.activity === 'updated')
      .reverse();
    const steps = updates.map((e) => [field(e, 'name')?.before, field(e, 'name')?.after]);
    expect(steps).toHaveLength(5);
    // A chain: each entry starts where the previous one ended, from the first name to the final one.
    expect(steps[0]?.[0]).toBe('n0');
    for (let i = 1; i < steps.length; i++) expect(steps[i]?.[0]).toBe(steps[i - 1]?.[1]);
    expect(steps.at(-1)?.[1]).toBe((await api.get(`${API}/cohorts/${cohort.json.id}/`)).json.name);
    expect(new Set(steps.map((s) => s[1]))).toEqual(new Set(names));
  });

  it('logs insights and dashboards', async () => {
    const insight = await api.post(`${API}/insights/`, { name: 'Logins', query: trendsQuery });
    await api.patch(`${API}/insights/${insight.json.id}/`, { description: 'weekly' });
    const dashboard = await api.post(`${API}/dashboards/`, { name: 'Engagement' });
    await api.patch(`${API}/dashboards/${dashboard.json.id}/`, { name: 'Engagement v2', pinned: true });
    await api.delete(`${API}/dashboards/${dashboard.json.id}/`);
    const insightLog = await latest('Insight', insight.json.id);
    expect(insightLog.map((e) => e.activity)).toEqual(['updated', 'created']);
    expect(field(insightLog[0], 'description')).toMatchObject({ before: '', after: 'weekly' });
    const dashboardLog = await latest('Dashboard', dashboard.json.id);
    expect(dashboardLog.map((e) => e.activity)).toEqual(['deleted', 'updated', 'created']);
    expect(field(dashboardLog[1], 'name')).toMatchObject({ before: 'Engagement', after: 'Engagement v2' });
    expect(field(dashboardLog[1], 'pinned')).toMatchObject({ before: false, after: true });
  });

  it('logs experiments, and the flag changes they make under the same actor', async () => {
    const experiment = await api.post(`${API}/experiments/`, {
      name: 'Timer UI',
      feature_flag_key: 'timer-ui',
      parameters: {
        feature_flag_variants: [
          { key: 'control', rollout_percentage: 50 },
          { key: 'test', rollout_percentage: 50 },
        ],
      },
    });
    expect(experiment.status).toBe(201);
    const id = experiment.json.id;
    await api.patch(`${API}/experiments/${id}/`, { start_date: '2026-01-01T00:00:00Z' });
    await api.post(`${API}/experiments/${id}/ship_variant/`, { variant: 'test' });
    const log = await latest('Experiment', id);
    expect(log.map((e) => e.activity)).toEqual(['updated', 'updated', 'created']);
    expect(field(log[0], 'shipped_variant')).toMatchObject({ before: null, after: 'test' });
    const flagId = (experiment.json as unknown as { feature_flag: { id: number } }).feature_flag.id;
    const flagLog = await latest('FeatureFlag', flagId);
    expect(flagLog.map((e) => e.activity)).toEqual(['updated', 'updated', 'created']);
    expect(flagLog[0]?.detail.reason).toBe(`Shipped "test" from experiment ${id}`);
  });

  it('logs project settings and personal keys, never a key secret', async () => {
    await api.patch(`${API}/`, { timezone: 'Europe/Berlin' });
    const [project] = await latest('Project', (await api.get(`${API}/`)).json.id);
    expect(project?.detail.changes).toEqual([
      { type: 'Project', action: 'changed', field: 'timezone', before: 'UTC', after: 'Europe/Berlin' },
    ]);
    const created = await api.post('/api/personal_api_keys/', { label: 'ci' });
    const secret = String((created.json as unknown as { value: string }).value);
    await api.delete(`/api/personal_api_keys/${created.json.id}/`);
    const keyLog = await latest('PersonalAPIKey', created.json.id);
    expect(keyLog.map((e) => [e.activity, e.detail.name])).toEqual([
      ['deleted', 'ci'],
      ['created', 'ci'],
    ]);
    const everything = (await api.get(`${API}/activity_log/`)).text;
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(TEST_PERSONAL_KEY);
  });

  it('attributes a signed-in member by id and email, and keeps the reason note', async () => {
    const flag = await api.post(`${API}/feature_flags/`, { key: 'beta', filters: rollout(10) });
    const web = browserish(sp.signpost);
    expect((await web.signIn('admin@example.com', 'hunter2hunter2')).status).toBe(200);
    const patched = await web.request('PATCH', `${API}/feature_flags/${flag.json.id}/`, {
      body: { filters: rollout(50) },
      csrf: true,
      headers: { 'x-signpost-reason': encodeURIComponent('Ramp-up agreed in standup ✓') },
    });
    expect(patched.status).toBe(200);
    const [entry] = (await api.log(`?scope=FeatureFlag&item_id=${flag.json.id}`)).results;
    expect(entry?.actor).toMatchObject({ kind: 'member', name: 'admin@example.com' });
    expect(entry?.actor.id).toMatch(/.+/);
    expect(entry?.user.email).toBe('admin@example.com');
    expect(entry?.detail.reason).toBe('Ramp-up agreed in standup ✓');
    const byMember = await api.log(`?user=${entry?.actor.id}`);
    expect(byMember.results.map((e) => e.id)).toEqual([entry?.id]);
  });

  it('refuses an overlong reason before changing anything', async () => {
    const flag = await api.post(`${API}/feature_flags/`, { key: 'calm', filters: rollout(10) });
    const cohort = await api.post(`${API}/cohorts/`, { name: 'C', is_static: true, distinct_ids: ['a'] });
    const long = { 'x-signpost-reason': 'x'.repeat(1001) };
    const flagAnswer = await api.patch(`${API}/feature_flags/${flag.json.id}/`, { active: false }, long);
    const cohortAnswer = await api.patch(`${API}/cohorts/${cohort.json.id}/`, { name: 'D' }, long);
    for (const answer of [flagAnswer, cohortAnswer]) {
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ code: 'INVALID_REASON', attr: 'x-signpost-reason' });
    }
    expect((await api.get(`${API}/feature_flags/${flag.json.id}/`)).json).toMatchObject({ active: true });
    expect((await api.get(`${API}/cohorts/${cohort.json.id}/`)).json).toMatchObject({ name: 'C' });
    expect((await api.log()).results).toHaveLength(2);
  });
});
