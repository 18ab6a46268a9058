import { z } from 'zod';
import { ANNOTATION_SCOPES, CREATION_TYPES, MAX_ANNOTATION_CONTENT } from './annotation.ts';

// Wire formats of PostHog's `/api/projects/:id/annotations/` (its `AnnotationSerializer` fields).

/** A full timestamp with its offset, or a day (taken as its UTC midnight), as PostHog's DateTimeField takes. */
const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((s) => new Date(s));

const fields = z.object({
  content: z.string().trim().min(1).max(MAX_ANNOTATION_CONTENT),
  date_marker: instant,
  scope: z.enum(ANNOTATION_SCOPES),
  dashboard_item: z.number().int().positive().nullable(),
  creation_type: z.enum(CREATION_TYPES),
});

export const createAnnotationSchema = fields.partial().extend({ content: fields.shape.content });
/** `deleted: true` is how PostHog's app deletes one (its API refuses DELETE); `false` restores it. */
export const updateAnnotationSchema = fields.partial().extend({ deleted: z.boolean().optional() });
export type CreateAnnotationInput = z.infer<typeof createAnnotationSchema>;
export type UpdateAnnotationInput = z.infer<typeof updateAnnotationSchema>;

export const listAnnotationsQuerySchema = z.object({
  search: z.string().max(200).optional(),
  /** Date-marker bounds, inclusive: a chart asks for the notes of the range it draws. */
  after: instant.optional(),
  before: instant.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const annotationResponseSchema = z.object({
  id: z.number(),
  content: z.string(),
  date_marker: z.string(),
  scope: z.enum(ANNOTATION_SCOPES),
  dashboard_item: z.number().nullable(),
  creation_type: z.enum(CREATION_TYPES),
  created_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  deleted: z.boolean(),
});
