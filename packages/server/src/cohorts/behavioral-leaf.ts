import type { FlagProperty, PropertyGroup } from '@signpost/flags-engine';
import { AppError } from '../errors/app-error.ts';

/**
 * PostHog's behavioural cohort leaf (`type: "behavioral"` in `filters.properties`): "performed event `key` in
 * the last `time_value` `time_interval`s", or with `performed_event_multiple` "… `operator` `operator_value`
 * times"; `negation: true` reads "did not". Only these two kinds are computed here; PostHog's others
 * (first time, regularly, stopped, restarted, sequence) are refused rather than silently matched.
 */
export const BEHAVIORAL_KINDS = ['performed_event', 'performed_event_multiple'] as const;
export type BehavioralKind = (typeof BEHAVIORAL_KINDS)[number];

/** Interval lengths in days; months and years as fixed lengths so every engine draws the same boundary. */
const INTERVAL_DAYS = new Map<string, number>([
  ['day', 1],
  ['week', 7],
  ['month', 30],
  ['year', 365],
]);
/** Ten years: the events any deployment keeps; a longer window would only be a typo. */
export const MAX_WINDOW_DAYS = 3650;
const COUNT_OPERATORS = new Set(['gte', 'lte', 'exact', 'eq']);

export interface BehavioralLeaf {
  kind: BehavioralKind;
  event: string;
  days: number;
  /** At least (`gte`), at most (`lte`) or exactly (`exact`) `count` events; `performed_event` is gte 1. */
  operator: 'gte' | 'lte' | 'exact';
  count: number;
  negation: boolean;
}

const invalid = (detail: string, attr: string) => new AppError('INVALID_BEHAVIORAL_FILTER', detail, attr);

export const isBehavioral = (leaf: FlagProperty): boolean => leaf.type === 'behavioral';

const wholeNumber = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
};

/** Reads and checks a stored or submitted leaf; `at` names it in the error (`filters.properties.values.0`). */
export function behavioralLeaf(raw: FlagProperty, at: string): BehavioralLeaf {
  const leaf = raw as FlagProperty & Record<string, unknown>;
  const kind = BEHAVIORAL_KINDS.find((k) => k === leaf.value);
  if (!kind)
    throw invalid(
      `Behavioural filters support ${BEHAVIORAL_KINDS.join(' and ')}, not ${JSON.stringify(leaf.value)}.`,
      `${at}.value`,
    );
  if (typeof leaf.key !== 'string' || leaf.key === '')
    throw invalid('A behavioural filter needs the event name as key.', `${at}.key`);
  if (leaf.event_type !== undefined && leaf.event_type !== null && leaf.event_type !== 'events')
    throw invalid('Only event_type "events" is supported (actions are not).', `${at}.event_type`);
  const intervalDays = INTERVAL_DAYS.get(String(leaf.time_interval));
  if (intervalDays === undefined)
    throw invalid(
      `time_interval must be one of ${[...INTERVAL_DAYS.keys()].join(', ')}.`,
      `${at}.time_interval`,
    );
  const amount = wholeNumber(leaf.time_value);
  if (amount === undefined || amount < 1)
    throw invalid('time_value must be a whole number of at least 1.', `${at}.time_value`);
  const days = amount * intervalDays;
  if (days > MAX_WINDOW_DAYS)
    throw invalid(`The window may cover at most ${MAX_WINDOW_DAYS} days.`, `${at}.time_value`);
  let operator: BehavioralLeaf['operator'] = 'gte';
  let count = 1;
  if (kind === 'performed_event_multiple') {
    const op = String(leaf.operator ?? 'gte');
    if (!COUNT_OPERATORS.has(op)) throw invalid('operator must be gte, lte or exact.', `${at}.operator`);
    operator = op === 'eq' ? 'exact' : (op as BehavioralLeaf['operator']);
    const n = wholeNumber(leaf.operator_value);
    if (n === undefined || n < 1)
      throw invalid('operator_value must be a whole number of at least 1.', `${at}.operator_value`);
    count = n;
  }
  return { kind, event: leaf.key, days, operator, count, negation: leaf.negation === true };
}

/** Whether a cohort's definition reads events anywhere (so it needs the query engine, not just the person). */
export function hasBehavioral(group: PropertyGroup): boolean {
  return (group.values ?? []).some((v) =>
    'values' in v && v.values !== undefined
      ? hasBehavioral(v as PropertyGroup)
      : isBehavioral(v as FlagProperty),
  );
}
