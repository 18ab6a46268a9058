import { z } from 'zod';
import { PROPERTY_KINDS, PROPERTY_VALUE_TYPES } from './definition.ts';

// Wire formats of PostHog's `/api/projects/:id/event_definitions/` and `/property_definitions/` (the fields of its
// EventDefinitionSerializer and PropertyDefinitionSerializer that Signpost keeps).

/** PostHog's query strings spell booleans `true`/`1`; anything else is refused rather than read as false. */
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const paging = {
  search: z.string().max(200).optional(),
  exclude_hidden: flag.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
};

export const listEventDefinitionsQuerySchema = z.object(paging);

export const listPropertyDefinitionsQuerySchema = z.object({
  ...paging,
  type: z.enum(PROPERTY_KINDS).default('event'),
  group_type_index: z.coerce.number().int().min(0).max(4).optional(),
});

/** What members change by hand; the rest comes from ingestion and is read-only. */
export const updateDefinitionSchema = z
  .object({
    description: z.string().max(1000).nullable(),
    verified: z.boolean(),
    hidden: z.boolean(),
  })
  .partial();
export type UpdateDefinitionInput = z.infer<typeof updateDefinitionSchema>;

const marks = {
  id: z.string(),
  name: z.string(),
  description: z.string(),
  verified: z.boolean(),
  verified_at: z.string().nullable(),
  hidden: z.boolean(),
  updated_at: z.string().nullable(),
  updated_by: z.string().nullable(),
  tags: z.array(z.string()),
};

export const eventDefinitionResponseSchema = z.object({
  ...marks,
  created_at: z.string(),
  last_seen_at: z.string(),
  /** Events of this name stored since it was first seen (Signpost's field; PostHog's 30-day volume is null). */
  volume: z.number(),
  volume_30_day: z.null(),
  query_usage_30_day: z.null(),
});

export const propertyDefinitionResponseSchema = z.object({
  ...marks,
  type: z.number().describe('1 event, 2 person, 3 group (PostHog numbers them)'),
  group_type_index: z.number().nullable(),
  property_type: z.enum(PROPERTY_VALUE_TYPES).nullable(),
  is_numerical: z.boolean(),
  is_seen_on_filtered_events: z.null(),
});
