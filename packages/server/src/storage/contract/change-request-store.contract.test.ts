import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeRequest } from '../../change-requests/change-request.ts';
import type { StateStorage } from '../postgres/postgres-storage.ts';
import { at, stateEngines } from './state-engines.test-kit.ts';

const request = (id: string, projectId: number, createdAt: string): ChangeRequest => ({
  id,
  projectId,
  environmentId: projectId,
  flagId: 7,
  flagKey: 'checkout',
  baseVersion: 3,
  change: { active: false, filters: { groups: [{ rollout_percentage: 50 }] } },
  diff: [{ type: 'FeatureFlag', action: 'changed', field: 'active', before: true, after: false }],
  requestedBy: { memberId: 'u1', actor: { kind: 'member', id: 'u1', name: 'ana@example.com' } },
  reason: 'ü "quoted" \\ reason',
  required: 2,
  approvals: [],
  status: 'pending',
  decidedBy: null,
  comment: null,
  createdAt: at(createdAt),
  updatedAt: at(createdAt),
  revision: 1,
});

describe.each(stateEngines())('ChangeRequestStore on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(() => s.close());

  it('keeps a project default and environment overrides, replaces and removes them', async () => {
    await s.changeRequests.setApprovalSetting(1, null, 1);
    await s.changeRequests.setApprovalSetting(1, 5, 2);
    await s.changeRequests.setApprovalSetting(2, null, 3);
    await s.changeRequests.setApprovalSetting(1, 5, 0);
    const sorted = async (p: number) =>
      (await s.changeRequests.listApprovalSettings(p)).sort(
        (a, b) => (a.environmentId ?? 0) - (b.environmentId ?? 0),
      );
    expect(await sorted(1)).toEqual([
      { projectId: 1, environmentId: null, required: 1 },
      { projectId: 1, environmentId: 5, required: 0 },
    ]);
    await s.changeRequests.setApprovalSetting(1, 5, null);
    expect(await sorted(1)).toEqual([{ projectId: 1, environmentId: null, required: 1 }]);
    expect(await sorted(2)).toEqual([{ projectId: 2, environmentId: null, required: 3 }]);
  });

  it('stores requests whole, lists a project’s newest first and by status', async () => {
    const a = request('a', 1, '2026-01-01T00:00:00.001Z');
    const b = request('b', 1, '2026-01-02T00:00:00Z');
    await s.changeRequests.insertRequest(a);
    await s.changeRequests.insertRequest(b);
    await s.changeRequests.insertRequest(request('other', 2, '2026-01-03T00:00:00Z'));
    expect(await s.changeRequests.getRequest('a')).toEqual(a);
    expect(await s.changeRequests.getRequest('missing')).toBeUndefined();
    expect((await s.changeRequests.listRequests(1)).map((r) => r.id)).toEqual(['b', 'a']);
    expect(await s.changeRequests.listRequests(1, 'applied')).toEqual([]);
    expect(await s.changeRequests.listRequests(1, 'pending')).toEqual([b, a]);
  });

  it('updates by compare-and-set on the revision: a second writer from the same revision loses', async () => {
    const a = request('a', 1, '2026-01-01T00:00:00Z');
    await s.changeRequests.insertRequest(a);
    const approved: ChangeRequest = {
      ...a,
      approvals: [
        {
          memberId: 'u2',
          actor: { kind: 'personal_key', id: 'k2', name: 'bo' },
          at: at('2026-01-02T00:00:00Z'),
        },
      ],
      status: 'applied',
      decidedBy: { memberId: 'u2', actor: { kind: 'personal_key', id: 'k2', name: 'bo' } },
      updatedAt: at('2026-01-02T00:00:00Z'),
      revision: 2,
    };
    expect(await s.changeRequests.updateRequest(approved, 1)).toBe(true);
    expect(await s.changeRequests.updateRequest({ ...a, status: 'rejected', revision: 2 }, 1)).toBe(false);
    expect(await s.changeRequests.getRequest('a')).toEqual(approved);
    expect((await s.changeRequests.listRequests(1, 'applied')).map((r) => r.id)).toEqual(['a']);
    expect(await s.changeRequests.updateRequest({ ...approved, id: 'missing' }, 2)).toBe(false);
  });
});
