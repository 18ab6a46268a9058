import { z } from 'zod';

const leafSchema = z.looseObject({
  key: z.string().min(1),
  /** `behavioral`: PostHog's event leaf; its fields are checked by `behavioralLeaf` with their own code. */
  type: z.enum(['person', 'cohort', 'behavioral']).default('person'),
  value: z.unknown(),
  operator: z.string().nullish(),
  negation: z.boolean().nullish(),
  event_type: z.string().nullish(),
  time_value: z.union([z.number(), z.string()]).nullish(),
  time_interval: z.string().nullish(),
  operator_value: z.union([z.number(), z.string()]).nullish(),
});

export type PropertyGroupInput = {
  type: 'AND' | 'OR';
  values: (PropertyGroupInput | z.infer<typeof leafSchema>)[];
};

const groupSchema: z.ZodType<PropertyGroupInput> = z.lazy(() =>
  z.object({
    type: z.enum(['AND', 'OR']),
    values: z.array(z.union([groupSchema, leafSchema])),
  }),
);

const cohortFields = z
  .object({
    name: z.string().min(1).max(400),
    description: z.string().max(1000),
    filters: z.object({ properties: groupSchema }).nullable(),
    is_static: z.boolean(),
    deleted: z.boolean(),
    /** Members of a static cohort, replacing the current list. */
    distinct_ids: z.array(z.union([z.string().min(1), z.number()]).transform(String)).max(1_000_000),
  })
  .partial();

export const createCohortSchema = cohortFields.extend({ name: z.string().min(1).max(400) });
export const updateCohortSchema = cohortFields;
export type CreateCohortInput = z.infer<typeof createCohortSchema>;
export type UpdateCohortInput = z.infer<typeof updateCohortSchema>;
