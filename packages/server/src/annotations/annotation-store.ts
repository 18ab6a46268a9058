import type { Annotation, NewAnnotation } from './annotation.ts';

/** What lists filter on: never deleted ones, newest date first (PostHog's `-date_marker`). */
export interface AnnotationQuery {
  projectId: number;
  /** Case-insensitive substring of the content. */
  search?: string;
  /** Inclusive bounds on the date marker, for a chart fetching the notes of its range. */
  after?: Date;
  before?: Date;
  limit: number;
  offset: number;
}

export interface AnnotationPage {
  total: number;
  results: Annotation[];
}

/**
 * Annotations pile up (one per release, for years), so they are queried where they are stored rather than held
 * in memory; nodes sharing a database then need no change feed for them.
 */
export interface AnnotationStore {
  /** Stores a new annotation under the next id and returns it. */
  insert(annotation: NewAnnotation): Promise<Annotation>;
  update(annotation: Annotation): Promise<void>;
  /** Deleted ones included: the service decides what a caller may see. */
  get(projectId: number, id: number): Promise<Annotation | undefined>;
  list(query: AnnotationQuery): Promise<AnnotationPage>;
}

/** The one ordering every adapter answers with. */
export const byDateMarkerDesc = (a: Annotation, b: Annotation): number =>
  b.dateMarker.getTime() - a.dateMarker.getTime() || b.id - a.id;
