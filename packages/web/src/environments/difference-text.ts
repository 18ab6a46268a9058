import type { ReleaseCondition, Variant } from '../api/types.ts';
import type { SettingDifference } from './environments-api.ts';

const FIELD_LABELS: Record<string, string> = {
  active: 'Enabled',
  'filters.groups': 'Release conditions',
  'filters.multivariate': 'Variant split',
  'filters.payloads': 'Payloads',
  'filters.holdout': 'Holdout',
  'filters.aggregation_group_type_index': 'Aggregated by',
};

/** The settings field a difference names (`filters.groups`), in the words the flag page uses. */
export const fieldLabel = (field: string): string => FIELD_LABELS[field] ?? field;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function conditionText(c: ReleaseCondition): string {
  const who = (c.properties ?? [])
    .map((p) => {
      const value = Array.isArray(p.value) ? p.value.map(String).join(' or ') : String(p.value ?? '');
      return p.type === 'cohort'
        ? `in cohort #${value}`
        : `${p.key} ${p.operator ?? 'exact'} ${value}`.trim();
    })
    .join(' and ');
  const variant = c.variant ? ` → ${c.variant}` : '';
  return `${c.rollout_percentage ?? 100}% of ${who || 'everyone'}${variant}`;
}

/** One side of a difference as short lines, so two environments can be read side by side. */
export function valueLines(field: string, value: unknown): string[] {
  if (value === null || value === undefined) return ['—'];
  if (field === 'active') return [value ? 'on' : 'off'];
  if (field === 'filters.groups' && Array.isArray(value)) {
    return value.length === 0
      ? ['no conditions (nobody)']
      : (value as ReleaseCondition[]).map((c, i) => `Set ${i + 1}: ${conditionText(c)}`);
  }
  if (field === 'filters.multivariate' && isObject(value) && Array.isArray(value.variants)) {
    return (value.variants as Variant[]).map((v) => `${v.key}: ${v.rollout_percentage}%`);
  }
  if (field === 'filters.payloads' && isObject(value)) {
    const entries = Object.entries(value);
    return entries.length === 0
      ? ['no payloads']
      : entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  if (field === 'filters.holdout' && isObject(value)) {
    return [`${String(value.exclusion_percentage ?? '?')}% held out (holdout #${String(value.id ?? '?')})`];
  }
  return [typeof value === 'string' ? value : JSON.stringify(value)];
}

export interface DifferenceRow {
  field: string;
  label: string;
  from: string[];
  to: string[];
}

/** A flag's differences as rows of a from/to table, in the server's field order. */
export const differenceRows = (differences: readonly SettingDifference[]): DifferenceRow[] =>
  differences.map((d) => ({
    field: d.field,
    label: fieldLabel(d.field),
    from: valueLines(d.field, d.from),
    to: valueLines(d.field, d.to),
  }));
