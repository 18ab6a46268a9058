import {
  type DefinitionMarks,
  type EventDefinition,
  PROPERTY_KINDS,
  PROPERTY_VALUE_TYPES,
  type PropertyDefinition,
  type PropertyKind,
  type PropertyValueType,
} from '../definitions/definition.ts';
import type {
  DefinitionPage,
  DefinitionStore,
  DefinitionWrite,
  EventDefinitionQuery,
  PropertyDefinitionQuery,
  StoredMarks,
} from '../definitions/definition-store.ts';
import type { SearchDialect } from './annotation-sql.ts';
import type { Columns } from './webhook-sql.ts';

type Row = Record<string, unknown>;
export type DefinitionRun<T> = (
  sql: string,
  params: (string | number | boolean | null | T)[],
) => Promise<Row[]>;

/** What differs between DuckDB and PostgreSQL; the SQL itself is written once, below. */
export interface DefinitionSqlEngine<T> {
  /** Runs `fn`'s statements in one transaction. */
  transaction(fn: (run: DefinitionRun<T>) => Promise<void>): Promise<void>;
  /** Reads, ordered after the writes already made. */
  query: DefinitionRun<T>;
  time(d: Date): T;
  columns(row: Row): Columns;
  search: SearchDialect;
  /** Names in code-point order, as JavaScript sorts them (PostgreSQL's locale would ignore the `$`). */
  nameOrder: string;
  newId(): string;
}

/**
 * `group_type_index` is -1 for event and person properties: the index is part of the unique key, and a NULL in
 * a key never conflicts with another NULL, so "not a group" needs a value of its own.
 */
const NO_GROUP = -1;

const EVENT_UPSERT = `
  INSERT INTO event_definitions (project_id, name, id, first_seen_at, last_seen_at, volume, description, verified,
    hidden)
  VALUES ($1, $2, $3, $4, $5, $6, '', false, false)
  ON CONFLICT (project_id, name) DO UPDATE SET
    first_seen_at = least(event_definitions.first_seen_at, excluded.first_seen_at),
    last_seen_at = greatest(event_definitions.last_seen_at, excluded.last_seen_at),
    volume = event_definitions.volume + excluded.volume`;

const PROPERTY_UPSERT = `
  INSERT INTO property_definitions (project_id, kind, group_type_index, name, id, property_type, first_seen_at,
    description, verified, hidden)
  VALUES ($1, $2, $3, $4, $5, $6, $7, '', false, false)
  ON CONFLICT (project_id, kind, group_type_index, name) DO UPDATE SET
    property_type = coalesce(property_definitions.property_type, excluded.property_type),
    first_seen_at = least(property_definitions.first_seen_at, excluded.first_seen_at)`;

const WATERMARK_UPSERT = `
  INSERT INTO definition_watermark (id, accounted_until) VALUES (1, $1)
  ON CONFLICT (id) DO UPDATE SET accounted_until = excluded.accounted_until`;

const MARK = (table: string) => `
  UPDATE ${table} SET description = $3, verified = $4, verified_at = $5, hidden = $6, updated_at = $7,
    updated_by = $8
  WHERE id = $1 AND project_id = $2 RETURNING id`;

const isKind = (v: string): v is PropertyKind => (PROPERTY_KINDS as readonly string[]).includes(v);
const isValueType = (v: string): v is PropertyValueType =>
  (PROPERTY_VALUE_TYPES as readonly string[]).includes(v);

const marksOf = (r: Columns): DefinitionMarks => ({
  description: r.str('description'),
  verified: r.bool('verified'),
  verifiedAt: r.optionalDate('verified_at'),
  hidden: r.bool('hidden'),
  updatedAt: r.optionalDate('updated_at'),
  updatedBy: r.optionalStr('updated_by'),
});

function eventOf(r: Columns): EventDefinition {
  return {
    id: r.str('id'),
    projectId: r.num('project_id'),
    name: r.str('name'),
    firstSeenAt: r.date('first_seen_at'),
    lastSeenAt: r.date('last_seen_at'),
    volume: r.num('volume'),
    ...marksOf(r),
  };
}

function propertyOf(r: Columns): PropertyDefinition {
  const kind = r.str('kind');
  const type = r.optionalStr('property_type');
  const index = r.num('group_type_index');
  return {
    id: r.str('id'),
    projectId: r.num('project_id'),
    name: r.str('name'),
    // Written by this code only; an unknown value (a hand edit) reads as an event property rather than failing.
    kind: isKind(kind) ? kind : 'event',
    groupTypeIndex: index === NO_GROUP ? null : index,
    propertyType: type !== null && isValueType(type) ? type : null,
    firstSeenAt: r.date('first_seen_at'),
    ...marksOf(r),
  };
}

