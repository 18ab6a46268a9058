import type { ChangeFeed, IdentityChange, Topic } from '../storage/change-feed.ts';
import type { Logger } from '../util/logger.ts';
import { CoalescedTask } from './coalesced-task.ts';

export type Reload = () => Promise<void>;

export interface ChangeTargets {
  /**
   * The cache reloads each topic calls for. A function listed under several topics is one coalesced task, so
   * two topics never run the same reload twice at once (an older read could then land last).
   */
  reloads: Readonly<Record<Topic, readonly Reload[]>>;
  /** Query results over these environments are stale ('all' after a resync). */
  invalidateQueries(environmentIds: number[] | 'all'): void;
  forgetIdentities(change: IdentityChange): void;
  forgetAllIdentities(): void;
  logger: Logger;
}

export interface Following {
  stop(): void;
  /** Settles once every reload asked for so far has run (tests wait on it). */
  idle(): Promise<void>;
}

/**
 * Keeps this node's caches in step with what other nodes commit: a topic reloads its caches in the background,
 * never on a request's path (`/flags` keeps answering from memory while a reload runs).
 */
export function followChanges(feed: ChangeFeed, targets: ChangeTargets): Following {
  const tasks = new Map<Reload, CoalescedTask>();
  const byTopic = new Map<string, CoalescedTask[]>();
  for (const [topic, reloads] of Object.entries(targets.reloads) as [Topic, readonly Reload[]][]) {
    byTopic.set(
      topic,
      reloads.map((reload) => {
        let task = tasks.get(reload);
        if (!task) {
          task = new CoalescedTask(reload, (error) =>
            targets.logger.warn('a cache reload failed; the next change retries it', {
              error: String(error),
            }),
          );
          tasks.set(reload, task);
        }
        return task;
      }),
    );
  }
  const unsubscribe = feed.subscribe((change) => {
    switch (change.kind) {
      case 'topic':
        // A topic this build does not know comes from a newer node; none of our caches hold it.
        for (const task of byTopic.get(change.topic) ?? []) task.request();
        break;
      case 'events':
        targets.invalidateQueries(change.environmentIds);
        break;
      case 'identity':
        targets.forgetIdentities(change.change);
        break;
      case 'resync':
        for (const task of tasks.values()) task.request();
        targets.forgetAllIdentities();
        targets.invalidateQueries('all');
        break;
    }
  });
  return {
    stop: unsubscribe,
    async idle() {
      await Promise.all([...tasks.values()].map((t) => t.idle()));
    },
  };
}
