import { useState } from 'preact/hooks';
import type { FlagFilters } from '../api/types.ts';
import type { GuardrailRef, SchedulePayload } from './schedule-api.ts';
import { ScheduleChangeFields } from './schedule-change-fields.tsx';
import { type ChangeDraft, type ChangeKind, emptyDraft, payloadOf } from './schedule-payload.ts';

export interface PlanStep {
  at: string;
  rollout: number;
  /** A guardrail id the step waits on; empty: none. */
  guardrail: string;
}
type Step = PlanStep;

interface Props {
  /** The flag's current filters: its variants (for a split or a payload) and payloads (kept for the others). */
  filters: FlagFilters;
  onSchedule: (payload: SchedulePayload, at: string) => Promise<boolean>;
  onPlan: (steps: Step[]) => Promise<boolean>;
  /** Fields the server would never see right (a payload that is not JSON): said where errors are said. */
  onInvalid: (message: string) => void;
  /** The flag's guardrails, which a plan step may wait on. */
  guardrails: GuardrailRef[];
}

/**
 * One change at a time (empty time: now) — on/off, rollout, variant split, a payload or an added condition —
 * or a plan of rollout steps, each optionally waiting on one of the flag's guardrails; the server checks both.
 */
export function ScheduleForm({ filters, onSchedule, onPlan, onInvalid, guardrails }: Props) {
  const [mode, setMode] = useState<'one' | 'plan'>('one');
  const [kind, setKind] = useState<ChangeKind>('rollout');
  const [draft, setDraft] = useState<ChangeDraft>(() => emptyDraft(filters));
  const [at, setAt] = useState('');
  const [steps, setSteps] = useState<Step[]>([{ at: '', rollout: 10, guardrail: '' }]);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<boolean>, reset: () => void) => {
    setBusy(true);
    if (await fn()) reset();
    setBusy(false);
  };
  const multivariate = (filters.multivariate?.variants.length ?? 0) > 0;
  const submitOne = () => {
    const payload = payloadOf(kind, draft, filters);
    if ('error' in payload) onInvalid(payload.error);
    else
      void run(
        () => onSchedule(payload, at),
        () => setAt(''),
      );
  };
  const setStep = (i: number, next: Partial<Step>) =>
    setSteps(steps.map((s, j) => (j === i ? { ...s, ...next } : s)));

  return (
    <div class="schedule-form">
      <div class="field">
        <label for="schedule-mode">Schedule</label>
        <select
          id="schedule-mode"
          value={mode}
          onChange={(e) => setMode(e.currentTarget.value as 'one' | 'plan')}
        >
          <option value="one">One change</option>
          <option value="plan">Rollout plan</option>
        </select>
      </div>
      {mode === 'one' ? (
        <form
          class="inline-form"
          aria-label="Schedule a change"
          onSubmit={(e) => {
            e.preventDefault();
            submitOne();
          }}
        >
          <div class="field">
            <label for="schedule-kind">Change</label>
            <select
              id="schedule-kind"
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value as ChangeKind)}
            >
              <option value="rollout">Rollout %</option>
              <option value="enable">Enable</option>
              <option value="disable">Disable</option>
              {multivariate && <option value="variants">Variant split</option>}
              <option value="payload">Payload</option>
              <option value="condition">Add a condition</option>
            </select>
          </div>
          <ScheduleChangeFields
            kind={kind}
            draft={draft}
            filters={filters}
            onDraft={(next) => setDraft({ ...draft, ...next })}
          />
          <div class="field">
            <label for="schedule-at">At (empty: now)</label>
            <input
              id="schedule-at"
              type="datetime-local"
              value={at}
              onInput={(e) => setAt(e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="btn primary" disabled={busy}>
            {at ? 'Schedule' : 'Apply now'}
          </button>
        </form>
      ) : (
        <form
          aria-label="Rollout plan"
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              () => onPlan(steps),
              () => setSteps([{ at: '', rollout: 10, guardrail: '' }]),
            );
          }}
        >
          {steps.map((s, i) => (
            <div class="inline-form" key={i}>
              <div class="field">
                <label for={`step-at-${i}`}>Step {i + 1} at</label>
                <input
                  id={`step-at-${i}`}
                  type="datetime-local"
                  value={s.at}
                  onInput={(e) => setStep(i, { at: e.currentTarget.value })}
                />
              </div>
              <div class="field">
                <label for={`step-rollout-${i}`}>Step {i + 1} rollout %</label>
                <input
                  id={`step-rollout-${i}`}
                  type="number"
                  value={s.rollout}
                  onInput={(e) => setStep(i, { rollout: Number(e.currentTarget.value) })}
                />
              </div>
              {guardrails.length > 0 && (
                <div class="field">
                  <label for={`step-guardrail-${i}`}>Step {i + 1} waits on</label>
                  <select
                    id={`step-guardrail-${i}`}
                    value={s.guardrail}
                    onChange={(e) => setStep(i, { guardrail: e.currentTarget.value })}
                  >
                    <option value="">No guardrail</option>
                    {guardrails.map((g) => (
                      <option key={g.id} value={g.id}>
                        {g.name}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </div>
          ))}
          <p class="row gap">
            <button
              type="button"
              class="btn small"
              onClick={() =>
                setSteps([
                  ...steps,
                  { at: '', rollout: Math.min(100, (steps.at(-1)?.rollout ?? 0) * 2), guardrail: '' },
                ])
              }
            >
              Add step
            </button>
            <button type="submit" class="btn primary" disabled={busy}>
              Create plan
            </button>
          </p>
        </form>
      )}
    </div>
  );
}
