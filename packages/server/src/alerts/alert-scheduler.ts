import type { ChangeContext } from '../activity-log/activity-entry.ts';
import type { Logger } from '../util/logger.ts';
import type { Notifier } from '../webhooks/notifier.ts';
import { type Alert, type AlertCheck, type AlertState, isFlagGuardrail } from './alert.ts';
import { type AlertProbeDeps, probe } from './alert-probe.ts';
import type { AlertStore } from './alert-store.ts';
import type { Verdict } from './alert-verdict.ts';

export interface AlertSchedulerOptions extends AlertProbeDeps {
  store: AlertStore;
  notifier: Notifier;
  logger: Logger;
  /** Turns a flag off in one environment, logged in its history with the author and reason given. */
  disableFlag: (environmentId: number, flagId: number, by: ChangeContext) => Promise<void>;
  /** A critical guardrail tripped: the flag's rollout plan stops too (it would turn the flag back up). */
  pausePlans?: (environmentId: number, flagId: number, reason: string) => Promise<void>;
  now?: () => Date;
  /** How often due alerts are looked for. */
  pollMs?: number;
  /** How long a claim holds: longer than a check's queries may take, so a live node keeps its own alerts. */
  leaseMs?: number;
  batch?: number;
}

/**
 * Checks due alerts and guardrails. One timer per node; the store's claim hands each due alert to one node, so
 * two nodes sharing PostgreSQL never both fire (or both trip a flag for) the same check.
 */
export class AlertScheduler {
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly o: AlertSchedulerOptions) {
    this.now = o.now ?? (() => new Date());
  }

  start(): void {
    this.timer = setInterval(() => void this.runDue(), this.o.pollMs ?? 30_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Checks every alert due now (tests call it after moving the clock); answers how many were checked. */
  runDue(): Promise<number> {
    this.running ??= this.drain()
      .catch((error: unknown) => {
        this.o.logger.warn('alert check pass failed', { error: String(error) });
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async drain(): Promise<number> {
    let checked = 0;
    const batch = this.o.batch ?? 10;
    for (;;) {
      const now = this.now();
      const lease = new Date(now.getTime() + (this.o.leaseMs ?? 5 * 60_000));
      const due = await this.o.store.claimDue(now, lease, batch);
      for (const alert of due) await this.check(alert);
      checked += due.length;
      if (due.length < batch) return checked;
    }
  }

  private async check(alert: Alert): Promise<void> {
    const at = this.now();
    let verdict: Verdict | string;
    try {
      verdict = await probe(this.o, alert, at);
    } catch (error) {
      verdict = error instanceof Error ? error.message : String(error);
    }
    const state: AlertState =
      typeof verdict === 'string' ? 'errored' : verdict.firing ? 'firing' : 'not_firing';
    let message = typeof verdict === 'string' ? verdict : verdict.message;
    const value = typeof verdict === 'string' ? null : verdict.value;
    if (state === 'firing' && alert.state !== 'firing') message = await this.fire(alert, message, value, at);
    if (state === 'not_firing' && alert.state === 'firing')
      await this.notify(alert, 'resolved', message, value, at);
    if (state === 'errored') this.o.logger.warn('alert check failed', { alert: alert.id, reason: message });
    const check: AlertCheck = {
      alertId: alert.id,
      state,
      value,
      message,
      checkedAt: at,
      nextCheckAt: new Date(this.now().getTime() + alert.checkIntervalMinutes * 60_000),
    };
    await this.o.store.recordCheck(check);
  }

  /** Acts first, then notifies, so the notification can say whether the flag was turned off. */
  private async fire(alert: Alert, message: string, value: number | null, at: Date): Promise<string> {
    const flagId = isFlagGuardrail(alert.spec)
      ? alert.spec.critical
        ? alert.spec.flagId
        : undefined
      : alert.action?.flagId;
    let said = message;
    if (flagId !== undefined) {
      const reason = `${alert.name}: ${message}`;
      try {
        await this.o.disableFlag(alert.environmentId, flagId, {
          actor: { kind: 'system', id: null, name: `alert #${alert.id}` },
          reason,
        });
        said = `${message}; flag ${flagId} turned off`;
      } catch (error) {
        said = `${message}; flag ${flagId} could not be turned off (${error instanceof Error ? error.message : String(error)})`;
      }
      if (isFlagGuardrail(alert.spec))
        await this.o
          .pausePlans?.(alert.environmentId, flagId, `${alert.name}: ${said}`)
          .catch((error: unknown) =>
            this.o.logger.warn('rollout plan not paused', { alert: alert.id, error: String(error) }),
          );
    }
    await this.notify(alert, 'firing', said, value, at, flagId);
    return said;
  }

  private async notify(
    alert: Alert,
    state: 'firing' | 'resolved',
    message: string,
    value: number | null,
    at: Date,
    disabledFlagId?: number,
  ): Promise<void> {
    const guardrail = isFlagGuardrail(alert.spec);
    await this.o.notifier.notify({
      type: guardrail ? 'guardrail.tripped' : 'alert.fired',
      projectId: alert.projectId,
      environmentId: alert.environmentId,
      at,
      title: `${guardrail ? 'Guardrail' : 'Alert'} "${alert.name}" ${state === 'firing' ? (guardrail ? 'tripped' : 'fired') : 'resolved'}`,
      lines: [message],
      data: {
        alert: { id: alert.id, name: alert.name, kind: alert.spec.kind },
        state,
        value,
        message,
        ...(alert.spec.kind === 'insight' ? { insight: { id: alert.spec.insightId } } : {}),
        ...(isFlagGuardrail(alert.spec)
          ? { flag: { id: alert.spec.flagId }, critical: alert.spec.critical }
          : {}),
        ...(disabledFlagId !== undefined ? { disabled_flag: { id: disabledFlagId } } : {}),
      },
    });
  }
}
