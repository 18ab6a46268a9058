import type { ActivityChange, ActivityEntry } from '../../activity-log/activity-entry.ts';
import type { ActivityLogStore, ActivityQuery } from '../../activity-log/activity-log-store.ts';
import type { Executor, PostgresDatabase, Row } from './postgres-database.ts';
import { date, num, optionalNum, optionalStr, str } from './row-values.ts';

const INSERT = `INSERT INTO activity_log (id, project_id, scope, item_id, activity, actor_kind, actor_id, actor_name,
  created_at, name, changes, reason, revert_of, environment_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`;

/** Appends one entry through an executor already inside a transaction (the flag store's), or the pool. */
export async function insertActivity(tx: Executor, e: ActivityEntry): Promise<void> {
  await tx.run(INSERT, [
    e.id,
    e.projectId,
    e.scope,
    e.itemId,
    e.activity,
    e.actor.kind,
    e.actor.id,
    e.actor.name,
    e.at,
    e.name,
    JSON.stringify(e.changes),
    e.reason,
    e.revertOf,
    e.environmentId ?? null,
  ]);
}

function entryOf(row: Row): ActivityEntry {
  return {
    id: str(row, 'id'),
    projectId: num(row, 'project_id'),
    scope: str(row, 'scope') as ActivityEntry['scope'],
    itemId: str(row, 'item_id'),
    activity: str(row, 'activity') as ActivityEntry['activity'],
    actor: {
      kind: str(row, 'actor_kind') as ActivityEntry['actor']['kind'],
      id: optionalStr(row, 'actor_id'),
      name: str(row, 'actor_name'),
    },
    at: date(row, 'created_at'),
    name: optionalStr(row, 'name'),
    changes: Array.isArray(row.changes) ? (row.changes as ActivityChange[]) : [],
    reason: optionalStr(row, 'reason'),
    revertOf: optionalStr(row, 'revert_of'),
    environmentId: optionalNum(row, 'environment_id'),
  };
}

export class PostgresActivityLogStore implements ActivityLogStore {
  constructor(private readonly db: PostgresDatabase) {}

  append(entry: ActivityEntry): Promise<void> {
    return insertActivity(this.db, entry);
  }

  async list(q: ActivityQuery): Promise<ActivityEntry[]> {
    // Every condition is a bound parameter; absent filters are NULL and match everything.
    const rows = await this.db.run(
      `SELECT * FROM activity_log
       WHERE project_id = $1
         AND ($2::text IS NULL OR scope = $2) AND ($3::text IS NULL OR item_id = $3)
         AND ($4::text IS NULL OR actor_id = $4) AND ($5::text IS NULL OR actor_kind = $5)
         AND ($6::timestamptz IS NULL OR created_at >= $6) AND ($7::timestamptz IS NULL OR created_at < $7)
         AND ($8::timestamptz IS NULL OR created_at < $8 OR (created_at = $8 AND id < $9))
       ORDER BY created_at DESC, id DESC
       LIMIT $10`,
      [
        q.projectId,
        q.scope ?? null,
        q.itemId ?? null,
        q.actorId ?? null,
        q.actorKind ?? null,
        q.after ?? null,
        q.before ?? null,
        q.cursor?.at ?? null,
        q.cursor?.id ?? '',
        q.limit,
      ],
    );
    return rows.map(entryOf);
  }

  async get(projectId: number, id: string): Promise<ActivityEntry | undefined> {
    const [row] = await this.db.run('SELECT * FROM activity_log WHERE project_id = $1 AND id = $2', [
      projectId,
      id,
    ]);
    return row ? entryOf(row) : undefined;
  }
}
