import type { Properties } from '../../events/event.ts';
import type { Group } from '../../groups/group.ts';
import type { IdentityCopies } from '../../storage/clickhouse/clickhouse-event-writer.ts';

type Row = Record<string, unknown>;

const text = (r: Row, k: string): string => String(r[k] ?? '');
const int = (r: Row, k: string): number => Number(r[k]);
const time = (r: Row, k: string): Date => {
  const v = r[k];
  return v instanceof Date ? v : new Date(String(v));
};
const props = (r: Row, k: string): Properties => {
  const parsed: unknown = JSON.parse(text(r, k) || '{}');
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Properties)
    : {};
};

/**
 * The ClickHouse identity copies of rows read from a DuckDB or PostgreSQL identity table (same column names
 * on both), as the writer takes them, so the copies are written exactly as ingestion writes them.
 */
export function identityCopies(table: string, rows: readonly Row[]): IdentityCopies {
  switch (table) {
    case 'persons':
      return {
        persons: rows.map((r) => ({
          person: {
            id: text(r, 'id'),
            projectId: int(r, 'project_id'),
            createdAt: time(r, 'created_at'),
            properties: props(r, 'properties'),
            isIdentified: r.is_identified === true,
            version: int(r, 'version'),
            distinctIds: [],
          },
          deleted: r.is_deleted === true,
        })),
      };
    case 'person_distinct_ids':
      return {
        distinctIds: rows.map((r) => ({
          projectId: int(r, 'project_id'),
          distinctId: text(r, 'distinct_id'),
          personId: text(r, 'person_id'),
          version: int(r, 'version'),
        })),
      };
    case 'person_overrides':
      return {
        overrides: rows.map((r) => ({
          projectId: int(r, 'project_id'),
          oldPersonId: text(r, 'old_person_id'),
          personId: text(r, 'person_id'),
          version: int(r, 'version'),
        })),
      };
    case 'groups':
      return {
        groups: rows.map(
          (r): Group => ({
            projectId: int(r, 'project_id'),
            groupTypeIndex: int(r, 'group_type_index'),
            groupKey: text(r, 'group_key'),
            properties: props(r, 'properties'),
            createdAt: time(r, 'created_at'),
            version: int(r, 'version'),
          }),
        ),
      };
    case 'cohort_static_members':
      return {
        cohortMembers: rows.map((r) => ({
          projectId: int(r, 'project_id'),
          cohortId: int(r, 'cohort_id'),
          distinctId: text(r, 'distinct_id'),
        })),
      };
    default:
      throw new Error(`${table} has no ClickHouse copy.`);
  }
}
