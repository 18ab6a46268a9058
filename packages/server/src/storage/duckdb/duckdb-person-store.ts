import { listValue } from '@duckdb/node-api';
import type { Person } from '../../persons/person.ts';
import type { PersonFilter, PersonQuery, PersonStore } from '../../persons/person-store.ts';
import type { DuckDbDatabase, Row } from './duckdb-database.ts';
import { bool, date, num, props, str, strings } from './row-values.ts';

// Newest version of every mapping and person; persons merged away carry is_deleted on their last version.
const CURRENT = `
  mapping AS (
    SELECT distinct_id, arg_max(person_id, version) AS person_id
    FROM person_distinct_ids WHERE project_id = $1 GROUP BY distinct_id),
  person AS (
    SELECT id, arg_max(created_at, version) AS created_at, arg_max(properties, version) AS properties,
           arg_max(is_identified, version) AS is_identified, arg_max(is_deleted, version) AS is_deleted,
           max(version) AS version
    FROM persons WHERE project_id = $1 GROUP BY id)`;

const SELECT_PERSON = `
  SELECT p.id::VARCHAR AS id, p.created_at, p.properties, p.is_identified, p.version,
         (SELECT list(m.distinct_id ORDER BY m.distinct_id) FROM mapping m WHERE m.person_id = p.id) AS distinct_ids
  FROM person p`;

function toPerson(projectId: number, row: Row): Person {
  return {
    id: str(row, 'id'),
    projectId,
    createdAt: date(row, 'created_at'),
    properties: props(row, 'properties'),
    isIdentified: bool(row, 'is_identified'),
    version: num(row, 'version'),
    distinctIds: strings(row, 'distinct_ids'),
  };
}

export class DuckDbPersonStore implements PersonStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async findPersonsByDistinctIds(projectId: number, distinctIds: string[]): Promise<Person[]> {
    if (distinctIds.length === 0) return [];
    // Filters before aggregating, so the cost follows the ids asked for rather than the size of the tables.
    // A read connection sees every commit that finished before the query started, which is all the single
    // writer needs: it never looks up a person while relying on its own uncommitted rows.
    const rows = await this.db.query(
      `WITH wanted AS (
         SELECT arg_max(person_id, version) AS person_id FROM person_distinct_ids
         WHERE project_id = $1 AND distinct_id IN (SELECT unnest($2::VARCHAR[])) GROUP BY distinct_id),
       mapping AS (
         SELECT distinct_id, arg_max(person_id, version) AS person_id FROM person_distinct_ids
         WHERE project_id = $1 AND distinct_id IN (
           SELECT distinct_id FROM person_distinct_ids
           WHERE project_id = $1 AND person_id IN (SELECT person_id FROM wanted))
         GROUP BY distinct_id),
       person AS (
         SELECT id, arg_max(created_at, version) AS created_at, arg_max(properties, version) AS properties,
                arg_max(is_identified, version) AS is_identified, arg_max(is_deleted, version) AS is_deleted,
                max(version) AS version
         FROM persons WHERE project_id = $1 AND id IN (SELECT person_id FROM wanted) GROUP BY id)
       ${SELECT_PERSON} WHERE NOT p.is_deleted`,
      [projectId, listValue(distinctIds)],
    );
    return rows.map((r) => toPerson(projectId, r)).filter((p) => p.distinctIds.length > 0);
  }

  async listPersons(q: PersonQuery): Promise<Person[]> {
    const { params, where } = personWhere(q);
    params.push(q.limit, q.offset);
    const rows = await this.db.query(
      `WITH ${CURRENT} ${SELECT_PERSON} WHERE ${where}
       ORDER BY p.created_at DESC, p.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map((r) => toPerson(q.projectId, r));
  }

  async countPersons(q: PersonFilter): Promise<number> {
    const { params, where } = personWhere(q);
    const [row] = await this.db.query(
      `WITH ${CURRENT} SELECT count(*)::INTEGER AS n FROM person p WHERE ${where}`,
      params,
    );
    return row ? num(row, 'n') : 0;
  }
}

function personWhere(q: PersonFilter): { params: (string | number)[]; where: string } {
  const params: (string | number)[] = [q.projectId];
  const where = ['NOT p.is_deleted'];
  if (q.distinctId !== undefined) {
    params.push(q.distinctId);
    where.push(`p.id IN (SELECT person_id FROM mapping WHERE distinct_id = $${params.length})`);
  }
  if (q.search) {
    // contains(), not LIKE: a `%` or `_` the user typed is a character to find, not a wildcard.
    params.push(q.search.toLowerCase());
    const n = params.length;
    where.push(`(contains(lower(p.id::VARCHAR), $${n}) OR contains(lower(p.properties::VARCHAR), $${n})
        OR p.id IN (SELECT person_id FROM mapping WHERE contains(lower(distinct_id), $${n})))`);
  }
  return { params, where: where.join(' AND ') };
}
