import type { FlagFilters } from '../api/types.ts';
import type { SchedulePayload } from './schedule-api.ts';

/** What the Schedule card can change, one at a time. */
export type ChangeKind = 'rollout' | 'enable' | 'disable' | 'variants' | 'payload' | 'condition';

/** The card's fields for every kind; only the chosen kind's are read. */
export interface ChangeDraft {
  rollout: number;
  /** Variant key → percentage, in the flag's variant order. */
  split: Record<string, number>;
  /** A variant key, or `true` for a boolean flag's payload. */
  payloadKey: string;
  payloadText: string;
  conditionProperty: string;
  conditionValue: string;
  conditionRollout: number;
}

export const emptyDraft = (filters: FlagFilters): ChangeDraft => {
  const variants = filters.multivariate?.variants ?? [];
  return {
    rollout: 50,
    split: Object.fromEntries(variants.map((v) => [v.key, v.rollout_percentage])),
    payloadKey: variants[0]?.key ?? 'true',
    payloadText: '',
    conditionProperty: '',
    conditionValue: '',
    conditionRollout: 100,
  };
};

/**
 * The scheduled change's payload (PostHog's `{operation, value}`), or what is wrong with the fields. The server
 * checks ranges and filters again when the change is made; this only catches what it cannot see, like a
 * payload that is not JSON, before the request.
 */
export function payloadOf(
  kind: ChangeKind,
  d: ChangeDraft,
  filters: FlagFilters,
): SchedulePayload | { error: string } {
  switch (kind) {
    case 'rollout':
      return { operation: 'update_rollout', value: d.rollout };
    case 'enable':
    case 'disable':
      return { operation: 'update_status', value: kind === 'enable' };
    case 'variants': {
      const variants = (filters.multivariate?.variants ?? []).map((v) => ({
        key: v.key,
        name: v.name ?? null,
        rollout_percentage: d.split[v.key] ?? 0,
      }));
      const total = variants.reduce((sum, v) => sum + v.rollout_percentage, 0);
      if (total !== 100) return { error: `The variant split adds up to ${total}%, not 100%.` };
      return { operation: 'update_variants', value: { variants } };
    }
    case 'payload': {
      const text = d.payloadText.trim();
      try {
        JSON.parse(text);
      } catch {
        return { error: 'The payload is not valid JSON (a string needs quotes: "blue").' };
      }
      // The operation replaces the payloads whole: the other variants keep theirs.
      return { operation: 'update_payloads', value: { ...(filters.payloads ?? {}), [d.payloadKey]: text } };
    }
    case 'condition': {
      const key = d.conditionProperty.trim();
      if (!key) return { error: 'Name the person property the condition matches.' };
      const property = { key, value: d.conditionValue, operator: 'exact', type: 'person' } as const;
      return {
        operation: 'add_release_condition',
        value: { groups: [{ properties: [property], rollout_percentage: d.conditionRollout }] },
      };
    }
  }
}
