import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupColumns, StoredEvent } from '../../events/event.ts';
import { uuidv7 } from '../../util/uuid.ts';
import { DuckDbDatabase } from './duckdb-database.ts';
import { DuckDbIngestionStore } from './duckdb-ingestion-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function event(i: number): StoredEvent {
  const groups: GroupColumns = ['', '', '', '', ''];
  if (i % 3 === 0) groups[i % 5] = `org-${i}`;
  return {
    uuid: uuidv7(),
    projectId: 1 + (i % 2),
    event: i % 7 === 0 ? '$pageview' : `event ${i} with a name longer than twelve bytes ✓`,
    distinctId: `user-${i}`,
    personId: uuidv7(),
    timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000),
    createdAt: new Date(Date.UTC(2026, 0, 2)),
    properties: { i, nested: { list: [i, 'x'] }, $ip: '127.0.0.1' },
    groups,
  };
}

describe('DuckDbIngestionStore', () => {
  it('stores every column of every event across several DataChunks in one commit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'signpost-ingestion-store-'));
    dirs.push(dir);
    const db = await DuckDbDatabase.open(dir);
    const events = Array.from({ length: 5000 }, (_, i) => event(i));
    await new DuckDbIngestionStore(db).commit({
      events,
      persons: [],
      distinctIds: [],
      groups: [],
      groupTypes: [],
    });
    const rows = await db.query(
      `SELECT project_id, uuid::VARCHAR AS uuid, event, distinct_id, person_id::VARCHAR AS person_id,
         epoch_ms(timestamp) AS ts, epoch_ms(created_at) AS created, properties::VARCHAR AS properties,
         group_0, group_1, group_2, group_3, group_4
       FROM events ORDER BY timestamp`,
    );
    await db.close();
    expect(rows).toHaveLength(events.length);
    rows.forEach((row, i) => {
      const e = events[i] as StoredEvent;
      expect(row).toEqual({
        project_id: e.projectId,
        uuid: e.uuid,
        event: e.event,
        distinct_id: e.distinctId,
        person_id: e.personId,
        ts: BigInt(e.timestamp.getTime()),
        created: BigInt(e.createdAt.getTime()),
        properties: JSON.stringify(e.properties),
        group_0: e.groups[0],
        group_1: e.groups[1],
        group_2: e.groups[2],
        group_3: e.groups[3],
        group_4: e.groups[4],
      });
    });
  });
});
