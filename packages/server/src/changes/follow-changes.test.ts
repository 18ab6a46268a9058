import { describe, expect, it } from 'vitest';
import type { Change, ChangeFeed, IdentityChange, Topic } from '../storage/change-feed.ts';
import { silentLogger } from '../util/logger.ts';
import { followChanges, type Reload } from './follow-changes.ts';

/** A feed the test drives by hand. */
function handFeed() {
  const listeners = new Set<(c: Change) => void>();
  const feed: ChangeFeed = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => undefined,
  };
  const send = (c: Change) => {
    for (const l of listeners) l(c);
  };
  return { feed, send, listeners };
}

/** A reload that takes `ms` and records when each run started, by the sequence number of the last send. */
function slowReload(ms: number, clock: { sent: number }) {
  const starts: number[] = [];
  const reload: Reload = async () => {
    starts.push(clock.sent);
    await new Promise((r) => setTimeout(r, ms));
  };
  return { reload, starts };
}

const noReloads = (): Record<Topic, Reload[]> => ({
  projects: [],
  keys: [],
  members: [],
  sessions: [],
  flags: [],
  hash_key_overrides: [],
  cohorts: [],
  insights: [],
  dashboards: [],
  experiments: [],
  early_access: [],
});

const noIdentity: IdentityChange = { distinctIds: [], personIds: [], groups: [], groupTypeProjects: [] };

describe('following the change feed', () => {
  it('turns a burst of 200 notifications into at most two reloads, the last one after the burst', async () => {
    const { feed, send } = handFeed();
    const clock = { sent: 0 };
    const flags = slowReload(20, clock);
    const projects = slowReload(20, clock);
    // `projects` is listed under two topics: still one task, so never two of its reloads at once.
    const following = followChanges(feed, {
      reloads: {
        ...noReloads(),
        flags: [flags.reload],
        projects: [projects.reload],
        keys: [projects.reload],
      },
      invalidateQueries: () => undefined,
      forgetIdentities: () => undefined,
      forgetAllIdentities: () => undefined,
      logger: silentLogger,
    });
    for (let i = 0; i < 200; i++) {
      clock.sent = i + 1;
      send({ kind: 'topic', topic: i % 2 === 0 ? 'flags' : i % 4 === 1 ? 'projects' : 'keys' });
    }
    await following.idle();
    expect(flags.starts).toEqual([1, 200]);
    expect(projects.starts).toEqual([2, 200]);
    following.stop();
  });

  it('queues one more reload for changes that arrive during a reload, and none when nothing changed', async () => {
    const { feed, send } = handFeed();
    const clock = { sent: 0 };
    const cohorts = slowReload(30, clock);
    const following = followChanges(feed, {
      reloads: { ...noReloads(), cohorts: [cohorts.reload] },
      invalidateQueries: () => undefined,
      forgetIdentities: () => undefined,
      forgetAllIdentities: () => undefined,
      logger: silentLogger,
    });
    clock.sent = 1;
    send({ kind: 'topic', topic: 'cohorts' });
    await following.idle();
    clock.sent = 2;
    send({ kind: 'topic', topic: 'cohorts' });
    await new Promise((r) => setTimeout(r, 10));
    clock.sent = 3;
    send({ kind: 'topic', topic: 'cohorts' });
    send({ kind: 'topic', topic: 'a-topic-from-a-newer-node' });
    await following.idle();
    expect(cohorts.starts).toEqual([1, 2, 3]);
  });

  it('keeps following after a reload fails', async () => {
    const { feed, send } = handFeed();
    let runs = 0;
    const following = followChanges(feed, {
      reloads: {
        ...noReloads(),
        insights: [
          async () => {
            runs += 1;
            if (runs === 1) throw new Error('PostgreSQL is unavailable');
          },
        ],
      },
      invalidateQueries: () => undefined,
      forgetIdentities: () => undefined,
      forgetAllIdentities: () => undefined,
      logger: silentLogger,
    });
    send({ kind: 'topic', topic: 'insights' });
    await following.idle();
    send({ kind: 'topic', topic: 'insights' });
    await following.idle();
    expect(runs).toBe(2);
  });

  it('invalidates queries, forgets identities, and on a resync does everything', async () => {
    const { feed, send, listeners } = handFeed();
    const invalidated: (number[] | 'all')[] = [];
    const forgotten: IdentityChange[] = [];
    let forgotAll = 0;
    let reloads = 0;
    const reload: Reload = async () => {
      reloads += 1;
    };
    const following = followChanges(feed, {
      reloads: {
        ...noReloads(),
        flags: [reload],
        dashboards: [
          async () => {
            reloads += 10;
          },
        ],
      },
      invalidateQueries: (ids) => invalidated.push(ids),
      forgetIdentities: (c) => forgotten.push(c),
      forgetAllIdentities: () => {
        forgotAll += 1;
      },
      logger: silentLogger,
    });
    send({ kind: 'events', environmentIds: [2, 3] });
    const change = { ...noIdentity, personIds: ['p1'] };
    send({ kind: 'identity', change });
    expect(invalidated).toEqual([[2, 3]]);
    expect(forgotten).toEqual([change]);
    expect(reloads).toBe(0);
    send({ kind: 'resync' });
    await following.idle();
    expect(reloads).toBe(11);
    expect(forgotAll).toBe(1);
    expect(invalidated).toEqual([[2, 3], 'all']);
    following.stop();
    expect(listeners.size).toBe(0);
  });
});
