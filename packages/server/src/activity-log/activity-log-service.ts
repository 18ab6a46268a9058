import { AppError } from '../errors/app-error.ts';
import type {
  ActivityChange,
  ActivityEntry,
  ActivityKind,
  ActivityScope,
  ChangeContext,
} from './activity-entry.ts';
import type { ActivityLogStore, ActivityQuery } from './activity-log-store.ts';
import { entryId } from './entry-id.ts';

export interface NewEntry {
  projectId: number;
  scope: ActivityScope;
  itemId: string;
  activity: ActivityKind;
  name: string | null;
  changes: ActivityChange[];
  environmentId?: number | null;
}

/** Builds a complete entry; shared by the log itself and by stores that append inside their own transaction. */
export function newEntry(e: NewEntry, by: ChangeContext, at: Date): ActivityEntry {
  return {
    ...e,
    id: entryId(at),
    at,
    actor: by.actor,
    reason: by.reason,
    revertOf: by.revertOf ?? null,
  };
}

/** The project-wide change stream: append and read, nothing else. */
export class ActivityLogService {
  private readonly now: () => Date;

  constructor(
    private readonly store: ActivityLogStore,
    now?: () => Date,
  ) {
    this.now = now ?? (() => new Date());
  }

  async record(e: NewEntry, by: ChangeContext): Promise<ActivityEntry> {
    const entry = newEntry(e, by, this.now());
    await this.store.append(entry);
    return entry;
  }

  list(query: ActivityQuery): Promise<ActivityEntry[]> {
    return this.store.list(query);
  }

  async get(projectId: number, id: string): Promise<ActivityEntry> {
    const entry = await this.store.get(projectId, id);
    if (!entry) throw new AppError('ACTIVITY_NOT_FOUND', `No activity log entry "${id}" in this project.`);
    return entry;
  }
}
