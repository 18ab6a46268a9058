/**
 * PostHog's annotation scopes. Signpost has no organizations above projects, so `organization` is kept as the
 * author chose it and shown like `project`; `dashboard_item` pins the note to one insight.
 */
export const ANNOTATION_SCOPES = ['dashboard_item', 'dashboard', 'project', 'organization'] as const;
export type AnnotationScope = (typeof ANNOTATION_SCOPES)[number];

/** `USR` a person wrote it; `GIT` a release tool did (PostHog's names, kept for its clients). */
export const CREATION_TYPES = ['USR', 'GIT'] as const;
export type CreationType = (typeof CREATION_TYPES)[number];

/** PostHog's column is `varchar(400)`; a longer note would be refused there, so it is here too. */
export const MAX_ANNOTATION_CONTENT = 400;

/** A dated note drawn on every time chart of its project ("2.9.0 released"). */
export interface Annotation {
  id: number;
  projectId: number;
  content: string;
  dateMarker: Date;
  scope: AnnotationScope;
  /** The insight a `dashboard_item` annotation belongs to. */
  dashboardItem: number | null;
  creationType: CreationType;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** PostHog never removes an annotation: deleting one marks it, and lists leave it out. */
  deleted: boolean;
}

export type NewAnnotation = Omit<Annotation, 'id'>;
