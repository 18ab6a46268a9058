import type { BehavioralDraft } from './behavioral-draft.ts';

interface BehavioralRowProps {
  id: string;
  draft: BehavioralDraft;
  problem: string | undefined;
  onChange: (draft: BehavioralDraft) => void;
  onRemove: () => void;
}

/** "Did / did not do [event] at least [N] times in the last [D] days", one row of a cohort group. */
export function BehavioralRow({ id, draft, problem, onChange, onRemove }: BehavioralRowProps) {
  const set = (patch: Partial<BehavioralDraft>) => onChange({ ...draft, ...patch });
  return (
    <div class="filter-row" data-testid={id}>
      <div class="field">
        <label for={`${id}-did`}>Person</label>
        <select
          id={`${id}-did`}
          value={draft.did ? 'did' : 'not'}
          onChange={(e) => set({ did: e.currentTarget.value === 'did' })}
        >
          <option value="did">did event</option>
          <option value="not">did not do event</option>
        </select>
      </div>
      <div class="field">
        <label for={`${id}-event`}>Event</label>
        <input
          id={`${id}-event`}
          placeholder="e.g. purchase"
          value={draft.event}
          onInput={(e) => set({ event: e.currentTarget.value })}
        />
      </div>
      <div class="field">
        <label for={`${id}-times`}>At least (times)</label>
        <input
          id={`${id}-times`}
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          value={draft.times}
          onInput={(e) => set({ times: e.currentTarget.value })}
        />
      </div>
      <div class="field">
        <label for={`${id}-days`}>In the last (days)</label>
        <input
          id={`${id}-days`}
          type="number"
          min={1}
          max={3650}
          step={1}
          inputMode="numeric"
          value={draft.days}
          onInput={(e) => set({ days: e.currentTarget.value })}
        />
      </div>
      <button type="button" class="btn small ghost" aria-label="Remove filter" onClick={onRemove}>
        ✕
      </button>
      {problem && (
        <span class="error-text" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}
