import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { MAX_CHANGE_VALUE_CHARS } from './activity-diff.ts';
import { API, client, field, rollout } from './activity-log.test-kit.ts';

const FLAGS = `${API}/feature_flags`;

describe('reverting a flag change on duckdb', () => {
  let sp: InProcess;
  let api: ReturnType<typeof client>;
  beforeEach(async () => {
    sp = await inProcess('duckdb');
    api = client(sp.signpost);
  });
  afterEach(async () => {
    await sp.stop();
  });

  const history = async (flagId: number) => (await api.log(`?scope=FeatureFlag&item_id=${flagId}`)).results;
  const revert = (flagId: number, entryId: string | undefined, headers?: Record<string, string>) =>
    api.post(`${FLAGS}/${flagId}/activity/${entryId}/revert/`, {}, headers);

  it('restores /flags behaviour in one action, logged as `reverted` pointing at the entry', async () => {
    const flag = await api.post(`${FLAGS}/`, { key: 'checkout', filters: rollout(100) });
    await api.patch(`${FLAGS}/${flag.json.id}/`, { filters: rollout(0) });
    expect(await api.flagEnabled('checkout', 'user-1')).toBe(false);
    const [bad] = await history(flag.json.id);
    expect(bad?.revertable).toBe(true);
    const reverted = await revert(flag.json.id, bad?.id, { 'x-signpost-reason': 'rollout broke checkout' });
    expect(reverted.status).toBe(200);
    expect(reverted.json).toMatchObject({ version: 3, rollout_percentage: 100 });
    expect(await api.flagEnabled('checkout', 'user-1')).toBe(true);
    const [entry] = await history(flag.json.id);
    expect(entry).toMatchObject({ activity: 'reverted', actor: { kind: 'personal_key' } });
    expect(entry?.detail).toMatchObject({ revert_of: bad?.id, reason: 'rollout broke checkout' });
    expect(field(entry, 'filters')).toMatchObject({ before: rollout(0), after: rollout(100) });
    // The flag page's history reads the same log.
    const perFlag = await api.get(`${FLAGS}/${flag.json.id}/activity/`);
    expect((perFlag.json.results as { id: string }[]).map((e) => e.id)).toEqual(
      (await history(flag.json.id)).map((e) => e.id),
    );
  });

  it('on a conflict, restores only the fields of that entry and keeps later changes to others', async () => {
    const flag = await api.post(`${FLAGS}/`, { key: 'search', name: 'Search', filters: rollout(30) });
    await api.patch(`${FLAGS}/${flag.json.id}/`, { filters: rollout(60), active: false });
    const [target] = await history(flag.json.id);
    await api.patch(`${FLAGS}/${flag.json.id}/`, { name: 'New search', filters: rollout(90) });
    const reverted = await revert(flag.json.id, target?.id);
    expect(reverted.json).toMatchObject({ name: 'New search', rollout_percentage: 30, active: true });
  });

  it('reverts a deletion (the flag is back) and a creation (the flag is deleted)', async () => {
    const flag = await api.post(`${FLAGS}/`, { key: 'temp', filters: rollout(100) });
    await api.delete(`${FLAGS}/${flag.json.id}/`);
    expect(await api.flagEnabled('temp', 'u')).toBeUndefined();
    const [deletion, creation] = await history(flag.json.id);
    expect((await revert(flag.json.id, deletion?.id)).json).toMatchObject({ deleted: false });
    expect(await api.flagEnabled('temp', 'u')).toBe(true);
    expect((await revert(flag.json.id, creation?.id)).json).toMatchObject({ deleted: true });
    expect(await api.flagEnabled('temp', 'u')).toBeUndefined();
  });

  it('refuses to bring a flag back over a key taken since, and entries of other items', async () => {
    const flag = await api.post(`${FLAGS}/`, { key: 'dup', filters: rollout(100) });
    await api.delete(`${FLAGS}/${flag.json.id}/`);
    const [deletion] = await history(flag.json.id);
    const other = await api.post(`${FLAGS}/`, { key: 'dup', filters: rollout(5) });
    const taken = await revert(flag.json.id, deletion?.id);
    expect(taken.status).toBe(400);
    expect(taken.json).toMatchObject({ code: 'FLAG_KEY_EXISTS' });
    const wrongFlag = await revert(other.json.id, deletion?.id);
    expect(wrongFlag.json).toMatchObject({ code: 'ACTIVITY_NOT_FOUND' });
    const cohort = await api.post(`${API}/cohorts/`, { name: 'c', is_static: true, distinct_ids: ['x'] });
    const [cohortEntry] = (await api.log(`?scope=Cohort&item_id=${cohort.json.id}`)).results;
    expect((await revert(other.json.id, cohortEntry?.id)).status).toBe(404);
    expect((await revert(other.json.id, 'no-such-entry')).json).toMatchObject({ code: 'ACTIVITY_NOT_FOUND' });
  });

  it('validates restored values like a PATCH: a cohort deleted since is refused, nothing changes', async () => {
    const cohort = await api.post(`${API}/cohorts/`, { name: 'Beta', is_static: true, distinct_ids: ['u'] });
    const inCohort = {
      properties: [{ key: 'id', type: 'cohort', value: cohort.json.id }],
      rollout_percentage: 100,
    };
    const flag = await api.post(`${FLAGS}/`, { key: 'beta-only', filters: { groups: [inCohort] } });
    await api.patch(`${FLAGS}/${flag.json.id}/`, { filters: rollout(100) });
    const [widened] = await history(flag.json.id);
    expect((await api.delete(`${API}/cohorts/${cohort.json.id}/`)).status).toBe(204);
    const refused = await revert(flag.json.id, widened?.id);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ code: 'INVALID_FLAG' });
    expect((await api.get(`${FLAGS}/${flag.json.id}/`)).json).toMatchObject({
      version: 2,
      rollout_percentage: 100,
    });
    expect((await history(flag.json.id)).map((e) => e.activity)).toEqual(['updated', 'created']);
  });

  it('keeps a huge filters diff bounded, and refuses to revert what it did not keep', async () => {
    const conditions = (pct: number) =>
      Array.from({ length: 3000 }, (_, i) => ({
        properties: [{ key: 'email', type: 'person', operator: 'exact', value: `user-${i}@example.com` }],
        rollout_percentage: pct,
      }));
    const flag = await api.post(`${FLAGS}/`, { key: 'big', filters: { groups: conditions(100) } });
    expect(flag.status).toBe(201);
    const patched = await api.patch(`${FLAGS}/${flag.json.id}/`, { filters: { groups: conditions(50) } });
    expect(patched.status).toBe(200);
    const page = await api.get(`${API}/activity_log/?scope=FeatureFlag&item_id=${flag.json.id}`);
    expect(JSON.stringify(patched.json.filters).length).toBeGreaterThan(4 * MAX_CHANGE_VALUE_CHARS);
    // Two entries, each at most a few markers: nowhere near the two ~300 KB filters it describes.
    expect(page.text.length).toBeLessThan(8 * 1024);
    const [update] = (page.json as unknown as { results: Parameters<typeof field>[0][] }).results;
    expect(field(update, 'filters')).toMatchObject({
      before: { $truncated: true, chars: expect.any(Number) },
      after: { $truncated: true, chars: expect.any(Number) },
    });
    expect(update?.revertable).toBe(false);
    const refused = await revert(flag.json.id, update?.id);
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: 'ACTIVITY_NOT_REVERTIBLE', attr: 'filters' });
  });
});
