import type { MetricDraft, MetricKind } from './experiment-draft.ts';

interface MetricEditorProps {
  /** Prefix of the fields' ids and of the problems' keys, e.g. "primary" or "secondary-0". */
  id: string;
  label: string;
  metric: MetricDraft;
  problems: Record<string, string>;
  onChange: (metric: MetricDraft) => void;
}

const KINDS: { id: MetricKind; label: string }[] = [
  { id: 'conversion', label: 'Conversion to an event' },
  { id: 'count', label: 'Count of an event per user' },
  { id: 'sum', label: 'Sum of a property per user' },
];

/** One goal metric: what to measure, on which event, and within how many days of the first exposure. */
export function MetricEditor({ id, label, metric, problems, onChange }: MetricEditorProps) {
  const set = (patch: Partial<MetricDraft>) => onChange({ ...metric, ...patch });
  const error = (key: string) => problems[`${id}-${key}`];
  return (
    <fieldset class="metric-editor">
      <legend>{label}</legend>
      <div class="row gap wrap">
        <div class="field">
          <label for={`${id}-kind`}>{label} kind</label>
          <select
            id={`${id}-kind`}
            value={metric.kind}
            onChange={(e) => set({ kind: e.currentTarget.value as MetricKind })}
          >
            {KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field grow">
          <label for={`${id}-event`}>{label} event</label>
          <input
            id={`${id}-event`}
            placeholder="e.g. export.csv"
            value={metric.event}
            aria-invalid={Boolean(error('event'))}
            onInput={(e) => set({ event: e.currentTarget.value })}
          />
          {error('event') && <div class="error-text">{error('event')}</div>}
        </div>
        {metric.kind === 'sum' && (
          <div class="field">
            <label for={`${id}-property`}>{label} property</label>
            <input
              id={`${id}-property`}
              placeholder="e.g. amount"
              value={metric.property}
              aria-invalid={Boolean(error('property'))}
              onInput={(e) => set({ property: e.currentTarget.value })}
            />
            {error('property') && <div class="error-text">{error('property')}</div>}
          </div>
        )}
        <div class="field">
          <label for={`${id}-window`}>{label} window (days)</label>
          <input
            id={`${id}-window`}
            type="number"
            min={1}
            class="pct"
            placeholder="no limit"
            value={metric.windowDays}
            aria-invalid={Boolean(error('window'))}
            onInput={(e) => set({ windowDays: e.currentTarget.value })}
          />
          {error('window') && <div class="error-text">{error('window')}</div>}
        </div>
        <div class="field">
          <label for={`${id}-goal`}>{label} goal</label>
          <select
            id={`${id}-goal`}
            value={metric.goal}
            onChange={(e) => set({ goal: e.currentTarget.value as MetricDraft['goal'] })}
          >
            <option value="increase">Higher is better</option>
            <option value="decrease">Lower is better</option>
          </select>
        </div>
      </div>
    </fieldset>
  );
}
