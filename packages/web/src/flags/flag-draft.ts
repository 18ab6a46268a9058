import type { Flag, FlagFilters, PropertyFilter, PropertyType } from '../api/types.ts';
import { fromFilterValue, inferValueType, toFilterValue, type ValueType, valueProblem } from './operators.ts';

export interface FilterDraft {
  type: PropertyType;
  key: string;
  valueType: ValueType;
  operator: string;
  value: string;
}

export interface ConditionDraft {
  filters: FilterDraft[];
  rollout: number;
}

export interface VariantDraft {
  key: string;
  name: string;
  rollout: number;
  payload: string;
}

/** The edit form's state: text as typed, converted to PostHog's `filters` only on save. */
export interface FlagDraft {
  key: string;
  name: string;
  active: boolean;
  multivariate: boolean;
  /** Remote config: one payload served to everyone (PostHog's `is_remote_configuration`), no targeting. */
  remoteConfig: boolean;
  /** null targets persons; a group type index targets groups of that type. */
  aggregation: number | null;
  conditions: ConditionDraft[];
  variants: VariantDraft[];
  /** The boolean flag's payload, JSON text. */
  payload: string;
}

export const emptyFilter = (type: PropertyType = 'person'): FilterDraft => ({
  type,
  key: '',
  valueType: 'string',
  operator: 'exact',
  value: '',
});

export const newDraft = (): FlagDraft => ({
  key: '',
  name: '',
  active: true,
  multivariate: false,
  remoteConfig: false,
  aggregation: null,
  conditions: [{ filters: [], rollout: 100 }],
  variants: [
    { key: 'control', name: '', rollout: 50, payload: '' },
    { key: 'test', name: '', rollout: 50, payload: '' },
  ],
  payload: '',
});

const payloadText = (value: unknown): string =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);

export function filterDraft(p: PropertyFilter): FilterDraft {
  if (p.type === 'cohort')
    return { ...emptyFilter('cohort'), key: 'id', operator: 'in', value: String(p.value) };
  const operator = p.operator ?? 'exact';
  return {
    type: p.type,
    key: p.key,
    valueType: inferValueType(operator, p.value),
    operator,
    value: fromFilterValue(operator, p.value),
  };
}

export function draftFromFlag(flag: Flag): FlagDraft {
  const f = flag.filters;
  const variants = f.multivariate?.variants ?? [];
  return {
    key: flag.key,
    name: flag.name,
    active: flag.active,
    multivariate: variants.length > 0,
    remoteConfig: flag.is_remote_configuration === true,
    aggregation: f.aggregation_group_type_index ?? null,
    conditions: (f.groups ?? []).map((g) => ({
      filters: (g.properties ?? []).map(filterDraft),
      rollout: g.rollout_percentage ?? 100,
    })),
    variants: variants.length
      ? variants.map((v) => ({
          key: v.key,
          name: v.name ?? '',
          rollout: v.rollout_percentage,
          payload: payloadText(f.payloads?.[v.key]),
        }))
      : newDraft().variants,
    payload: payloadText(f.payloads?.true),
  };
}

function filterOut(d: FilterDraft, aggregation: number | null): PropertyFilter {
  if (d.type === 'cohort') return { key: 'id', type: 'cohort', operator: 'in', value: Number(d.value) };
  const filter: PropertyFilter = {
    key: d.key.trim(),
    type: aggregation === null ? 'person' : 'group',
    operator: d.operator,
    value: toFilterValue(d.operator, d.valueType, d.value),
  };
  if (aggregation !== null) filter.group_type_index = aggregation;
  return filter;
}

/** PostHog's `filters` for the draft; payloads are stored as JSON text, as PostHog's own app stores them. */
export function filtersFromDraft(d: FlagDraft): FlagFilters {
  // Remote config is on for everyone: its one payload is the value, so targeting and variants do not apply.
  if (d.remoteConfig)
    return {
      groups: [{ properties: [], rollout_percentage: 100 }],
      multivariate: null,
      payloads: { true: d.payload.trim() },
      aggregation_group_type_index: null,
    };
  const payloads: Record<string, string> = {};
  if (d.multivariate) {
    for (const v of d.variants) if (v.payload.trim()) payloads[v.key] = v.payload.trim();
  } else if (d.payload.trim()) payloads.true = d.payload.trim();
  return {
    groups: d.conditions.map((c) => ({
      properties: c.filters.map((f) => filterOut(f, d.aggregation)),
      rollout_percentage: c.rollout,
    })),
    multivariate: d.multivariate
      ? {
          variants: d.variants.map((v) => ({
            key: v.key.trim(),
            name: v.name || null,
            rollout_percentage: v.rollout,
          })),
        }
      : null,
    payloads,
    aggregation_group_type_index: d.aggregation,
  };
}

const isJson = (text: string) => {
  if (!text.trim()) return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Problems keyed by form field id; empty when the draft can be saved. */
export function draftProblems(d: FlagDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!/^[a-zA-Z0-9_-]+$/.test(d.key)) problems.key = 'Use letters, digits, - and _ only.';
  d.conditions.forEach((c, ci) => {
    c.filters.forEach((f, fi) => {
      const id = `condition-${ci}-filter-${fi}`;
      if (f.type === 'cohort') {
        if (!f.value) problems[id] = 'Choose a cohort.';
        return;
      }
      if (!f.key.trim()) problems[id] = 'Enter a property name.';
      else {
        const problem = valueProblem(f.operator, f.valueType, f.value);
        if (problem) problems[id] = problem;
      }
    });
  });
  if (d.remoteConfig) {
    if (!d.payload.trim()) problems.payload = 'Remote config serves its payload: enter the JSON to serve.';
    else if (!isJson(d.payload)) problems.payload = 'This payload is not valid JSON.';
    return problems;
  }
  if (d.multivariate) {
    const total = variantTotal(d);
    if (total !== 100) problems.variants = `Variant rollouts add up to ${total}%; they must add up to 100%.`;
    const keys = d.variants.map((v) => v.key.trim());
    if (keys.some((k) => !/^[a-zA-Z0-9_-]+$/.test(k)))
      problems.variants = 'Every variant needs a key (letters, digits, - and _).';
    else if (new Set(keys).size !== keys.length) problems.variants = 'Variant keys must be different.';
    d.variants.forEach((v, i) => {
      if (!isJson(v.payload)) problems[`variant-${i}-payload`] = 'This payload is not valid JSON.';
    });
  } else if (!isJson(d.payload)) problems.payload = 'This payload is not valid JSON.';
  return problems;
}

export const variantTotal = (d: FlagDraft) =>
  Math.round(d.variants.reduce((sum, v) => sum + (Number.isFinite(v.rollout) ? v.rollout : 0), 0) * 100) /
  100;