/** The definition store over SQL, for every engine that speaks `ON CONFLICT` with `$n` parameters. */
export class SqlDefinitionStore<T> implements DefinitionStore {
  constructor(private readonly engine: DefinitionSqlEngine<T>) {}

  async record(write: DefinitionWrite): Promise<void> {
    const { time, newId } = this.engine;
    await this.engine.transaction(async (run) => {
      for (const s of write.events)
        await run(EVENT_UPSERT, [
          s.projectId,
          s.name,
          newId(),
          time(s.firstSeenAt),
          time(s.lastSeenAt),
          s.count,
        ]);
      for (const s of write.properties)
        await run(PROPERTY_UPSERT, [
          s.projectId,
          s.kind,
          s.groupTypeIndex ?? NO_GROUP,
          s.name,
          newId(),
          s.propertyType,
          time(s.seenAt),
        ]);
      if (write.accountedUntil) await run(WATERMARK_UPSERT, [time(write.accountedUntil)]);
    });
  }

  async accountedUntil(): Promise<Date | null> {
    const [row] = await this.engine.query(
      'SELECT accounted_until FROM definition_watermark WHERE id = 1',
      [],
    );
    return row ? this.engine.columns(row).date('accounted_until') : null;
  }

  async listEvents(q: EventDefinitionQuery): Promise<DefinitionPage<EventDefinition>> {
    const { where, params, bind } = this.filter(q);
    const order = `ORDER BY volume DESC, ${this.engine.nameOrder}`;
    return this.page('event_definitions', where, params, bind, order, q, eventOf);
  }

  async listProperties(q: PropertyDefinitionQuery): Promise<DefinitionPage<PropertyDefinition>> {
    const { where, params, bind } = this.filter(q);
    if (q.kind) where.push(`kind = ${bind(q.kind)}`);
    if (q.groupTypeIndex !== undefined) where.push(`group_type_index = ${bind(q.groupTypeIndex)}`);
    const order = `ORDER BY ${this.engine.nameOrder}, kind, group_type_index`;
    return this.page('property_definitions', where, params, bind, order, q, propertyOf);
  }

  async getEvent(projectId: number, id: string): Promise<EventDefinition | undefined> {
    const [row] = await this.engine.query(
      'SELECT * FROM event_definitions WHERE id = $1 AND project_id = $2',
      [id, projectId],
    );
    return row && eventOf(this.engine.columns(row));
  }

  async getProperty(projectId: number, id: string): Promise<PropertyDefinition | undefined> {
    const [row] = await this.engine.query(
      'SELECT * FROM property_definitions WHERE id = $1 AND project_id = $2',
      [id, projectId],
    );
    return row && propertyOf(this.engine.columns(row));
  }

  markEvent(projectId: number, id: string, marks: StoredMarks): Promise<boolean> {
    return this.mark('event_definitions', projectId, id, marks);
  }

  markProperty(projectId: number, id: string, marks: StoredMarks): Promise<boolean> {
    return this.mark('property_definitions', projectId, id, marks);
  }

  private async mark(table: string, projectId: number, id: string, m: StoredMarks): Promise<boolean> {
    const { time } = this.engine;
    let found = false;
    await this.engine.transaction(async (run) => {
      const rows = await run(MARK(table), [
        id,
        projectId,
        m.description,
        m.verified,
        m.verifiedAt && time(m.verifiedAt),
        m.hidden,
        time(m.updatedAt),
        m.updatedBy,
      ]);
      found = rows.length > 0;
    });
    return found;
  }

  private filter(q: EventDefinitionQuery) {
    const params: (string | number | boolean | null | T)[] = [q.projectId];
    const bind = (value: string | number) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ['project_id = $1'];
    if (q.excludeHidden) where.push('NOT hidden');
    if (q.search) where.push(this.engine.search.condition(bind(this.engine.search.value(q.search))));
    return { where, params, bind };
  }

  private async page<D>(
    table: string,
    where: string[],
    params: (string | number | boolean | null | T)[],
    bind: (value: number) => string,
    order: string,
    q: EventDefinitionQuery,
    of: (r: Columns) => D,
  ): Promise<DefinitionPage<D>> {
    const filter = where.join(' AND ');
    const [total] = await this.engine.query(`SELECT count(*) AS total FROM ${table} WHERE ${filter}`, [
      ...params,
    ]);
    const sql = `SELECT * FROM ${table} WHERE ${filter} ${order} LIMIT ${bind(q.limit)} OFFSET ${bind(q.offset)}`;
    const rows = await this.engine.query(sql, params);
    return {
      total: total ? this.engine.columns(total).num('total') : 0,
      results: rows.map((r) => of(this.engine.columns(r))),
    };
  }
}
