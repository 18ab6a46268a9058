import type { QueryTarget } from '../../api/api-auth.ts';
import type { CohortService } from '../../cohorts/cohort-service.ts';
import { AppError } from '../../errors/app-error.ts';
import type { CohortDefinition } from '../../query/compile-context.ts';
import { dialectFor } from '../../query/dialects/dialect-for.ts';
import { QueryBudget } from '../../query/query-budget.ts';
import type { QueryCache } from '../../query/query-cache.ts';
import { execute, newContext, type QueryEngine, toNumber } from '../../query/query-engine.ts';
import type { QueryRunner } from '../../query/query-runner.ts';
import type { Experiment } from '../experiment.ts';
import { analyzeExperiment } from '../stats/index.ts';
import { type ExposureSubject, experimentResultsSql, type ResultsWindow } from './experiment-sql.ts';
import { type ResultRow, resultsInput } from './results-input.ts';

export interface ExperimentResultsDeps {
  runner: QueryRunner | undefined;
  cohorts: CohortService;
  /** The project of the environment results read (cohorts are the project's); absent = the same id. */
  projectIdOf?: (environmentId: number) => number;
  /** The insights cache: every commit of new events moves the project's version, so results never go stale. */
  cache: QueryCache;
  timeoutMs: number;
  /** Most values one result may hold (SIGNPOST_QUERY_MAX_CELLS). */
  maxCells: number;
  now?: () => Date;
}

/** Results of one experiment: per-variant aggregates from the event store, fed to the statistics core. */
export class ExperimentResultsService {
  private readonly now: () => Date;

  constructor(private readonly deps: ExperimentResultsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async results(project: QueryTarget, e: Experiment, refresh: boolean): Promise<Record<string, unknown>> {
    if (!e.startDate) {
      throw new AppError(
        'EXPERIMENT_NOT_LAUNCHED',
        'The experiment has not been launched; set start_date to start collecting exposures.',
        'start_date',
      );
    }
    const runner = this.deps.runner;
    if (!runner)
      throw new AppError(
        'NOT_SUPPORTED',
        'Experiment results need an SQL engine (DuckDB or ClickHouse storage).',
      );
    // The version is in the key, so editing metrics or dates recomputes; new events move the cache's own version.
    const key = this.deps.cache.key(
      project.id,
      `experiment:${e.id}:${e.version}:${project.timezone}`,
      project.environmentIds,
    );
    const cached = refresh ? undefined : this.deps.cache.get(key);
    if (cached)
      return {
        ...(cached.value as object),
        is_cached: true,
        last_refresh: new Date(cached.at).toISOString(),
      };
    const now = this.now();
    const response = await this.compute(project, e, runner, now);
    this.deps.cache.set(key, response);
    return { ...response, is_cached: false, last_refresh: now.toISOString() };
  }

  /**
   * Exposed persons per arm in `window`, counted as the results page counts them (first `$feature_flag_called`
   * per person; persons seen in two arms left out): what an SRM guardrail compares with the split.
   */
  async exposures(
    project: QueryTarget,
    subject: ExposureSubject,
    arms: string[],
    window: ResultsWindow,
  ): Promise<Map<string, number>> {
    const runner = this.deps.runner;
    if (!runner) throw new AppError('NOT_SUPPORTED', 'Counting exposures needs an SQL engine.');
    const engine = this.engine(project, runner, this.now());
    const ctx = newContext(engine);
    const rows = await execute(engine, ctx, experimentResultsSql(ctx, subject, [], window, arms));
    const counts = new Map(arms.map((a) => [a, 0]));
    for (const r of rows)
      if (typeof r.variant === 'string' && counts.has(r.variant)) counts.set(r.variant, toNumber(r.units));
    return counts;
  }

  private engine(project: QueryTarget, runner: QueryRunner, now: Date): QueryEngine {
    return {
      runner,
      dialect: dialectFor(runner.dialect),
      budget: new QueryBudget({ maxCells: this.deps.maxCells, timeoutMs: this.deps.timeoutMs }),
      env: {
        projectId: project.id,
        ...(project.environmentIds ? { environmentIds: project.environmentIds } : {}),
        timeZone: project.timezone,
        now,
        cohort: (id) => this.cohort(project.id, id),
      },
    };
  }

  private async compute(project: QueryTarget, e: Experiment, runner: QueryRunner, now: Date) {
    const from = e.startDate ?? now;
    const to = e.endDate ?? now;
    const engine = this.engine(project, runner, now);
    const holdout = e.holdoutPercentage === null ? null : `holdout-${e.id}`;
    const arms = [...e.variants.map((v) => v.key), ...(holdout ? [holdout] : [])];
    const ctx = newContext(engine);
    const sql = experimentResultsSql(ctx, e, [...e.metrics, ...e.secondaryMetrics], { from, to }, arms);
    // A row per metric and arm: the arms are the experiment's own, so a handful.
    const rows: ResultRow[] = (await execute(engine, ctx, sql)).map((r) => ({
      metric: toNumber(r.metric),
      variant: typeof r.variant === 'string' ? r.variant : null,
      units: toNumber(r.units),
      total: toNumber(r.total),
      totalSq: toNumber(r.total_sq),
    }));
    const input = resultsInput(e, rows, holdout);
    return {
      experiment_id: e.id,
      feature_flag_key: e.flagKey,
      date_range: { date_from: from.toISOString(), date_to: to.toISOString() },
      exposures: input.exposures,
      multiple_variant_exposures: input.multipleVariantExposures,
      holdout_exposures: input.holdoutExposures,
      metrics: input.metrics,
      analysis: input.analysis ? analyzeExperiment(input.analysis) : null,
    };
  }

  private cohort(projectId: number, id: number): CohortDefinition {
    // `projectId` here is the environment queried; cohorts belong to its project.
    const c = this.deps.cohorts.get(this.deps.projectIdOf?.(projectId) ?? projectId, id);
    if (c.isStatic || !c.filters) return { name: c.name, isStatic: true };
    return { name: c.name, isStatic: false, properties: c.filters.properties };
  }
}
