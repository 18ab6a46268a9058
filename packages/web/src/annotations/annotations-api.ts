import { PROJECT } from '../api/endpoints.ts';
import { get, patch, post } from '../api/http.ts';
import type { Annotation, AnnotationList } from './annotation-types.ts';

export const ANNOTATIONS = `${PROJECT}/annotations/`;

/** Every note dated within [from, to], for one chart (a chart draws a few; 1000 is the API's page cap). */
export const annotationsBetween = (from: Date, to: Date) =>
  get<AnnotationList>(
    `${ANNOTATIONS}?after=${encodeURIComponent(from.toISOString())}&before=${encodeURIComponent(to.toISOString())}&limit=1000`,
  );

/** Project-wide, as PostHog's chart annotations are by default: every time chart of the project shows it. */
export const createAnnotation = (content: string, dateMarker: Date) =>
  post<Annotation>(ANNOTATIONS, { content, date_marker: dateMarker.toISOString(), scope: 'project' });

export const updateAnnotation = (id: number, change: Partial<Pick<Annotation, 'content' | 'deleted'>>) =>
  patch<Annotation>(`${ANNOTATIONS}${id}/`, change);
