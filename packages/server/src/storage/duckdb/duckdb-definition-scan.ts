import type { DuckDBValue } from '@duckdb/node-api';
import type { PropertyKind, PropertySighting } from '../../definitions/definition.ts';
import type { DefinitionScan, ScannedDefinitions } from '../../definitions/definition-scan.ts';
import { inferPropertyType, SKIPPED_KEYS } from '../../definitions/property-type.ts';
import type { DuckDbDatabase, Row } from './duckdb-database.ts';
import { date, num, str, timestampValue } from './row-values.ts';

/**
 * A key's value read by JSON pointer (`/key`, with `~` and `/` escaped): a JSONPath would read `$browser` as a
 * path, not a key. Null values are left out so the sample is the first value that can give a type.
 */
const VALUE = "json_extract(properties, '/' || replace(replace(key, '~', '~0'), '/', '~1'))";
const keysOf = (table: string, extra: string, where: string) => `
  WITH k AS (SELECT project_id, ${extra} AS group_type_index, created_at AS seen, properties,
      unnest(json_keys(properties)) AS key FROM ${table} ${where})
  SELECT project_id, group_type_index, key, min(seen) AS seen_at,
    arg_min(${VALUE}::VARCHAR, seen) FILTER (WHERE json_type(${VALUE}) <> 'NULL') AS sample
  FROM k GROUP BY ALL`;

/** The backfill over DuckDB's own tables, on a read connection so ingestion keeps writing meanwhile. */
export class DuckDbDefinitionScan implements DefinitionScan {
  constructor(private readonly db: DuckDbDatabase) {}

  async scan(after: Date | null, before: Date, now: Date): Promise<ScannedDefinitions> {
    const params: DuckDBValue[] = [timestampValue(before)];
    if (after) params.push(timestampValue(after));
    const range = `WHERE created_at < $1${after ? ' AND created_at > $2' : ''}`;
    const names = await this.db.query(
      `SELECT project_id, event, min(timestamp) AS first_seen, max(timestamp) AS last_seen, count(*) AS n
       FROM events ${range} GROUP BY ALL`,
      params,
    );
    // Event keys are typed from their first value by creation, which is what ingestion saw first.
    const eventKeys = await this.db.query(keysOf('events', 'NULL::INTEGER', range), params);
    const personKeys = await this.db.query(keysOf('persons', 'NULL::INTEGER', ''));
    const groupKeys = await this.db.query(keysOf('groups', 'group_type_index', ''));
    const sightings = (rows: Row[], kind: PropertyKind): PropertySighting[] =>
      rows
        .filter((r) => !SKIPPED_KEYS.has(str(r, 'key')))
        .map((r) => {
          const sample = typeof r.sample === 'string' ? (JSON.parse(r.sample) as unknown) : null;
          return {
            projectId: num(r, 'project_id'),
            name: str(r, 'key'),
            kind,
            groupTypeIndex: kind === 'group' ? num(r, 'group_type_index') : null,
            propertyType: inferPropertyType(str(r, 'key'), sample, now),
            seenAt: date(r, 'seen_at'),
          };
        });
    return {
      events: names.map((r) => ({
        projectId: num(r, 'project_id'),
        name: str(r, 'event'),
        firstSeenAt: date(r, 'first_seen'),
        lastSeenAt: date(r, 'last_seen'),
        count: num(r, 'n'),
      })),
      properties: [
        ...sightings(eventKeys, 'event'),
        ...sightings(personKeys, 'person'),
        ...sightings(groupKeys, 'group'),
      ],
    };
  }
}
