import { useState } from 'preact/hooks';
import type { GuardrailRef, SchedulePayload } from './schedule-api.ts';

type Kind = 'enable' | 'disable' | 'rollout';
export interface PlanStep {
  at: string;
  rollout: number;
  /** A guardrail id the step waits on; empty: none. */
  guardrail: string;
}
type Step = PlanStep;

interface Props {
  onSchedule: (payload: SchedulePayload, at: string) => Promise<boolean>;
  onPlan: (steps: Step[]) => Promise<boolean>;
  /** The flag's guardrails, which a plan step may wait on. */
  guardrails: GuardrailRef[];
}

/**
 * One change at a time (empty time: now), or a plan of rollout steps, each optionally waiting on one of the
 * flag's guardrails; the server checks both.
 */
export function ScheduleForm({ onSchedule, onPlan, guardrails }: Props) {
  const [mode, setMode] = useState<'one' | 'plan'>('one');
  const [kind, setKind] = useState<Kind>('rollout');
  const [rollout, setRollout] = useState(50);
  const [at, setAt] = useState('');
  const [steps, setSteps] = useState<Step[]>([{ at: '', rollout: 10, guardrail: '' }]);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<boolean>, reset: () => void) => {
    setBusy(true);
    if (await fn()) reset();
    setBusy(false);
  };
  const payload = (): SchedulePayload =>
    kind === 'rollout'
      ? { operation: 'update_rollout', value: rollout }
      : { operation: 'update_status', value: kind === 'enable' };
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
            void run(
              () => onSchedule(payload(), at),
              () => setAt(''),
            );
          }}
        >
          <div class="field">
            <label for="schedule-kind">Change</label>
            <select id="schedule-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
              <option value="rollout">Rollout %</option>
              <option value="enable">Enable</option>
              <option value="disable">Disable</option>
            </select>
          </div>
          {kind === 'rollout' && (
            <div class="field">
              <label for="schedule-rollout">Rollout %</label>
              <input
                id="schedule-rollout"
                type="number"
                value={rollout}
                onInput={(e) => setRollout(Number(e.currentTarget.value))}
              />
            </div>
          )}
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
