import { validateInput } from '../api/json-body.ts';
import type { FeatureFlag } from '../flags/feature-flag.ts';
import { filtersSchema, type UpdateFlagInput } from '../flags/flag-schemas.ts';
import type { ScheduledPayload } from './scheduled-change-schemas.ts';

/**
 * The flag update a scheduled change makes, computed from the flag as it is when the change runs (a rollout
 * step keeps the conditions someone edited since the plan was made, and changes only their percentage).
 */
export function flagUpdateOf(payload: ScheduledPayload, flag: FeatureFlag): UpdateFlagInput {
  const filters = flag.filters;
  const groups = filters.groups ?? [];
  switch (payload.operation) {
    case 'update_status':
      return { active: payload.value };
    case 'update_rollout':
      return {
        filters: asInput({
          ...filters,
          // A flag without conditions serves nobody: a rollout gives it one that matches everyone.
          groups:
            groups.length > 0
              ? groups.map((g) => ({ ...g, rollout_percentage: payload.value }))
              : [{ properties: [], rollout_percentage: payload.value }],
        }),
      };
    case 'add_release_condition':
      return { filters: asInput({ ...filters, groups: [...groups, ...payload.value.groups] }) };
    case 'update_filters':
      return { filters: payload.value };
    case 'update_variants':
      return {
        filters: asInput({
          ...filters,
          multivariate: { variants: payload.value.variants },
          payloads: payload.value.payloads ?? filters.payloads,
        }),
      };
    case 'update_payloads':
      return { filters: asInput({ ...filters, payloads: payload.value }) };
  }
}

/** The engine's filters back in the API's shape (the update goes through the same checks as a person's). */
const asInput = (filters: unknown) => validateInput(filtersSchema, filters);

/** Every percentage a change sets, to refuse one outside 0–100 when it is created rather than when it runs. */
export function rolloutsOf(payload: ScheduledPayload): number[] {
  switch (payload.operation) {
    case 'update_rollout':
      return [payload.value];
    case 'update_variants':
      return payload.value.variants.map((v) => v.rollout_percentage);
    case 'add_release_condition':
    case 'update_filters':
      return payload.value.groups.flatMap((g) =>
        typeof g.rollout_percentage === 'number' ? [g.rollout_percentage] : [],
      );
    default:
      return [];
  }
}
