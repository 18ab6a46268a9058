/** A behavioural row of the cohort editor: "did (not) do `event` at least `times` times in the last `days` days". */
export interface BehavioralDraft {
  kind: 'behavioral';
  did: boolean;
  event: string;
  times: string;
  days: string;
}

export const emptyBehavioral = (): BehavioralDraft => ({
  kind: 'behavioral',
  did: true,
  event: '',
  times: '1',
  days: '30',
});

const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : Number.NaN);

/** What is wrong with a row, as the server would say it, before sending it. */
export function behavioralProblem(b: BehavioralDraft): string | undefined {
  if (!b.event.trim()) return 'Enter an event name.';
  const times = whole(b.times);
  if (!(times >= 1)) return 'Times must be a whole number of at least 1.';
  const days = whole(b.days);
  if (!(days >= 1 && days <= 3650)) return 'Days must be a whole number from 1 to 3650.';
  return undefined;
}

/**
 * PostHog's leaf: `performed_event` for "did" once, `performed_event_multiple` with `gte` for more; "did not"
 * is `performed_event` (or `_multiple`) with `negation`.
 */
export function toBehavioralLeaf(b: BehavioralDraft): Record<string, unknown> {
  const times = whole(b.times);
  return {
    key: b.event.trim(),
    type: 'behavioral',
    event_type: 'events',
    time_value: whole(b.days),
    time_interval: 'day',
    negation: !b.did,
    ...(times > 1
      ? { value: 'performed_event_multiple', operator: 'gte', operator_value: times }
      : { value: 'performed_event' }),
  };
}
