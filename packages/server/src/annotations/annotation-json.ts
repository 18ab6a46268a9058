import type { Annotation } from './annotation.ts';

/** The API's shape (PostHog's `AnnotationSerializer` fields; `created_by` is the author's name, as elsewhere here). */
export function annotationJson(a: Annotation) {
  return {
    id: a.id,
    content: a.content,
    date_marker: a.dateMarker.toISOString(),
    scope: a.scope,
    dashboard_item: a.dashboardItem,
    creation_type: a.creationType,
    created_by: a.createdBy,
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
    deleted: a.deleted,
  };
}
