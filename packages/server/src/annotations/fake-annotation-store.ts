import type { Annotation, NewAnnotation } from './annotation.ts';
import {
  type AnnotationPage,
  type AnnotationQuery,
  type AnnotationStore,
  byDateMarkerDesc,
} from './annotation-store.ts';

export class FakeAnnotationStore implements AnnotationStore {
  private readonly rows = new Map<number, Annotation>();
  private nextId = 1;

  async insert(annotation: NewAnnotation): Promise<Annotation> {
    const stored = { ...structuredClone(annotation), id: this.nextId++ };
    this.rows.set(stored.id, stored);
    return structuredClone(stored);
  }

  async update(annotation: Annotation): Promise<void> {
    if (this.rows.get(annotation.id)?.projectId === annotation.projectId)
      this.rows.set(annotation.id, structuredClone(annotation));
  }

  async get(projectId: number, id: number): Promise<Annotation | undefined> {
    const a = this.rows.get(id);
    return a && a.projectId === projectId ? structuredClone(a) : undefined;
  }

  async list(q: AnnotationQuery): Promise<AnnotationPage> {
    const needle = q.search?.toLowerCase();
    const all = [...this.rows.values()]
      .filter(
        (a) =>
          a.projectId === q.projectId &&
          !a.deleted &&
          (needle === undefined || a.content.toLowerCase().includes(needle)) &&
          (q.after === undefined || a.dateMarker >= q.after) &&
          (q.before === undefined || a.dateMarker <= q.before),
      )
      .sort(byDateMarkerDesc);
    return {
      total: all.length,
      results: all.slice(q.offset, q.offset + q.limit).map((a) => structuredClone(a)),
    };
  }
}
