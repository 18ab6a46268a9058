import type { Annotation, NewAnnotation } from '../../annotations/annotation.ts';
import type { AnnotationPage, AnnotationQuery, AnnotationStore } from '../../annotations/annotation-store.ts';
import {
  annotationInsertParams,
  annotationOf,
  annotationUpdateParams,
  type SearchDialect,
  ANNOTATION_SQL as SQL,
} from '../annotation-sql.ts';
import type { Columns } from '../webhook-sql.ts';
import type { DuckDbDatabase, Row } from './duckdb-database.ts';
import { bool, date, num, str, timestampValue } from './row-values.ts';

const missing = (v: unknown) => v === null || v === undefined;
const columns = (r: Row): Columns => ({
  str: (k) => str(r, k),
  num: (k) => num(r, k),
  bool: (k) => bool(r, k),
  date: (k) => date(r, k),
  optionalNum: (k) => (missing(r[k]) ? null : num(r, k)),
  optionalStr: (k) => (missing(r[k]) ? null : str(r, k)),
  optionalDate: (k) => (missing(r[k]) ? null : date(r, k)),
});

// DuckDB's `lower` folds Unicode, and `contains` takes the text literally (no LIKE wildcards to escape).
const search: SearchDialect = {
  condition: (param) => `contains(lower(content), ${param})`,
  value: (s) => s.toLowerCase(),
};

const NEXT_ID = '(SELECT coalesce(max(id), 0) + 1 FROM annotations)';

/** Reads go through the write connection, so a list right after a create sees it. */
export class DuckDbAnnotationStore implements AnnotationStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async insert(annotation: NewAnnotation): Promise<Annotation> {
    const [row] = await this.db.write(async (c) =>
      (
        await c.runAndReadAll(SQL.insert(NEXT_ID), annotationInsertParams(annotation, timestampValue))
      ).getRowObjectsJS(),
    );
    if (!row) throw new Error('the annotation insert returned no row');
    return annotationOf(columns(row));
  }

  async update(annotation: Annotation): Promise<void> {
    await this.db.write((c) => c.run(SQL.update, annotationUpdateParams(annotation, timestampValue)));
  }

  async get(projectId: number, id: number): Promise<Annotation | undefined> {
    const [row] = await this.db.queryWriter(SQL.get, [id, projectId]);
    return row && annotationOf(columns(row));
  }

  async list(q: AnnotationQuery): Promise<AnnotationPage> {
    const { count, page } = SQL.list(q, search, timestampValue);
    const [totalRow] = await this.db.queryWriter(count.sql, count.params);
    const rows = await this.db.queryWriter(page.sql, page.params);
    return {
      total: totalRow ? num(totalRow, 'total') : 0,
      results: rows.map((r) => annotationOf(columns(r))),
    };
  }
}
