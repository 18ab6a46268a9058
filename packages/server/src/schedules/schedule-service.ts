import { randomUUID } from 'node:crypto';
import type { ChangeContext } from '../activity-log/activity-entry.ts';
import { AppError } from '../errors/app-error.ts';
import type { FeatureFlag } from '../flags/feature-flag.ts';
import type { FlagService } from '../flags/flag-service.ts';
import { flagUpdateOf, rolloutsOf } from './flag-update-of.ts';
import { planHistoryEntry, type RecordActivity } from './plan-history.ts';
import {
  holdsFlag,
  type PlanStatus,
  planStatusOf,
  type ScheduledChange,
  statusOf,
} from './scheduled-change.ts';
import type {
  CreatePlanInput,
  CreateScheduledChangeInput,
  ScheduledPayload,
} from './scheduled-change-schemas.ts';
import type { ScheduledChangeStore } from './scheduled-change-store.ts';

/** A browser's or script's clock may run a little behind ours: "in the past" means before this much ago. */
const PAST_GRACE_MS = 60_000;

export interface RolloutPlan {
  id: string;
  flagId: number;
  environmentId: number;
  status: PlanStatus;
  steps: ScheduledChange[];
  createdAt: Date;
  createdBy: string;
}

export interface ScheduleServiceDeps {
  store: ScheduledChangeStore;
  flags: FlagService;
  projectIdOf: (environmentId: number) => number;
  /** Applies whatever is due now and waits for it (a change for "now" is answered already applied). */
  runDue: () => Promise<unknown>;
  /** Tells the scheduler a new change exists, so its timer aims at it. */
  wake: () => void;
  /** Whether `id` names a guardrail of this flag (a plan step may wait on it). */
  isGuardrailOf?: (environmentId: number, flagId: number, id: string) => Promise<boolean>;
  /** Records a plan's resume or cancel in the flag's history. */
  record?: RecordActivity;
  now?: () => Date;
}

/** Creating, listing and cancelling scheduled changes and rollout plans; the scheduler applies them. */
export class ScheduleService {
  private readonly now: () => Date;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ScheduleServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async list(environmentId: number, recordId?: number): Promise<ScheduledChange[]> {
    const projectId = this.deps.projectIdOf(environmentId);
    return this.deps.store.list({ projectId, environmentId, recordId });
  }

  async get(environmentId: number, id: string): Promise<ScheduledChange> {
    const change = await this.deps.store.get(id);
    if (!change || change.environmentId !== environmentId)
      throw new AppError('SCHEDULED_CHANGE_NOT_FOUND', `No scheduled change with id ${id}.`);
    return change;
  }

  create(environmentId: number, input: CreateScheduledChangeInput, by: string): Promise<ScheduledChange> {
    return this.serialized(async () => {
      const flag = this.schedulable(environmentId, input.record_id);
      const now = this.now();
      const scheduledAt = this.timeOf(input.scheduled_at, now, 'scheduled_at');
      this.check(environmentId, flag, input.payload, 'payload');
      const change = this.row(environmentId, flag, input.payload, scheduledAt, now, by, null, null);
      await this.deps.store.insert([change]);
      return change;
    }).then((change) => this.afterInsert(change));
  }

