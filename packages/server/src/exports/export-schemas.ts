import { z } from 'zod';

const instant = z.iso.datetime({ offset: true }).or(z.iso.date());

/** `GET …/events/export` parameters: the format, and which events (a time range [after, before), one name). */
export const exportQuerySchema = z.object({
  format: z.enum(['ndjson', 'csv', 'parquet']).default('ndjson'),
  after: instant.optional(),
  before: instant.optional(),
  event: z.string().min(1).max(400).optional(),
});
