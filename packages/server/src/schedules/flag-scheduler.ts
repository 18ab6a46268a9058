import type { ChangeContext } from '../activity-log/activity-entry.ts';
import { AppError } from '../errors/app-error.ts';
import type { FeatureFlag } from '../flags/feature-flag.ts';
import type { FlagService } from '../flags/flag-service.ts';
import type { Logger } from '../util/logger.ts';
import type { Notifier } from '../webhooks/notifier.ts';
import { flagUpdateOf } from './flag-update-of.ts';
import type { GuardrailGate, GuardrailReading } from './guardrail-gate.ts';
import { planHistoryEntry, type RecordActivity } from './plan-history.ts';
import { pauseReasonOf, planPausedNotification } from './plan-paused-notification.ts';
import { planStepNotification } from './plan-step-notification.ts';
import { type ScheduledChange, stoppedPlanReason } from './scheduled-change.ts';
import type { ScheduledChangeStore } from './scheduled-change-store.ts';

export interface FlagSchedulerOptions {
  store: ScheduledChangeStore;
  flags: FlagService;
  logger: Logger;
  notifier?: Notifier;
  /** Checks the guardrails a plan step waits on; absent, steps with guardrails pause (nothing can vouch for them). */
  guardrails?: GuardrailGate;
  /** Records a plan's pause in the flag's history. */
  record?: RecordActivity;
  now?: () => Date;
  /** How often the store is looked at when nothing is due sooner (other nodes add changes too). */
  pollMs?: number;
  /** Most changes claimed per round. */
  batch?: number;
}

const SCHEDULER: ChangeContext['actor'] = { kind: 'system', id: null, name: 'scheduler' };

/**
 * Applies due scheduled changes through FlagService, as the actor "scheduler", so history, the activity log
 * and webhooks see them like any change. One timer, aimed at the next due change (or the poll interval, for
 * changes other nodes add). A change is claimed before it is applied: at most once, across restarts and nodes.
 * The price: a node that dies between the claim and the write loses that change (it shows as executed with no
 * history entry), which we prefer to a rollout step applied twice.
 */
export class FlagScheduler {
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> = Promise.resolve(0);
  private stopped = true;

  constructor(private readonly o: FlagSchedulerOptions) {
    this.now = o.now ?? (() => new Date());
  }

  /** Applies what came due while the server was down, then keeps the timer going. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.runDue().catch((error: unknown) =>
      this.o.logger.warn('scheduled changes not applied at start', { error: String(error) }),
    );
    await this.arm();
  }

  /** A change was added: look again now so the timer aims at it. */
  wake(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running.catch(() => undefined);
  }

  /**
   * A critical guardrail tripped on its own schedule and turned the flag off: the flag's plan (in that
   * environment) pauses at its next step, so it does not turn the rollout back up behind everyone's back.
   */
  async pausePlansOf(environmentId: number, flagId: number, reason: string): Promise<void> {
    const projectId = this.o.flags.get(environmentId, flagId).projectId;
    // In line with this process's passes, so a step is not being applied while its plan is paused under it.
    const pass = this.running
      .catch(() => 0)
      .then(async () => {
        const rows = await this.o.store.list({ projectId, environmentId, recordId: flagId });
        const next = rows.find((c) => c.planId && !c.executedAt && !c.cancelledAt && !c.pausedAt);
        const reading = { id: 'critical', name: 'critical guardrail', value: null, message: reason };
        if (next)
          await this.pause(next, [{ ...reading, passed: false, critical: true, flagDisabled: false }]);
        return 0;
      });
    this.running = pass;
    await pass;
  }

  /** Claims and applies every change due now, one round after another; returns how many ran. */
  runDue(): Promise<number> {
    const exclusive = this.o.store.exclusively?.bind(this.o.store);
    const pass = this.running
      .catch(() => 0)
      .then(async () => (exclusive ? ((await exclusive(() => this.drain())) ?? 0) : this.drain()));
    this.running = pass;
    return pass;
  }

  private async tick(): Promise<void> {
    await this.runDue().catch((error: unknown) =>
      this.o.logger.warn('scheduled changes pass failed', { error: String(error) }),
    );
    await this.arm().catch(() => undefined);
  }

