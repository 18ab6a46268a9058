import { z } from 'zod';

// A plain object kept as parsed (no copy): property names are the sender's, `__proto__` included.
const propertiesSchema = z.custom<Record<string, unknown>>(
  (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
  { message: 'expected an object' },
);

/** The most persons one request may carry; an import sends pages of this size. */
export const MAX_IMPORTED_PERSONS = 1000;

export const importedPersonSchema = z.object({
  distinct_ids: z.array(z.string().min(1).max(400)).min(1).max(100),
  properties: propertiesSchema.default({}),
  created_at: z.iso.datetime({ offset: true }),
});

export const importPersonsSchema = z.object({
  persons: z.array(importedPersonSchema).max(MAX_IMPORTED_PERSONS),
  /** Group types to register first, in the source's index order (a type already known keeps its index). */
  group_types: z.array(z.string().min(1).max(400)).max(5).default([]),
});

export const importPersonsResponseSchema = z.object({
  imported: z.number().int(),
  warnings: z.array(z.object({ code: z.string(), detail: z.string() })),
});

export type ImportedPerson = z.infer<typeof importedPersonSchema>;
