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
import type { PostgresDatabase, Row } from './postgres-database.ts';
import { date, num, optionalDate, optionalNum, optionalStr, str } from './row-values.ts';
import { containsPattern, lowered } from './search-pattern.ts';

const columns = (r: Row): Columns => ({
  str: (k) => str(r, k),
  num: (k) => num(r, k),
  bool: (k) => r[k] === true,
  date: (k) => date(r, k),
  optionalNum: (k) => optionalNum(r, k),
  optionalStr: (k) => optionalStr(r, k),
  optionalDate: (k) => optionalDate(r, k),
});

const search: SearchDialect = {
  condition: (param) => `${lowered('content')} LIKE ${param} ESCAPE '\\'`,
  value: containsPattern,
};
const same = (d: Date) => d;

/** Shared by every node; ids come from the table's own sequence, so two nodes never hand out one twice. */
export class PostgresAnnotationStore implements AnnotationStore {
  constructor(private readonly db: PostgresDatabase) {}

  async insert(annotation: NewAnnotation): Promise<Annotation> {
    const [row] = await this.db.run(
      SQL.insert("nextval('annotations_id_seq')"),
      annotationInsertParams(annotation, same),
    );
    if (!row) throw new Error('the annotation insert returned no row');
    return annotationOf(columns(row));
  }

  async update(annotation: Annotation): Promise<void> {
    await this.db.run(SQL.update, annotationUpdateParams(annotation, same));
  }

  async get(projectId: number, id: number): Promise<Annotation | undefined> {
    const [row] = await this.db.run(SQL.get, [id, projectId]);
    return row && annotationOf(columns(row));
  }

  async list(q: AnnotationQuery): Promise<AnnotationPage> {
    const { count, page } = SQL.list(q, search, same);
    const [totalRow] = await this.db.run(count.sql, count.params);
    const rows = await this.db.run(page.sql, page.params);
    return {
      total: totalRow ? num(totalRow, 'total') : 0,
      results: rows.map((r) => annotationOf(columns(r))),
    };
  }
}
