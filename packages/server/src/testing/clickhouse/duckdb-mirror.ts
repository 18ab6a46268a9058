import type { StoredEvent } from '../../events/event.ts';
import type { Group } from '../../groups/group.ts';
import type { Person } from '../../persons/person.ts';
import type { QueryRunner, SqlRow } from '../../query/query-runner.ts';
import type { IdentityCopies } from '../../storage/clickhouse/clickhouse-event-writer.ts';

const READ = { timeoutMs: 60_000 };

const text = (v: unknown): string => String(v ?? '');
const num = (v: unknown): number => Number(v);
const json = (v: unknown): Record<string, unknown> => JSON.parse(text(v) || '{}') as Record<string, unknown>;
const time = (v: unknown): Date => new Date(num(v));

async function rows(duck: QueryRunner, sql: string): Promise<SqlRow[]> {
  return duck.run(sql, [], READ);
}

/**
 * Everything the DuckDB file holds that the ClickHouse tables copy, as the domain rows ingestion writes:
 * the query tests seed through the real capture path once and replay its outcome into ClickHouse.
 */
export async function readDuckDbAnalytics(
  duck: QueryRunner,
): Promise<{ events: StoredEvent[]; identities: IdentityCopies }> {
  const events = (
    await rows(
      duck,
      `SELECT project_id, uuid::VARCHAR AS uuid, event, distinct_id, person_id::VARCHAR AS person_id,
        epoch_ms(timestamp) AS ts, epoch_ms(created_at) AS ca, properties::VARCHAR AS properties,
        group_0, group_1, group_2, group_3, group_4 FROM events`,
    )
  ).map(
    (r): StoredEvent => ({
      uuid: text(r.uuid),
      projectId: num(r.project_id),
      event: text(r.event),
      distinctId: text(r.distinct_id),
      personId: text(r.person_id),
      timestamp: time(r.ts),
      createdAt: time(r.ca),
      properties: json(r.properties),
      groups: [text(r.group_0), text(r.group_1), text(r.group_2), text(r.group_3), text(r.group_4)],
    }),
  );
  const persons = (
    await rows(
      duck,
      `SELECT project_id, id::VARCHAR AS id, epoch_ms(created_at) AS ca, properties::VARCHAR AS properties,
        is_identified, is_deleted, version FROM persons`,
    )
  ).map((r) => ({
    person: {
      id: text(r.id),
      projectId: num(r.project_id),
      createdAt: time(r.ca),
      properties: json(r.properties),
      isIdentified: r.is_identified === true,
      version: num(r.version),
      distinctIds: [],
    } satisfies Person,
    deleted: r.is_deleted === true,
  }));
  const distinctIds = (
    await rows(
      duck,
      'SELECT project_id, distinct_id, person_id::VARCHAR AS person_id, version FROM person_distinct_ids',
    )
  ).map((r) => ({
    projectId: num(r.project_id),
    distinctId: text(r.distinct_id),
    personId: text(r.person_id),
    version: num(r.version),
  }));
  const overrides = (
    await rows(
      duck,
      `SELECT project_id, old_person_id::VARCHAR AS old_id, person_id::VARCHAR AS person_id, version
        FROM person_overrides`,
    )
  ).map((r) => ({
    projectId: num(r.project_id),
    oldPersonId: text(r.old_id),
    personId: text(r.person_id),
    version: num(r.version),
  }));
  const groups = (
    await rows(
      duck,
      `SELECT project_id, group_type_index, group_key, properties::VARCHAR AS properties,
        epoch_ms(created_at) AS ca, version FROM groups`,
    )
  ).map(
    (r): Group => ({
      projectId: num(r.project_id),
      groupTypeIndex: num(r.group_type_index),
      groupKey: text(r.group_key),
      properties: json(r.properties),
      createdAt: time(r.ca),
      version: num(r.version),
    }),
  );
  const cohortMembers = (
    await rows(duck, 'SELECT project_id, cohort_id, distinct_id FROM cohort_static_members')
  ).map((r) => ({
    projectId: num(r.project_id),
    cohortId: num(r.cohort_id),
    distinctId: text(r.distinct_id),
  }));
  return { events, identities: { persons, distinctIds, overrides, groups, cohortMembers } };
}
