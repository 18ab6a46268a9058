import type { DuckDBConnection } from '@duckdb/node-api';
import type { ActivityChange, ActivityEntry } from '../../activity-log/activity-entry.ts';
import type { ActivityLogStore, ActivityQuery } from '../../activity-log/activity-log-store.ts';
import type { DuckDbDatabase, Row } from './duckdb-database.ts';
import { date, num, str, timestampValue } from './row-values.ts';

const INSERT = `INSERT INTO activity_log (id, project_id, scope, item_id, activity, actor_kind, actor_id, actor_name,
  created_at, name, changes, reason, revert_of, environment_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`;

/** Appends one entry on a connection already inside a transaction (the flag store's, or our own). */
export function insertActivity(c: DuckDBConnection, e: ActivityEntry): Promise<unknown> {
  return c.run(INSERT, [
    e.id,
    e.projectId,
    e.scope,
    e.itemId,
    e.activity,
    e.actor.kind,
    e.actor.id,
    e.actor.name,
    timestampValue(e.at),
    e.name,
    JSON.stringify(e.changes),
    e.reason,
    e.revertOf,
    e.environmentId ?? null,
  ]);
}

const optional = (row: Row, key: string): string | null => {
  const v = row[key];
  return typeof v === 'string' ? v : null;
};

function entryOf(row: Row): ActivityEntry {
  const changes: unknown = JSON.parse(str(row, 'changes'));
  return {
    id: str(row, 'id'),
    projectId: num(row, 'project_id'),
    scope: str(row, 'scope') as ActivityEntry['scope'],
    itemId: str(row, 'item_id'),
    activity: str(row, 'activity') as ActivityEntry['activity'],
    actor: {
      kind: str(row, 'actor_kind') as ActivityEntry['actor']['kind'],
      id: optional(row, 'actor_id'),
      name: str(row, 'actor_name'),
    },
    at: date(row, 'created_at'),
    name: optional(row, 'name'),
    changes: Array.isArray(changes) ? (changes as ActivityChange[]) : [],
    reason: optional(row, 'reason'),
    revertOf: optional(row, 'revert_of'),
    environmentId:
      row.environment_id === null || row.environment_id === undefined ? null : num(row, 'environment_id'),
  };
}

export class DuckDbActivityLogStore implements ActivityLogStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async append(entry: ActivityEntry): Promise<void> {
    await this.db.write((c) => insertActivity(c, entry));
  }

  async list(q: ActivityQuery): Promise<ActivityEntry[]> {
    // Every condition is a bound parameter; absent filters are NULL and match everything.
    const rows = await this.db.query(
      `SELECT * FROM activity_log
       WHERE project_id = $1
         AND ($2::VARCHAR IS NULL OR scope = $2) AND ($3::VARCHAR IS NULL OR item_id = $3)
         AND ($4::VARCHAR IS NULL OR actor_id = $4) AND ($5::VARCHAR IS NULL OR actor_kind = $5)
         AND ($6::TIMESTAMP IS NULL OR created_at >= $6) AND ($7::TIMESTAMP IS NULL OR created_at < $7)
         AND ($8::TIMESTAMP IS NULL OR created_at < $8 OR (created_at = $8 AND id < $9))
       ORDER BY created_at DESC, id DESC
       LIMIT $10`,
      [
        q.projectId,
        q.scope ?? null,
        q.itemId ?? null,
        q.actorId ?? null,
        q.actorKind ?? null,
        q.after ? timestampValue(q.after) : null,
        q.before ? timestampValue(q.before) : null,
        q.cursor ? timestampValue(q.cursor.at) : null,
        q.cursor?.id ?? '',
        q.limit,
      ],
    );
    return rows.map(entryOf);
  }

  async get(projectId: number, id: string): Promise<ActivityEntry | undefined> {
    const rows = await this.db.query('SELECT * FROM activity_log WHERE project_id = $1 AND id = $2', [
      projectId,
      id,
    ]);
    return rows[0] ? entryOf(rows[0]) : undefined;
  }
}
