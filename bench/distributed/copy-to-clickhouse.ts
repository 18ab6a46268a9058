// Copies the generated DuckDB data into ClickHouse through the production writer (ClickHouseEventWriter):
// events in chunks through the Distributed table in the foreground, identity versions on every node.
import type { StoredEvent } from '../../packages/server/src/events/event.ts';
import type { Person } from '../../packages/server/src/persons/person.ts';
import type { QueryRunner, SqlRow } from '../../packages/server/src/query/query-runner.ts';
import type { ClickHouseEventWriter } from '../../packages/server/src/storage/clickhouse/clickhouse-event-writer.ts';

const READ = { timeoutMs: 600_000 };
const CHUNK = 50_000;

const text = (v: unknown): string => String(v ?? '');
const json = (v: unknown): Record<string, unknown> => JSON.parse(text(v) || '{}') as Record<string, unknown>;

const toEvent = (r: SqlRow): StoredEvent => ({
  uuid: text(r.uuid),
  projectId: Number(r.project_id),
  event: text(r.event),
  distinctId: text(r.distinct_id),
  personId: text(r.person_id),
  timestamp: new Date(Number(r.ts)),
  createdAt: new Date(Number(r.ca)),
  properties: json(r.properties),
  groups: [text(r.group_0), text(r.group_1), text(r.group_2), text(r.group_3), text(r.group_4)],
});

/** Every event, `CHUNK` rows per insert (about what a busy node's group commit hands over); returns the count. */
export async function copyEvents(duck: QueryRunner, writer: ClickHouseEventWriter): Promise<number> {
  const total = Number((await duck.run('SELECT max(rowid) + 1 AS n FROM events', [], READ))[0]?.n ?? 0);
  let copied = 0;
  for (let from = 0; from < total; from += CHUNK) {
    const rows = await duck.run(
      `SELECT project_id, uuid::VARCHAR AS uuid, event, distinct_id, person_id::VARCHAR AS person_id,
        epoch_ms(timestamp) AS ts, epoch_ms(created_at) AS ca, properties::VARCHAR AS properties,
        group_0, group_1, group_2, group_3, group_4
      FROM events WHERE rowid >= $1 AND rowid < $2`,
      [from, from + CHUNK],
      READ,
    );
    await writer.insertEvents(rows.map(toEvent));
    copied += rows.length;
    process.stdout.write(`\r  events copied: ${copied.toLocaleString('en')} / ${total.toLocaleString('en')}`);
  }
  process.stdout.write('\n');
  return copied;
}

/** Persons and their distinct ids (the generator's one person per distinct id). */
export async function copyIdentities(duck: QueryRunner, writer: ClickHouseEventWriter): Promise<void> {
  const persons = (
    await duck.run(
      `SELECT project_id, id::VARCHAR AS id, epoch_ms(created_at) AS ca, properties::VARCHAR AS properties,
        is_identified, version FROM persons`,
      [],
      READ,
    )
  ).map((r) => ({
    person: {
      id: text(r.id),
      projectId: Number(r.project_id),
      createdAt: new Date(Number(r.ca)),
      properties: json(r.properties),
      isIdentified: r.is_identified === true,
      version: Number(r.version),
      distinctIds: [],
    } satisfies Person,
    deleted: false,
  }));
  const distinctIds = (
    await duck.run(
      'SELECT project_id, distinct_id, person_id::VARCHAR AS person_id, version FROM person_distinct_ids',
      [],
      READ,
    )
  ).map((r) => ({
    projectId: Number(r.project_id),
    distinctId: text(r.distinct_id),
    personId: text(r.person_id),
    version: Number(r.version),
  }));
  await writer.insertIdentities({ persons, distinctIds });
}

/** The person overrides a query's setup wrote into DuckDB, so both engines answer over the same merges. */
export async function copyOverrides(duck: QueryRunner, writer: ClickHouseEventWriter): Promise<void> {
  const overrides = (
    await duck.run(
      `SELECT project_id, old_person_id::VARCHAR AS old_id, person_id::VARCHAR AS person_id, version
        FROM person_overrides`,
      [],
      READ,
    )
  ).map((r) => ({
    projectId: Number(r.project_id),
    oldPersonId: text(r.old_id),
    personId: text(r.person_id),
    version: Number(r.version),
  }));
  await writer.insertIdentities({ overrides });
}
