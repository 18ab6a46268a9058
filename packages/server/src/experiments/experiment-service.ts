import { randomUUID } from 'node:crypto';
import { type ChangeContext, changeContextOf } from '../activity-log/activity-entry.ts';
import { AppError } from '../errors/app-error.ts';
import type { FlagService } from '../flags/flag-service.ts';
import { type Experiment, type ExperimentVariant, isRunning } from './experiment.ts';
import type {
  CreateExperimentInput,
  ExperimentMetricInput,
  UpdateExperimentInput,
} from './experiment-schemas.ts';
import type { ExperimentStore } from './experiment-store.ts';
import { checkVariants } from './experiment-variants.ts';
import { experimentFlag, linkableVariants, shippedFilters, withHoldout, withVariants } from './flag-link.ts';

export interface ExperimentServiceDeps {
  store: ExperimentStore;
  flags: FlagService;
  now?: () => Date;
}

const DEFAULT_VARIANTS: ExperimentVariant[] = [
  { key: 'control', rollout_percentage: 50 },
  { key: 'test', rollout_percentage: 50 },
];

const invalid = (detail: string, attr: string | null) => new AppError('INVALID_EXPERIMENT', detail, attr);

/**
 * Experiments in memory, written through to the store. Each owns one multivariate flag (created or linked);
 * the flag's own API stays the way to change targeting, and every flag change made here goes through the flag
 * service so it lands in the flag's activity log. `revision` moves whenever the set of running flags may change.
 */
export class ExperimentService {
  private readonly experiments = new Map<number, Experiment>();
  private nextId = 1;
  private revisionCounter = 0;
  private writing: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;

  constructor(private readonly deps: ExperimentServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    await this.load();
  }

  /** Re-reads every experiment, queued behind this node's writes like one (see FlagService.reload). */
  reload(): Promise<void> {
    return this.serialized(() => this.load());
  }

  private async load(): Promise<void> {
    const experiments = await this.deps.store.listExperiments();
    this.experiments.clear();
    for (const e of experiments) {
      this.experiments.set(e.id, e);
      this.nextId = Math.max(this.nextId, e.id + 1);
    }
    this.revisionCounter += 1;
  }

  get revision(): number {
    return this.revisionCounter;
  }

  /** Ids of the flags whose experiment is running, for the SDK marker (`has_experiment`). */
  runningFlagIds(projectId: number): ReadonlySet<number> {
    return new Set(
      this.live(projectId)
        .filter(isRunning)
        .map((e) => e.flagId),
    );
  }

  list(projectId: number, archived?: boolean): Experiment[] {
    return this.live(projectId)
      .filter((e) => archived === undefined || e.archived === archived)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
  }

  get(projectId: number, id: number): Experiment {
    const e = this.experiments.get(id);
    if (!e || e.projectId !== projectId || e.deleted)
      throw new AppError('EXPERIMENT_NOT_FOUND', `No experiment with id ${id}.`);
    return e;
  }

  create(
    projectId: number,
    input: CreateExperimentInput,
    actor: string | ChangeContext,
  ): Promise<Experiment> {
    return this.serialized(async () => {
      const id = (await this.deps.store.allocateId?.()) ?? this.nextId;
      const existing = this.deps.flags.byKey(projectId, input.feature_flag_key);
      const requested = input.parameters?.feature_flag_variants;
      const holdout = input.holdout?.exclusion_percentage ?? null;
      const startDate = dateOf(input.start_date);
      const endDate = dateOf(input.end_date);
      checkDates(startDate, endDate);
      let variants: ExperimentVariant[];
      let flagId: number;
      if (existing) {
        this.assertFlagFree(projectId, existing.id, existing.key);
        variants = linkableVariants(existing, requested);
        const filters = withHoldout(existing.filters, id, holdout);
        const activate = startDate !== null && !existing.active;
        if (JSON.stringify(filters) !== JSON.stringify(existing.filters) || activate) {
          await this.deps.flags.update(
            projectId,
            existing.id,
            { filters, ...(activate ? { active: true } : {}) },
            actor,
          );
        }
        flagId = existing.id;
      } else {
        variants = checkVariants(requested ?? DEFAULT_VARIANTS);
        const flag = await this.deps.flags.create(
          projectId,
          experimentFlag(input.feature_flag_key, input.name, variants, id, holdout, startDate !== null),
          actor,
        );
        flagId = flag.id;
      }
      const now = this.now();
      const experiment: Experiment = {
        id,
        projectId,
        name: input.name,
        description: input.description ?? '',
        flagId,
        flagKey: input.feature_flag_key,
        variants,
        startDate,
        endDate,
        archived: input.archived ?? false,
        deleted: false,
        holdoutPercentage: holdout,
        exposure: input.exposure_criteria?.exposure_config ?? null,
        metrics: withIds(input.metrics ?? []),
        secondaryMetrics: withIds(input.metrics_secondary ?? []),
        decisionRule: input.stats_config?.method ?? 'frequentist',
        shippedVariant: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
        createdBy: changeContextOf(actor).actor.name,
      };
      await this.save(experiment);
      this.nextId = Math.max(this.nextId, id + 1);
      return experiment;
    });
  }

