import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import { PROJECT } from '../api/endpoints.ts';
import { del, get, post } from '../api/http.ts';
import type { FlagFilters } from '../api/types.ts';
import { fullTime } from '../ui/format.ts';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import {
  changesPath,
  describeChange,
  type GuardrailRef,
  guardrailsPath,
  plansPath,
  type RolloutPlan,
  type ScheduledChange,
  type SchedulePayload,
  whenOf,
} from './schedule-api.ts';
import { type PlanStep, ScheduleForm } from './schedule-form.tsx';

interface Props {
  flagId: number;
  /** The flag's filters as the page shows them: the form offers its variants and keeps its payloads. */
  filters: FlagFilters;
  version: number;
  canEdit: boolean;
  /** Called after a change that may already have been applied (one for "now"), so the page reloads the flag. */
  onChange: () => void;
}

/**
 * The flag page's "Schedule" card: a change at a time (or now), or a rollout plan of steps; and the timeline
 * of what ran, what failed and what is still to come, with cancel for what is pending.
 */
export function ScheduleCard({ flagId, filters, version, canEdit, onChange }: Props) {
  const [error, setError] = useState<string | null>(null);
  const data = useResource(
    async () => ({
      changes: (await get<{ results: ScheduledChange[] }>(changesPath(flagId))).results,
      plans: (await get<{ results: RolloutPlan[] }>(plansPath(flagId))).results,
      guardrails: (await get<{ results: GuardrailRef[] }>(guardrailsPath(flagId))).results,
    }),
    [flagId, version],
  );
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      data.reload();
      onChange();
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    }
  };
  const scheduleOne = (payload: SchedulePayload, at: string) =>
    act(() =>
      post(`${PROJECT}/scheduled_changes/`, {
        record_id: flagId,
        model_name: 'FeatureFlag',
        payload,
        scheduled_at: whenOf(at),
      }),
    );
  const createPlan = (steps: PlanStep[]) =>
    act(() =>
      post(plansPath(flagId), {
        steps: steps.map((s) => ({
          scheduled_at: whenOf(s.at),
          payload: { operation: 'update_rollout', value: s.rollout },
          ...(s.guardrail ? { guardrails: [s.guardrail] } : {}),
        })),
      }),
    );

  if (data.error) return <ErrorNotice error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading />;
  const active = data.data.plans.find((p) => p.status === 'active');
  const paused = data.data.plans.find((p) => p.status === 'paused');
  const names = new Map(data.data.guardrails.map((g) => [g.id, g.name]));
  const cancelPlan = (plan: RolloutPlan) => act(() => del(`${plansPath(flagId)}${plan.id}/`));
  return (
    <section class="card" data-testid="flag-schedule">
      <h2>Schedule</h2>
      {canEdit && (
        <ScheduleForm
          key={version}
          filters={filters}
          onSchedule={scheduleOne}
          onPlan={createPlan}
          onInvalid={setError}
          guardrails={data.data.guardrails}
        />
      )}
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
      {active && canEdit && (
        <p class="row gap">
          <span>A rollout plan is active.</span>
          <button type="button" class="btn small danger" onClick={() => cancelPlan(active)}>
            Cancel plan
          </button>
        </p>
      )}
      {paused && (
        <div class="notice error" data-testid="plan-paused">
          <p>
            <strong>The rollout plan is paused:</strong> a guardrail failed before a step. No further step
            applies until it is resumed (the held step then applies, its guardrail waived) or cancelled.
          </p>
          {paused.pause_reason && <p class="small">{paused.pause_reason}</p>}
          {canEdit && (
            <p class="row gap">
              <button
                type="button"
                class="btn small primary"
                onClick={() => act(() => post(`${plansPath(flagId)}${paused.id}/resume/`, {}))}
              >
                Resume plan
              </button>
              <button type="button" class="btn small danger" onClick={() => cancelPlan(paused)}>
                Cancel plan
              </button>
            </p>
          )}
        </div>
      )}
      {data.data.changes.length === 0 ? (
        <p class="muted small">Nothing scheduled.</p>
      ) : (
        <ol class="timeline" aria-label="Scheduled changes">
          {data.data.changes.map((c) => (
            <TimelineItem
              key={c.id}
              change={c}
              guardrails={(c.guardrails ?? []).map((id) => names.get(id) ?? `deleted guardrail ${id}`)}
              onCancel={
                canEdit && c.status === 'pending' && !c.plan_id
                  ? () => act(() => del(`${PROJECT}/scheduled_changes/${c.id}/`))
                  : undefined
              }
            />
          ))}
        </ol>
      )}
    </section>
  );
}

function TimelineItem({
  change: c,
  guardrails,
  onCancel,
}: {
  change: ScheduledChange;
  /** Names of the guardrails the step waits on. */
  guardrails: string[];
  onCancel?: (() => void) | undefined;
}) {
  const label = describeChange(c.payload);
  return (
    <li data-testid="schedule-item" data-status={c.status}>
      <span class="row gap">
        <span>{fullTime(c.scheduled_at)}</span>
        <strong>{label}</strong>
        {c.plan_id !== null && <span class="muted small">plan step {(c.step ?? 0) + 1}</span>}
        {guardrails.length > 0 && (
          <span class="muted small" data-testid="step-guardrails">
            waits on {guardrails.join(', ')}
            {c.guardrails_waived_by ? ` (waived by ${c.guardrails_waived_by})` : ''}
          </span>
        )}
        <span
          class={
            c.status === 'executed' ? 'badge success' : c.status === 'paused' ? 'badge warning' : 'badge'
          }
        >
          {c.status}
        </span>
        {onCancel && (
          <button type="button" class="btn small ghost" aria-label={`Cancel ${label}`} onClick={onCancel}>
            Cancel
          </button>
        )}
      </span>
      {c.failure_reason && <span class="change small">{c.failure_reason}</span>}
    </li>
  );
}
