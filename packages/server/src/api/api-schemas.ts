import { z } from 'zod';

const limit = z.coerce.number().int().min(1).max(1000).default(100);
const offset = z.coerce.number().int().min(0).default(0);
const isoDate = z.iso
  .datetime({ offset: true, local: true })
  .or(z.iso.date())
  .transform((v) => new Date(v));

const groupTypeIndex = z.coerce.number().int().min(0).max(4);

export const eventsQuerySchema = z
  .object({
    event: z.string().min(1).optional(),
    distinct_id: z.string().min(1).optional(),
    person_id: z.string().uuid().optional(),
    /** With `group_key`: only events sent with that group (a Signpost addition, for a group's page). */
    group_type_index: groupTypeIndex.optional(),
    group_key: z.string().min(1).max(400).optional(),
    after: isoDate.optional(),
    before: isoDate.optional(),
    limit,
    offset,
  })
  // A group index alone is ignored (clients send it to every list, as the groups list needs it); a key alone
  // cannot name a group.
  .refine((q) => q.group_key === undefined || q.group_type_index !== undefined, {
    message: 'group_key needs group_type_index',
    path: ['group_key'],
  });

export const personsQuerySchema = z.object({
  distinct_id: z.string().min(1).optional(),
  search: z.string().min(1).max(200).optional(),
  limit,
  offset,
});

export const groupsQuerySchema = z.object({
  group_type_index: groupTypeIndex,
  search: z.string().min(1).max(200).optional(),
  limit,
  offset,
});

export const groupFindQuerySchema = z.object({
  group_type_index: groupTypeIndex,
  group_key: z.string().min(1),
});

export const eventResponseSchema = z.object({
  id: z.string(),
  uuid: z.string(),
  distinct_id: z.string(),
  event: z.string(),
  properties: z.record(z.string(), z.unknown()),
  timestamp: z.string(),
  person_id: z.string(),
  elements: z.array(z.unknown()),
  elements_chain: z.string(),
});

export const personResponseSchema = z.object({
  id: z.string(),
  uuid: z.string(),
  name: z.string(),
  distinct_ids: z.array(z.string()),
  properties: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  is_identified: z.boolean(),
});

export const groupResponseSchema = z.object({
  group_type_index: z.number(),
  group_key: z.string(),
  group_properties: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});
