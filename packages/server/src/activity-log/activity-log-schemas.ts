import { z } from 'zod';
import { ACTIVITY_SCOPES, ACTOR_KINDS } from './activity-entry.ts';

const isoTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not an ISO 8601 date or time' })
  .transform((s) => new Date(s));

/** `GET …/activity_log/`: PostHog's `scope`, `item_id` and `user` filters, plus actor kind and a time range. */
export const activityListQuerySchema = z.object({
  scope: z.enum(ACTIVITY_SCOPES).optional(),
  item_id: z.string().min(1).max(200).optional(),
  /** The actor's id: a member id or a personal key id (PostHog calls the filter `user`). */
  user: z.string().min(1).max(200).optional(),
  actor_kind: z.enum(ACTOR_KINDS).optional(),
  after: isoTime.optional(),
  before: isoTime.optional(),
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
});
export type ActivityListQuery = z.infer<typeof activityListQuerySchema>;
