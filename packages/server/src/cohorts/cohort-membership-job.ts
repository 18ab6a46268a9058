import type { Logger } from '../util/logger.ts';
import type { CohortService } from './cohort-service.ts';

export interface CohortMembershipJobDeps {
  cohorts: CohortService;
  /** A cohort's distinct ids in one environment, by the query engine. */
  compute: (environmentId: number, cohortId: number) => Promise<string[]>;
  environmentsOf: (projectId: number) => number[];
  intervalMs: number;
  logger: Logger;
  now?: () => Date;
}

/**
 * Recomputes behavioural cohorts' memberships in the background, as PostHog does, so `/flags` answers them
 * with a set lookup instead of a query per request. Runs are chained, never overlapping: a slow query delays
 * the next run rather than piling up beside it, and neither ingestion nor `/flags` waits for any of them.
 */
export class CohortMembershipJob {
  private timer: ReturnType<typeof setInterval> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly now: () => Date;
  private stopped = false;

  constructor(private readonly deps: CohortMembershipJobDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  get intervalMs(): number {
    return this.deps.intervalMs;
  }

  start(): void {
    this.timer = setInterval(() => void this.runAll(), this.deps.intervalMs);
    this.timer.unref();
    void this.runAll();
  }

  /** Every live behavioural cohort, after whatever run is under way; tests await it after moving time. */
  runAll(): Promise<void> {
    return this.enqueue(async () => {
      for (const cohort of this.deps.cohorts.behavioralCohorts()) await this.computeCohort(cohort.id);
    });
  }

  /** One cohort soon (it was just saved); the caller does not wait. */
  schedule(cohortId: number): void {
    void this.enqueue(() => this.computeCohort(cohortId));
  }

  /** Resolves when every run queued so far has finished. */
  idle(): Promise<void> {
    return this.chain;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.chain;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(() => (this.stopped ? undefined : work()));
    return this.chain;
  }

  private async computeCohort(cohortId: number): Promise<void> {
    const cohort = this.deps.cohorts.behavioralCohorts().find((c) => c.id === cohortId);
    if (!cohort) return;
    for (const environmentId of this.deps.environmentsOf(cohort.projectId)) {
      // The time the events were read up to: a flag may call someone a member from then on.
      const computedAt = this.now();
      try {
        const distinctIds = await this.deps.compute(environmentId, cohortId);
        await this.deps.cohorts.storeMembership({ cohortId, environmentId, distinctIds, computedAt });
      } catch (error) {
        // The previous membership keeps serving; the next run tries again.
        this.deps.logger.warn('behavioural cohort membership not recomputed', {
          cohort: cohortId,
          environment: environmentId,
          error: String(error),
        });
      }
    }
  }
}