  private async arm(): Promise<void> {
    if (this.stopped) return;
    const poll = this.o.pollMs ?? 10_000;
    const next = await this.o.store.nextDue();
    const delay = next ? Math.min(poll, Math.max(0, next.getTime() - this.now().getTime())) : poll;
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async drain(): Promise<number> {
    const batch = this.o.batch ?? 50;
    let applied = 0;
    for (;;) {
      const claimed = await this.o.store.claimDue(this.now(), batch);
      // Steps of one plan claimed together (the server was down past several) run in order; one failing stops
      // the ones after it, which were claimed already and so are recorded as failed rather than left pending.
      const failedPlans = new Map<string, string>();
      // A step that paused its plan also un-claimed the plan's later steps taken in this round: skip them.
      const pausedPlans = new Set<string>();
      for (const change of claimed) {
        if (change.planId && pausedPlans.has(change.planId)) continue;
        const readings = failedPlans.has(change.planId ?? '') ? null : await this.failingGuardrails(change);
        if (readings && change.planId) {
          await this.pause(change, readings);
          pausedPlans.add(change.planId);
          continue;
        }
        const stoppedBy = change.planId ? failedPlans.get(change.planId) : undefined;
        const failure = stoppedBy ? stoppedPlanReason(stoppedBy) : await this.apply(change);
        if (failure !== null) {
          await this.o.store.recordFailure(change.id, failure, this.now());
          if (change.planId && !stoppedBy) failedPlans.set(change.planId, failure);
        }
        if (change.planId) await this.announce(change, failure);
        applied += 1;
      }
      if (claimed.length < batch) return applied;
    }
  }

  /** The readings of a plan step's guardrails when one fails, or null when the step may apply. */
  private async failingGuardrails(change: ScheduledChange): Promise<GuardrailReading[] | null> {
    if (change.guardrailIds.length === 0 || change.guardrailsWaivedBy !== null) return null;
    let readings: GuardrailReading[];
    try {
      readings = this.o.guardrails
        ? await this.o.guardrails(change, this.now())
        : [unreadable('guardrails', 'no guardrail checker is configured')];
    } catch (error) {
      readings = [unreadable('guardrails', error instanceof Error ? error.message : String(error))];
    }
    return readings.some((r) => !r.passed) ? readings : null;
  }

  /** Holds the plan at this step, says why in the flag's history and to `plan.paused` subscribers. */
  private async pause(change: ScheduledChange, readings: GuardrailReading[]): Promise<void> {
    const reason = pauseReasonOf(readings);
    await this.o.store.pausePlan(change.planId ?? '', change.step ?? 0, reason, this.now());
    this.o.logger.warn('rollout plan paused by a guardrail', { plan: change.planId, reason });
    const key = this.keyOf(change);
    // The pause is stored: a history write that fails must not stop the rest of the pass.
    await this.o
      .record?.(planHistoryEntry(change, key, 'paused'), { actor: SCHEDULER, reason })
      .catch((error: unknown) => this.o.logger.warn('plan pause not logged', { error: String(error) }));
    if (!this.o.notifier) return;
    const steps = await this.planSteps(change);
    await this.o.notifier.notify(planPausedNotification(change, steps.length, key, readings, this.now()));
  }

  private keyOf(change: ScheduledChange): string {
    try {
      return this.o.flags.get(change.environmentId, change.recordId).key;
    } catch {
      // A deleted flag is still named, by id.
      return String(change.recordId);
    }
  }

  private async planSteps(change: ScheduledChange): Promise<ScheduledChange[]> {
    const projectId = change.projectId;
    return (await this.o.store.list({ projectId, recordId: change.recordId })).filter(
      (c) => c.planId === change.planId,
    );
  }

  /** Returns why the change failed, or null. */
  private async apply(change: ScheduledChange): Promise<string | null> {
    try {
      const flag = await this.current(change);
      if (flag.archived) return `Flag "${flag.key}" is archived.`;
      const reason = change.planId
        ? `Rollout plan ${change.planId}, step ${(change.step ?? 0) + 1}`
        : `Scheduled change ${change.id}`;
      await this.o.flags.update(change.environmentId, change.recordId, flagUpdateOf(change.payload, flag), {
        actor: SCHEDULER,
        reason,
      });
      return null;
    } catch (error) {
      this.o.logger.warn('scheduled change failed', { id: change.id, error: String(error) });
      return error instanceof Error ? error.message : String(error);
    }
  }

  /**
   * The flag as this node knows it. A flag another node created moments ago may not have reached this node's
   * cache through the change feed yet: read the flags again once before calling it gone.
   */
  private async current(change: ScheduledChange): Promise<FeatureFlag> {
    try {
      return this.o.flags.get(change.environmentId, change.recordId);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'FLAG_NOT_FOUND')) throw error;
      await this.o.flags.reload();
      return this.o.flags.get(change.environmentId, change.recordId);
    }
  }

  private async announce(change: ScheduledChange, failure: string | null): Promise<void> {
    if (!this.o.notifier) return;
    const steps = await this.planSteps(change);
    await this.o.notifier.notify(
      planStepNotification(change, steps.length, this.keyOf(change), failure, this.now()),
    );
  }
}

const unreadable = (id: string, message: string): GuardrailReading => ({
  id,
  name: id,
  passed: false,
  value: null,
  message,
  critical: false,
  flagDisabled: false,
});
