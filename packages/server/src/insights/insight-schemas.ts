import { z } from 'zod';

const insightFields = z
  .object({
    name: z.string().max(400).nullable(),
    description: z.string().max(2000).nullable(),
    /** PostHog's query node: `{kind: "InsightVizNode", source: {kind: "TrendsQuery", …}}` or a bare query. */
    query: z.record(z.string(), z.unknown()),
    tags: z.array(z.string().min(1).max(100)).max(50),
    favorited: z.boolean(),
    deleted: z.boolean(),
    /** Dashboards the insight should be on; tiles are added or removed to match. */
    dashboards: z.array(z.number().int().positive()).max(100),
  })
  .partial();

export const createInsightSchema = insightFields.extend({ query: z.record(z.string(), z.unknown()) });
export const updateInsightSchema = insightFields;
export type CreateInsightInput = z.infer<typeof createInsightSchema>;
export type UpdateInsightInput = z.infer<typeof updateInsightSchema>;