  /**
   * A plan: steps applied one after the other at their times. Refused whole (nothing saved) when a step is out
   * of order or invalid, or when the flag already has an active plan in this environment (two would fight).
   */
  createPlan(
    environmentId: number,
    flagId: number,
    input: CreatePlanInput,
    by: string,
  ): Promise<RolloutPlan> {
    return this.serialized(async () => {
      const flag = this.schedulable(environmentId, flagId);
      const active = (await this.plans(environmentId, flagId)).find((p) => holdsFlag(p.status));
      if (active)
        throw new AppError(
          'PLAN_ALREADY_ACTIVE',
          `Flag "${flag.key}" already has ${active.status === 'active' ? 'an active' : 'a paused'} rollout plan (${active.id}); cancel it first.`,
          'steps',
        );
      await this.checkGuardrails(environmentId, flag, input);
      const now = this.now();
      const planId = randomUUID();
      let previous: Date | undefined;
      const steps = input.steps.map((s, i) => {
        const at = this.timeOf(s.scheduled_at, now, `steps.${i}.scheduled_at`);
        if (previous && at <= previous)
          throw new AppError(
            'PLAN_STEPS_OUT_OF_ORDER',
            `Step ${i + 1} is due at or before step ${i}; steps must be in time order.`,
            `steps.${i}.scheduled_at`,
          );
        previous = at;
        this.check(environmentId, flag, s.payload, `steps.${i}.payload`);
        return {
          ...this.row(environmentId, flag, s.payload, at, now, by, planId, i),
          guardrailIds: s.guardrails ?? [],
        };
      });
      await this.deps.store.insert(steps);
      return steps;
    }).then(async (steps) => {
      const first = steps[0];
      if (first) await this.afterInsert(first);
      const plan = (await this.plans(environmentId, flagId)).find((p) => p.id === first?.planId);
      if (!plan) throw new AppError('PLAN_NOT_FOUND', 'The plan just created is gone.');
      return plan;
    });
  }

  /** The flag's plans in this environment, newest first. */
  async plans(environmentId: number, flagId: number): Promise<RolloutPlan[]> {
    const byPlan = new Map<string, ScheduledChange[]>();
    for (const c of await this.list(environmentId, flagId))
      if (c.planId) byPlan.set(c.planId, [...(byPlan.get(c.planId) ?? []), c]);
    return [...byPlan.entries()]
      .map(([id, steps]) => {
        steps.sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
        const first = steps[0] as ScheduledChange;
        return {
          id,
          flagId,
          environmentId,
          status: planStatusOf(steps),
          steps,
          createdAt: first.createdAt,
          createdBy: first.createdBy,
        };
      })
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  }

  async cancel(environmentId: number, id: string): Promise<ScheduledChange> {
    const change = await this.get(environmentId, id);
    if (!(await this.deps.store.cancel(id, this.now())))
      throw new AppError(
        'SCHEDULED_CHANGE_NOT_PENDING',
        `Scheduled change ${id} is ${statusOf(change)}; only a pending change can be cancelled.`,
      );
    return this.get(environmentId, id);
  }

  async cancelPlan(
    environmentId: number,
    flagId: number,
    planId: string,
    by?: ChangeContext,
  ): Promise<RolloutPlan> {
    const plan = await this.plan(environmentId, flagId, planId);
    if (!holdsFlag(plan.status))
      throw new AppError('SCHEDULED_CHANGE_NOT_PENDING', `Rollout plan ${planId} is ${plan.status}.`);
    await this.deps.store.cancelPlan(planId, this.now());
    if (plan.status === 'paused' && by) await this.remember(plan, 'cancelled', by);
    return this.plan(environmentId, flagId, planId);
  }

  /**
   * A member looked at a paused plan and lets it go on: the step that paused applies at once, its guardrails
   * waived by that member (checked again it would fail again); later steps still wait on their own guardrails.
   */
  async resumePlan(
    environmentId: number,
    flagId: number,
    planId: string,
    by: ChangeContext,
  ): Promise<RolloutPlan> {
    const plan = await this.plan(environmentId, flagId, planId);
    if (plan.status !== 'paused' || !(await this.deps.store.resumePlan(planId, by.actor.name, this.now())))
      throw new AppError('PLAN_NOT_PAUSED', `Rollout plan ${planId} is ${plan.status}, not paused.`);
    await this.remember(plan, 'resumed', by);
    await this.deps.runDue();
    return this.plan(environmentId, flagId, planId);
  }

  private async plan(environmentId: number, flagId: number, planId: string): Promise<RolloutPlan> {
    const plan = (await this.plans(environmentId, flagId)).find((p) => p.id === planId);
    if (!plan) throw new AppError('PLAN_NOT_FOUND', `No rollout plan with id ${planId} on flag ${flagId}.`);
    return plan;
  }

