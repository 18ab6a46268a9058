import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { IdentityVisitor, IngestionStore, WriteSet } from '../../ingestion/write-set.ts';
import { personIdFor } from '../../persons/person-processor.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { num, timestampValue } from './row-values.ts';

async function append(
  connection: DuckDBConnection,
  table: string,
  rows: number,
  write: (appender: DuckDBAppender, index: number) => void,
): Promise<void> {
  if (rows === 0) return;
  const appender = await connection.createAppender(table);
  try {
    for (let i = 0; i < rows; i++) {
      write(appender, i);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** Writes a group commit with appenders inside one transaction; DuckDB syncs its WAL on COMMIT. */
export class DuckDbIngestionStore implements IngestionStore {
  constructor(private readonly db: DuckDbDatabase) {}

  commit(ws: WriteSet): Promise<void> {
    return this.db.transaction(async (c) => {
      await append(c, 'events', ws.events.length, (a, i) => {
        const e = ws.events[i]!;
        a.appendInteger(e.projectId);
        a.appendVarchar(e.uuid);
        a.appendVarchar(e.event);
        a.appendVarchar(e.distinctId);
        a.appendVarchar(e.personId);
        a.appendTimestamp(timestampValue(e.timestamp));
        a.appendTimestamp(timestampValue(e.createdAt));
        a.appendVarchar(JSON.stringify(e.properties));
        for (const g of e.groups) a.appendVarchar(g);
      });
      await append(c, 'persons', ws.persons.length, (a, i) => {
        const { person: p, deleted } = ws.persons[i]!;
        a.appendInteger(p.projectId);
        a.appendVarchar(p.id);
        a.appendTimestamp(timestampValue(p.createdAt));
        a.appendVarchar(JSON.stringify(p.properties));
        a.appendBoolean(p.isIdentified);
        a.appendBoolean(deleted);
        a.appendBigInt(BigInt(p.version));
      });
      await append(c, 'person_distinct_ids', ws.distinctIds.length, (a, i) => {
        const d = ws.distinctIds[i]!;
        a.appendInteger(d.projectId);
        a.appendVarchar(d.distinctId);
        a.appendVarchar(d.personId);
        a.appendBigInt(BigInt(d.version));
      });
      // Events carry the deterministic person id of their distinct id until it is mapped elsewhere; from then
      // on the override sends queries to the mapped person, so a merge never rewrites events.
      const overrides = ws.distinctIds.filter((d) => d.personId !== personIdFor(d.projectId, d.distinctId));
      await append(c, 'person_overrides', overrides.length, (a, i) => {
        const d = overrides[i]!;
        a.appendInteger(d.projectId);
        a.appendVarchar(personIdFor(d.projectId, d.distinctId));
        a.appendVarchar(d.personId);
        a.appendBigInt(BigInt(d.version));
      });
      await append(c, 'groups', ws.groups.length, (a, i) => {
        const g = ws.groups[i]!;
        a.appendInteger(g.projectId);
        a.appendInteger(g.groupTypeIndex);
        a.appendVarchar(g.groupKey);
        a.appendVarchar(JSON.stringify(g.properties));
        a.appendTimestamp(timestampValue(g.createdAt));
        a.appendBigInt(BigInt(g.version));
      });
      for (const t of ws.groupTypes) {
        await c.run('INSERT INTO group_type_mapping VALUES ($1, $2, $3, $4)', [
          t.projectId,
          t.groupType,
          t.groupTypeIndex,
          timestampValue(t.createdAt),
        ]);
      }
    });
  }

  async maxDistinctIdVersion(): Promise<number> {
    const rows = await this.db.queryWriter('SELECT coalesce(max(version), 0) AS v FROM person_distinct_ids');
    return rows[0] ? num(rows[0], 'v') : 0;
  }

  /** Streams chunk by chunk: at a million ids, materialising row objects would cost hundreds of MB at start. */
  scanIdentities(visit: IdentityVisitor): Promise<void> {
    return this.db.withReader(async (c) => {
      const ids = await c.stream('SELECT DISTINCT project_id, distinct_id FROM person_distinct_ids');
      for await (const rows of ids.yieldRows()) {
        for (const [projectId, id] of rows) visit.distinctId(Number(projectId), String(id));
      }
      const groups = await c.stream('SELECT DISTINCT project_id, group_type_index, group_key FROM groups');
      for await (const rows of groups.yieldRows()) {
        for (const [projectId, index, key] of rows)
          visit.group(Number(projectId), Number(index), String(key));
      }
    });
  }
}
