import type { Annotation, AnnotationScope, CreationType, NewAnnotation } from '../annotations/annotation.ts';
import { ANNOTATION_SCOPES, CREATION_TYPES } from '../annotations/annotation.ts';
import type { AnnotationQuery } from '../annotations/annotation-store.ts';
import type { Columns } from './webhook-sql.ts';

/** How an engine matches a case-insensitive substring: its condition on `$n`, and the value bound to it. */
export interface SearchDialect {
  condition(param: string): string;
  value(search: string): string;
}

const COLUMNS =
  'project_id, content, date_marker, scope, dashboard_item, creation_type, created_by, created_at, updated_at, deleted';

/**
 * The annotation store's SQL, written once for DuckDB and PostgreSQL (both number parameters `$n`). Only the new
 * id differs: PostgreSQL's nodes share the table's sequence; DuckDB's one writer counts on from the largest id.
 */
export const ANNOTATION_SQL = {
  insert: (nextId: string) =>
    `INSERT INTO annotations (id, ${COLUMNS}) VALUES (${nextId}, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
  update:
    'UPDATE annotations SET content = $3, date_marker = $4, scope = $5, dashboard_item = $6, creation_type = $7, updated_at = $8, deleted = $9 WHERE id = $1 AND project_id = $2',
  get: 'SELECT * FROM annotations WHERE id = $1 AND project_id = $2',
  /** The page and the count of everything matching, as two statements over the same conditions. */
  list<T>(q: AnnotationQuery, dialect: SearchDialect, time: (d: Date) => T) {
    const where = ['project_id = $1', 'NOT deleted'];
    const params: (number | string | T)[] = [q.projectId];
    const bind = (value: number | string | T) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (q.search) where.push(dialect.condition(bind(dialect.value(q.search))));
    if (q.after) where.push(`date_marker >= ${bind(time(q.after))}`);
    if (q.before) where.push(`date_marker <= ${bind(time(q.before))}`);
    const filter = where.join(' AND ');
    const count = { sql: `SELECT count(*) AS total FROM annotations WHERE ${filter}`, params: [...params] };
    const page = {
      sql: `SELECT * FROM annotations WHERE ${filter} ORDER BY date_marker DESC, id DESC LIMIT ${bind(q.limit)} OFFSET ${bind(q.offset)}`,
      params,
    };
    return { count, page };
  },
} as const;

const isScope = (v: string): v is AnnotationScope => (ANNOTATION_SCOPES as readonly string[]).includes(v);
const isCreationType = (v: string): v is CreationType => (CREATION_TYPES as readonly string[]).includes(v);

export function annotationOf(r: Columns): Annotation {
  const scope = r.str('scope');
  const creationType = r.str('creation_type');
  return {
    id: r.num('id'),
    projectId: r.num('project_id'),
    content: r.str('content'),
    dateMarker: r.date('date_marker'),
    // Written by this code from validated input; a hand-edited value falls back rather than failing a list.
    scope: isScope(scope) ? scope : 'project',
    dashboardItem: r.optionalNum('dashboard_item'),
    creationType: isCreationType(creationType) ? creationType : 'USR',
    createdBy: r.optionalStr('created_by'),
    createdAt: r.date('created_at'),
    updatedAt: r.date('updated_at'),
    deleted: r.bool('deleted'),
  };
}

/** Insert parameters, with the adapter's own timestamp value type. */
export function annotationInsertParams<T>(a: NewAnnotation, time: (d: Date) => T) {
  return [
    a.projectId,
    a.content,
    time(a.dateMarker),
    a.scope,
    a.dashboardItem,
    a.creationType,
    a.createdBy,
    time(a.createdAt),
    time(a.updatedAt),
    a.deleted,
  ];
}

export function annotationUpdateParams<T>(a: Annotation, time: (d: Date) => T) {
  return [
    a.id,
    a.projectId,
    a.content,
    time(a.dateMarker),
    a.scope,
    a.dashboardItem,
    a.creationType,
    time(a.updatedAt),
    a.deleted,
  ];
}
