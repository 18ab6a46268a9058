import type { FlagFilters } from '../api/types.ts';

const isFilters = (value: unknown): value is FlagFilters =>
  typeof value === 'object' && value !== null && Array.isArray((value as FlagFilters).groups);

/** One line describing who gets a flag with these filters, for the list and the history. */
export function rolloutSummary(filters: FlagFilters): string {
  const groups = filters.groups ?? [];
  const variants = filters.multivariate?.variants ?? [];
  const kind = variants.length ? `${variants.length} variants · ` : '';
  if (groups.length === 0) return `${kind}nobody (no release conditions)`;
  if (groups.length === 1) {
    const g = groups[0];
    const pct = g?.rollout_percentage ?? 100;
    const filterCount = g?.properties?.length ?? 0;
    const who =
      filterCount === 0 ? 'everyone' : `users matching ${filterCount} filter${filterCount === 1 ? '' : 's'}`;
    return `${kind}${pct}% of ${who}`;
  }
  return `${kind}${groups.length} release conditions`;
}

/** A history entry's before/after as words: rollouts for filters, enabled/disabled for the switch. */
export function describeValue(field: string, value: unknown): string {
  if (field === 'filters' && isFilters(value)) return rolloutSummary(value);
  if (field === 'active') return value ? 'enabled' : 'disabled';
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
