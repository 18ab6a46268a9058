import type { Cohort, PropertyFilter } from '../api/types.ts';
import { type FilterDraft, filterDraft } from '../flags/flag-draft.ts';
import type { BehavioralDraft } from './behavioral-draft.ts';

/** A row of a group: a person-property filter or a behavioural one (events in a window). */
export type RowDraft = FilterDraft | BehavioralDraft;

const DAYS_PER: Record<string, number> = { day: 1, week: 7, month: 30, year: 365 };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function behavioralDraft(leaf: Record<string, unknown>): BehavioralDraft | undefined {
  const days = Number(leaf.time_value) * (DAYS_PER[String(leaf.time_interval)] ?? Number.NaN);
  const multiple = leaf.value === 'performed_event_multiple';
  if (!Number.isInteger(days) || (multiple && leaf.operator !== 'gte')) return undefined;
  if (!multiple && leaf.value !== 'performed_event') return undefined;
  return {
    kind: 'behavioral',
    did: leaf.negation !== true,
    event: String(leaf.key ?? ''),
    times: multiple ? String(leaf.operator_value ?? 1) : '1',
    days: String(days),
  };
}

function rowDraft(leaf: unknown): RowDraft | undefined {
  if (!isRecord(leaf) || 'values' in leaf) return undefined;
  if (leaf.type === 'behavioral') return behavioralDraft(leaf);
  if (leaf.type !== 'person' || typeof leaf.key !== 'string') return undefined;
  return filterDraft(leaf as unknown as PropertyFilter);
}

/**
 * The editor's OR-of-AND groups read back from a dynamic cohort's filters, or undefined when the definition
 * has a shape the editor cannot show (deeper nesting, other leaf kinds): then it is edited through the API only.
 */
export function groupsFromCohort(cohort: Cohort): RowDraft[][] | undefined {
  const top = cohort.filters?.properties;
  if (!top) return undefined;
  // A single AND group may be stored without the outer OR.
  const groups = top.type === 'OR' ? top.values : [top];
  const out: RowDraft[][] = [];
  for (const group of groups) {
    if (!isRecord(group) || !Array.isArray(group.values)) return undefined;
    if (group.type === 'OR' && group.values.length > 1) return undefined;
    const rows = group.values.map(rowDraft);
    if (rows.some((r) => r === undefined)) return undefined;
    out.push(rows as RowDraft[]);
  }
  return out.length > 0 ? out : undefined;
}
