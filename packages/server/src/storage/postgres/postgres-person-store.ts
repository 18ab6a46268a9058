import type { Person } from '../../persons/person.ts';
import type { PersonFilter, PersonQuery, PersonStore } from '../../persons/person-store.ts';
import type { Param, PostgresDatabase, Row } from './postgres-database.ts';
import { date, num, str } from './row-values.ts';
import { containsPattern, lowered } from './search-pattern.ts';

// Distinct ids in byte order (COLLATE "C"), as DuckDB and a JavaScript sort list them whatever the database locale.
const SELECT_PERSON = `
  SELECT p.id::text AS id, p.created_at, p.properties, p.is_identified, p.version,
         ARRAY(SELECT m.distinct_id FROM person_distinct_ids m WHERE m.project_id = $1 AND m.person_id = p.id
               ORDER BY m.distinct_id COLLATE "C") AS distinct_ids
  FROM persons p`;

function toPerson(projectId: number, row: Row): Person {
  const ids = row.distinct_ids;
  if (!Array.isArray(ids) || !ids.every((d) => typeof d === 'string'))
    throw new TypeError('column distinct_ids: expected a text array');
  return {
    id: str(row, 'id'),
    projectId,
    createdAt: date(row, 'created_at'),
    properties: JSON.parse(str(row, 'properties')) as Person['properties'],
    isIdentified: row.is_identified === true,
    version: num(row, 'version'),
    distinctIds: ids,
  };
}

/** Persons from the one-row-per-identity tables of schema 2; persons merged away (is_deleted) never show. */
export class PostgresPersonStore implements PersonStore {
  constructor(private readonly db: PostgresDatabase) {}

  async findPersonsByDistinctIds(projectId: number, distinctIds: string[]): Promise<Person[]> {
    if (distinctIds.length === 0) return [];
    const rows = await this.db.run(
      `${SELECT_PERSON} WHERE p.project_id = $1 AND NOT p.is_deleted AND p.id IN (
         SELECT person_id FROM person_distinct_ids WHERE project_id = $1 AND distinct_id = ANY($2::text[]))`,
      [projectId, distinctIds],
    );
    return rows.map((r) => toPerson(projectId, r)).filter((p) => p.distinctIds.length > 0);
  }

  async listPersons(q: PersonQuery): Promise<Person[]> {
    const { params, where } = personWhere(q);
    params.push(q.limit, q.offset);
    const rows = await this.db.run(
      `${SELECT_PERSON} WHERE ${where}
       ORDER BY p.created_at DESC, p.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map((r) => toPerson(q.projectId, r));
  }

  async countPersons(q: PersonFilter): Promise<number> {
    const { params, where } = personWhere(q);
    const [row] = await this.db.run(`SELECT count(*)::int AS n FROM persons p WHERE ${where}`, params);
    return row ? num(row, 'n') : 0;
  }
}

function personWhere(q: PersonFilter): { params: Param[]; where: string } {
  const params: Param[] = [q.projectId];
  const where = ['p.project_id = $1', 'NOT p.is_deleted'];
  if (q.distinctId !== undefined) {
    params.push(q.distinctId);
    where.push(`p.id IN (SELECT person_id FROM person_distinct_ids
        WHERE project_id = $1 AND distinct_id = $${params.length})`);
  }
  if (q.search) {
    params.push(containsPattern(q.search));
    const n = `$${params.length}`;
    where.push(`(p.id::text LIKE ${n} ESCAPE '\\' OR ${lowered('p.properties')} LIKE ${n} ESCAPE '\\'
        OR p.id IN (SELECT person_id FROM person_distinct_ids
          WHERE project_id = $1 AND ${lowered('distinct_id')} LIKE ${n} ESCAPE '\\'))`);
  }
  return { params, where: where.join(' AND ') };
}