  private async remember(plan: RolloutPlan, event: 'resumed' | 'cancelled', by: ChangeContext) {
    const held = plan.steps.find((s) => s.pausedAt !== null);
    if (!held || !this.deps.record) return;
    let key = String(plan.flagId);
    try {
      key = this.deps.flags.get(plan.environmentId, plan.flagId).key;
    } catch {
      // A deleted flag's plan is still recorded, by id.
    }
    await this.deps.record(planHistoryEntry(held, key, event), by);
  }

  /** Every guardrail a step waits on must be one of this flag's (checked whole before anything is saved). */
  private async checkGuardrails(environmentId: number, flag: FeatureFlag, input: CreatePlanInput) {
    for (const [i, step] of input.steps.entries())
      for (const [j, id] of (step.guardrails ?? []).entries())
        if (!(await this.deps.isGuardrailOf?.(environmentId, flag.id, id)))
          throw new AppError(
            'PLAN_GUARDRAIL_NOT_FOUND',
            `Flag "${flag.key}" has no guardrail with id ${id}; create it under the flag's guardrails first.`,
            `steps.${i}.guardrails.${j}`,
          );
  }

  private async afterInsert(change: ScheduledChange): Promise<ScheduledChange> {
    if (change.scheduledAt <= this.now()) {
      await this.deps.runDue();
      return (await this.deps.store.get(change.id)) ?? change;
    }
    this.deps.wake();
    return change;
  }

  /** A deleted, unknown or archived flag cannot be scheduled: the change could only fail when it runs. */
  private schedulable(environmentId: number, flagId: number): FeatureFlag {
    let flag: FeatureFlag;
    try {
      flag = this.deps.flags.get(environmentId, flagId);
    } catch {
      throw new AppError('FLAG_NOT_SCHEDULABLE', `No live feature flag with id ${flagId}.`, 'record_id');
    }
    if (flag.archived)
      throw new AppError(
        'FLAG_NOT_SCHEDULABLE',
        `Flag "${flag.key}" is archived; unarchive it first.`,
        'record_id',
      );
    return flag;
  }

  private timeOf(value: string | undefined, now: Date, attr: string): Date {
    if (value === undefined || value === 'now') return now;
    const at = new Date(value);
    if (at.getTime() < now.getTime() - PAST_GRACE_MS)
      throw new AppError('SCHEDULE_IN_PAST', `${value} is in the past; give a later time or "now".`, attr);
    return at;
  }

  /** Refuses what could only fail when it runs: a percentage outside 0–100, filters the flag would refuse. */
  private check(environmentId: number, flag: FeatureFlag, payload: ScheduledPayload, attr: string): void {
    const bad = rolloutsOf(payload).find((p) => !(p >= 0 && p <= 100));
    if (bad !== undefined)
      throw new AppError('ROLLOUT_OUT_OF_RANGE', `A rollout of ${bad}% is outside 0–100.`, attr);
    this.deps.flags.validateUpdate(environmentId, flag.id, flagUpdateOf(payload, flag));
  }

  private row(
    environmentId: number,
    flag: FeatureFlag,
    payload: ScheduledPayload,
    scheduledAt: Date,
    now: Date,
    by: string,
    planId: string | null,
    step: number | null,
  ): ScheduledChange {
    return {
      id: randomUUID(),
      projectId: flag.projectId,
      environmentId,
      recordId: flag.id,
      payload,
      scheduledAt,
      executedAt: null,
      failureReason: null,
      cancelledAt: null,
      planId,
      step,
      guardrailIds: [],
      pausedAt: null,
      pauseReason: null,
      guardrailsWaivedBy: null,
      createdAt: now,
      createdBy: by,
    };
  }

  /** One creation at a time in this process, so two plans made together cannot both pass the "active" check. */
  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.writing.then(fn);
    this.writing = result.catch(() => undefined);
    return result;
  }
}
