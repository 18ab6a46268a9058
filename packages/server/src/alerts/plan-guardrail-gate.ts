import type { ChangeContext } from '../activity-log/activity-entry.ts';
import type { GuardrailGate, GuardrailReading } from '../schedules/guardrail-gate.ts';
import type { ScheduledChange } from '../schedules/scheduled-change.ts';
import { type Alert, isFlagGuardrail } from './alert.ts';
import { type AlertProbeDeps, probe } from './alert-probe.ts';
import type { AlertStore } from './alert-store.ts';

export interface PlanGuardrailGateDeps extends AlertProbeDeps {
  store: AlertStore;
  disableFlag: (environmentId: number, flagId: number, by: ChangeContext) => Promise<void>;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Checks a plan step's guardrails the way the alert scheduler checks them, in the step's environment, at the
 * moment the step is due. A critical one that fails turns the flag off too, as its own check would.
 */
export function planGuardrailGate(deps: PlanGuardrailGateDeps): GuardrailGate {
  return async (step, now) => {
    const readings: GuardrailReading[] = [];
    for (const id of step.guardrailIds) readings.push(await read(deps, step, id, now));
    return readings;
  };
}

async function read(
  deps: PlanGuardrailGateDeps,
  step: ScheduledChange,
  id: string,
  now: Date,
): Promise<GuardrailReading> {
  const alert = await deps.store.get(id);
  if (!alert || !isFlagGuardrail(alert.spec) || alert.spec.flagId !== step.recordId)
    return failed(id, id, `guardrail ${id} no longer exists`, false);
  const critical = alert.spec.critical;
  let verdict: Awaited<ReturnType<typeof probe>>;
  try {
    verdict = await probe(deps, { ...alert, environmentId: step.environmentId }, now);
  } catch (error) {
    verdict = errorText(error);
  }
  if (typeof verdict === 'string')
    return failed(id, alert.name, `could not be checked: ${verdict}`, critical);
  const reading = {
    id,
    name: alert.name,
    passed: !verdict.firing,
    value: verdict.value,
    message: verdict.message,
    critical,
    flagDisabled: false,
  };
  if (reading.passed || !critical) return reading;
  return { ...reading, flagDisabled: await turnOff(deps, alert, step, verdict.message) };
}

async function turnOff(deps: PlanGuardrailGateDeps, alert: Alert, step: ScheduledChange, message: string) {
  try {
    await deps.disableFlag(step.environmentId, step.recordId, {
      actor: { kind: 'system', id: null, name: `alert #${alert.id}` },
      reason: `${alert.name}: ${message} (before step ${(step.step ?? 0) + 1} of rollout plan ${step.planId})`,
    });
    return true;
  } catch {
    return false;
  }
}

const failed = (id: string, name: string, message: string, critical: boolean): GuardrailReading => ({
  id,
  name,
  passed: false,
  value: null,
  message,
  critical,
  flagDisabled: false,
});
