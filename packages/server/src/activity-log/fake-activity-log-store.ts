import type { ActivityEntry } from './activity-entry.ts';
import type { ActivityLogStore, ActivityQuery } from './activity-log-store.ts';
import { matchesActivityQuery, newestFirst } from './activity-query-match.ts';

export class FakeActivityLogStore implements ActivityLogStore {
  private readonly entries: ActivityEntry[] = [];

  async append(entry: ActivityEntry): Promise<void> {
    this.entries.push(structuredClone(entry));
  }

  async list(q: ActivityQuery): Promise<ActivityEntry[]> {
    return this.entries
      .filter((e) => matchesActivityQuery(e, q))
      .sort(newestFirst)
      .slice(0, q.limit)
      .map((e) => structuredClone(e));
  }

  async get(projectId: number, id: string): Promise<ActivityEntry | undefined> {
    const found = this.entries.find((e) => e.projectId === projectId && e.id === id);
    return found ? structuredClone(found) : undefined;
  }
}