  update(
    projectId: number,
    id: number,
    input: UpdateExperimentInput,
    actor: string | ChangeContext,
  ): Promise<Experiment> {
    return this.serialized(async () => {
      const before = this.get(projectId, id);
      const startDate = input.start_date === undefined ? before.startDate : dateOf(input.start_date);
      const endDate = input.end_date === undefined ? before.endDate : dateOf(input.end_date);
      checkDates(startDate, endDate);
      const requested = input.parameters?.feature_flag_variants;
      const holdout =
        input.holdout === undefined
          ? before.holdoutPercentage
          : (input.holdout?.exclusion_percentage ?? null);
      const reshaped = requested !== undefined || holdout !== before.holdoutPercentage;
      if (reshaped && before.startDate)
        throw invalid('Variants and holdout can only change while the experiment is a draft.', 'parameters');
      const variants = requested ? checkVariants(requested) : before.variants;
      await this.syncFlag(before, { variants, holdout, launching: !before.startDate && !!startDate }, actor);
      const after: Experiment = {
        ...before,
        name: input.name ?? before.name,
        description: input.description ?? before.description,
        variants,
        startDate,
        endDate,
        archived: input.archived ?? before.archived,
        deleted: input.deleted ?? before.deleted,
        holdoutPercentage: holdout,
        exposure:
          input.exposure_criteria === undefined
            ? before.exposure
            : (input.exposure_criteria?.exposure_config ?? null),
        metrics: input.metrics ? withIds(input.metrics) : before.metrics,
        secondaryMetrics: input.metrics_secondary
          ? withIds(input.metrics_secondary)
          : before.secondaryMetrics,
        decisionRule: input.stats_config?.method ?? before.decisionRule,
        version: before.version + 1,
        updatedAt: this.now(),
      };
      await this.save(after);
      return after;
    });
  }

  /** Rolls the flag to 100% of one variant and ends the experiment (PostHog's "ship variant"). */
  shipVariant(
    projectId: number,
    id: number,
    variant: string,
    actor: string | ChangeContext,
  ): Promise<Experiment> {
    return this.serialized(async () => {
      const before = this.get(projectId, id);
      if (!before.variants.some((v) => v.key === variant)) {
        const keys = before.variants.map((v) => v.key).join(', ');
        throw invalid(`"${variant}" is not a variant of this experiment (${keys}).`, 'variant');
      }
      const flag = this.deps.flags.get(projectId, before.flagId);
      await this.deps.flags.update(
        projectId,
        flag.id,
        { filters: shippedFilters(flag.filters, variant), active: true },
        shippedBy(changeContextOf(actor), variant, id),
      );
      const now = this.now();
      const after: Experiment = {
        ...before,
        startDate: before.startDate ?? now,
        endDate: before.endDate ?? now,
        shippedVariant: variant,
        version: before.version + 1,
        updatedAt: now,
      };
      await this.save(after);
      return after;
    });
  }

  private async syncFlag(
    e: Experiment,
    change: { variants: ExperimentVariant[]; holdout: number | null; launching: boolean },
    actor: string | ChangeContext,
  ): Promise<void> {
    const flag = this.deps.flags.get(e.projectId, e.flagId);
    const filters = withHoldout(withVariants(flag.filters, change.variants), e.id, change.holdout);
    const activate = change.launching && !flag.active;
    if (JSON.stringify(filters) === JSON.stringify(flag.filters) && !activate) return;
    await this.deps.flags.update(
      e.projectId,
      flag.id,
      { filters, ...(activate ? { active: true } : {}) },
      actor,
    );
  }

  private assertFlagFree(projectId: number, flagId: number, key: string): void {
    const other = this.live(projectId).find((e) => e.flagId === flagId);
    if (other) {
      throw new AppError(
        'EXPERIMENT_FLAG_IN_USE',
        `Flag "${key}" already belongs to experiment ${other.id} ("${other.name}"); use another flag.`,
        'feature_flag_key',
      );
    }
  }

  private live(projectId: number): Experiment[] {
    return [...this.experiments.values()].filter((e) => e.projectId === projectId && !e.deleted);
  }

  private async save(e: Experiment): Promise<void> {
    await this.deps.store.saveExperiment(e);
    this.experiments.set(e.id, e);
    this.revisionCounter += 1;
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.writing.then(fn);
    this.writing = result.catch(() => undefined);
    return result;
  }
}

const dateOf = (text: string | null | undefined) => (text ? new Date(text) : null);

function checkDates(start: Date | null, end: Date | null): void {
  if (end && !start)
    throw invalid('An experiment cannot end before it is launched (set start_date).', 'end_date');
  if (start && end && end < start) throw invalid('end_date is before start_date.', 'end_date');
}

const withIds = (metrics: ExperimentMetricInput[]) =>
  metrics.map((m) => ({ ...m, uuid: m.uuid ?? randomUUID() }));

/** The flag change a ship makes is the author's, with the experiment named as the reason. */
function shippedBy(by: ChangeContext, variant: string, experimentId: number): ChangeContext {
  const note = `Shipped "${variant}" from experiment ${experimentId}`;
  return { ...by, reason: by.reason ? `${note}: ${by.reason}` : note };
}
