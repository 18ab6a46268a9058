import { describe, expect, it } from 'vitest';
import { FakeFlagStore } from '../flags/fake-flag-store.ts';
import { FlagService } from '../flags/flag-service.ts';
import type { Notification } from '../webhooks/notifier.ts';
import type { Reviewer } from './change-request.ts';
import { ChangeRequestService } from './change-request-service.ts';
import { FakeChangeRequestStore } from './fake-change-request-store.ts';

const member = (id: string): Reviewer => ({
  memberId: id,
  actor: { kind: 'member', id, name: `${id}@example.com` },
});

async function setup() {
  const sent: Notification[] = [];
  const flags = new FlagService({
    store: new FakeFlagStore(),
    groupTypeIndexes: () => new Set(),
    cohortIds: () => new Set(),
  });
  await flags.start();
  const service = new ChangeRequestService({
    store: new FakeChangeRequestStore(),
    flags,
    projectIdOf: (id) => id,
    notifier: { notify: async (n) => void sent.push(n) },
  });
  await service.setRequired(1, null, 1);
  const flag = await flags.create(1, { key: 'checkout', active: true }, 'seed');
  return { sent, flags, service, flag };
}

describe('change request notifications', () => {
  it('tells subscribers a request was created, approved and applied, with the diff and the people', async () => {
    const { sent, flags, service, flag } = await setup();
    const request = await service.request(1, flag.id, { active: false }, member('ana'), 'incident');
    expect(request?.status).toBe('pending');
    await service.approve(1, request?.id ?? '', member('bo'));
    expect(flags.get(1, flag.id).active).toBe(false);
    const mine = sent.filter((n) => n.type.startsWith('change_request.'));
    expect(mine.map((n) => n.type)).toEqual([
      'change_request.created',
      'change_request.approved',
      'change_request.applied',
    ]);
    expect(mine[2]?.data).toMatchObject({
      flag: { id: flag.id, key: 'checkout' },
      requested_by: { name: 'ana@example.com' },
      actor: { name: 'bo@example.com' },
      change_request: { status: 'applied', approvals: 1, required: 1 },
    });
    expect(mine[0]?.lines[0]).toBe('active: true → false');
  });

  it('tells subscribers of a rejection with its comment', async () => {
    const { sent, service, flag } = await setup();
    const request = await service.request(1, flag.id, { deleted: true }, member('ana'), null);
    await service.reject(1, request?.id ?? '', member('bo'), 'still used by checkout');
    const last = sent.at(-1);
    expect(last?.type).toBe('change_request.rejected');
    expect(last?.data).toMatchObject({
      comment: 'still used by checkout',
      actor: { name: 'bo@example.com' },
    });
  });

  it('makes no request when nothing would change or no approvals are needed', async () => {
    const { sent, service, flag } = await setup();
    expect(await service.request(1, flag.id, { active: true }, member('ana'), null)).toBeUndefined();
    await service.setRequired(1, null, 0);
    expect(await service.request(1, flag.id, { active: false }, member('ana'), null)).toBeUndefined();
    expect(sent.filter((n) => n.type.startsWith('change_request.'))).toEqual([]);
  });
});
