import { z } from 'zod';

const cell = z.number().int().min(0).max(10_000);
export const tileLayoutSchema = z.object({
  x: cell,
  y: cell,
  w: z.number().int().min(1).max(12),
  h: z.number().int().min(1).max(1000),
  minW: z.number().int().min(1).max(12).optional(),
  minH: z.number().int().min(1).max(1000).optional(),
});

/**
 * One tile in a PATCH: an existing tile by `id` (move, recolor, remove with `deleted`), or a new one showing
 * an insight (`insight`: id, or the insight object PostHog's client echoes back) or a text note.
 */
export const tileInputSchema = z.object({
  id: z.number().int().positive().optional(),
  insight: z
    .union([z.number().int().positive(), z.looseObject({ id: z.number().int().positive() })])
    .nullable()
    .optional(),
  text: z
    .looseObject({ body: z.string().max(4000) })
    .nullable()
    .optional(),
  layouts: z.partialRecord(z.enum(['sm', 'xs']), tileLayoutSchema).optional(),
  color: z.string().max(50).nullable().optional(),
  deleted: z.boolean().optional(),
});
export type TileInput = z.infer<typeof tileInputSchema>;

export const dashboardFiltersSchema = z.looseObject({
  date_from: z.string().max(64).nullable().optional(),
  date_to: z.string().max(64).nullable().optional(),
});

const dashboardFields = z
  .object({
    name: z.string().max(400),
    description: z.string().max(2000),
    pinned: z.boolean(),
    filters: dashboardFiltersSchema,
    tags: z.array(z.string().min(1).max(100)).max(50),
    deleted: z.boolean(),
    tiles: z.array(tileInputSchema).max(200),
    /** A template id from `/dashboard_templates/`: the dashboard is created with the template's insights. */
    use_template: z.string().max(100),
  })
  .partial();

export const createDashboardSchema = dashboardFields;
export const updateDashboardSchema = dashboardFields.omit({ use_template: true });
export type CreateDashboardInput = z.infer<typeof createDashboardSchema>;
export type UpdateDashboardInput = z.infer<typeof updateDashboardSchema>;
