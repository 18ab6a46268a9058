import type { QueryTarget } from '../api/api-auth.ts';
import type { CohortService } from '../cohorts/cohort-service.ts';
import { AppError } from '../errors/app-error.ts';
import { cohortMemberIds } from '../query/cohort-members.ts';
import type { CohortDefinition } from '../query/compile-context.ts';
import { dialectFor } from '../query/dialects/dialect-for.ts';
import { hasPersonOverrides } from '../query/person-overrides.ts';
import { QueryBudget } from '../query/query-budget.ts';
import type { QueryCache } from '../query/query-cache.ts';
import type { QueryEngine } from '../query/query-engine.ts';
import type { QueryRunner } from '../query/query-runner.ts';
import { type AnyQuery, queryRequestSchema, SUPPORTED_QUERY_KINDS } from '../query/query-schemas.ts';
import { runQuery } from '../query/run-query.ts';

export interface QueryServiceDeps {
  runner: QueryRunner | undefined;
  cohorts: CohortService;
  /** The project of the environment a query reads (cohorts are the project's); absent = the same id. */
  projectIdOf?: (environmentId: number) => number;
  /** Every environment of the project an environment belongs to (for `"environments": "all"`). */
  environmentIdsOf?: (environmentId: number) => number[];
  cache: QueryCache;
  timeoutMs: number;
  /** Most values one result may hold (SIGNPOST_QUERY_MAX_CELLS). */
  maxCells: number;
  now?: () => Date;
  /** Milliseconds for the query deadline; tests move it to expire a budget mid-query. */
  clock?: () => number;
}

const FORCE_REFRESH = new Set<unknown>([true, 'true', 'force_blocking', 'force_async', 'force_cache']);

/** PostHog's query endpoint: validates the request, answers from cache or runs the query kind. */
export class QueryService {
  private readonly now: () => Date;

  constructor(private readonly deps: QueryServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async run(project: QueryTarget, body: unknown): Promise<Record<string, unknown>> {
    const request = parseRequest(body);
    // `"environments": "all"` in the body (or the target's own list) reads every environment of the project.
    const environmentIds =
      request.environments === 'all' ? this.deps.environmentIdsOf?.(project.id) : project.environmentIds;
    const runner = this.deps.runner;
    if (!runner)
      throw new AppError(
        'NOT_SUPPORTED',
        'Insight queries need the DuckDB storage; the in-memory backend has no SQL engine.',
      );
    const normalized = JSON.stringify(request.query);
    const key = this.deps.cache.key(project.id, `${project.timezone}:${normalized}`, environmentIds);
    const cached = FORCE_REFRESH.has(request.refresh) ? undefined : this.deps.cache.get(key);
    if (cached)
      return {
        ...(cached.value as Record<string, unknown>),
        is_cached: true,
        last_refresh: new Date(cached.at).toISOString(),
      };
    const now = this.now();
    const budget = new QueryBudget(
      { maxCells: this.deps.maxCells, timeoutMs: this.deps.timeoutMs },
      this.deps.clock,
    );
    const engine: QueryEngine = {
      runner,
      dialect: dialectFor(runner.dialect),
      budget,
      env: {
        projectId: project.id,
        ...(environmentIds ? { environmentIds } : {}),
        timeZone: project.timezone,
        now,
        // Several environments: join the overrides rather than look each one up.
        personOverrides:
          environmentIds && environmentIds.length > 1
            ? undefined
            : await this.personOverrides(runner, project.id, budget),
        cohort: (id) => this.cohort(project.id, id),
      },
    };
    const response = await this.execute(engine, request.query);
    this.deps.cache.set(key, response);
    return { ...response, is_cached: false, last_refresh: now.toISOString() };
  }

  /** Cached like results: only ingestion writes overrides, and every commit moves the cache to a new key. */
  private async personOverrides(
    runner: QueryRunner,
    projectId: number,
    budget: QueryBudget,
  ): Promise<boolean> {
    const key = this.deps.cache.key(projectId, 'person_overrides');
    const hit = this.deps.cache.get(key);
    if (hit) return hit.value === true;
    const present = await hasPersonOverrides(runner, projectId, budget.remainingMs);
    this.deps.cache.set(key, present);
    return present;
  }

  /**
   * The distinct ids in a cohort among one environment's persons, computed by SQL (behavioural cohorts read
   * events). Not cached: the membership job and member lists want the current answer.
   */
  async cohortMembers(environmentId: number, cohortId: number, maxMembers: number): Promise<string[]> {
    const runner = this.deps.runner;
    if (!runner)
      throw new AppError('NOT_SUPPORTED', 'Behavioural cohorts need an SQL engine (DuckDB or ClickHouse).');
    const project = this.deps.projectIdOf?.(environmentId) ?? environmentId;
    this.deps.cohorts.get(project, cohortId);
    const engine: QueryEngine = {
      runner,
      dialect: dialectFor(runner.dialect),
      budget: new QueryBudget({ maxCells: maxMembers, timeoutMs: this.deps.timeoutMs }, this.deps.clock),
      env: {
        projectId: environmentId,
        timeZone: 'UTC',
        now: this.now(),
        personOverrides: false,
        cohort: (id) => this.cohort(environmentId, id),
      },
    };
    return cohortMemberIds(engine, cohortId);
  }

  private execute(engine: QueryEngine, query: AnyQuery): Promise<Record<string, unknown>> {
    return runQuery(engine, query);
  }

  private cohort(projectId: number, id: number): CohortDefinition {
    // `projectId` here is the environment queried; cohorts belong to its project.
    const c = this.deps.cohorts.get(this.deps.projectIdOf?.(projectId) ?? projectId, id);
    if (c.isStatic || !c.filters) return { name: c.name, isStatic: true };
    return { name: c.name, isStatic: false, properties: c.filters.properties };
  }
}

function parseRequest(body: unknown) {
  const query = (body as { query?: unknown } | null)?.query;
  const kind = (query as { kind?: unknown } | null | undefined)?.kind;
  if (typeof query !== 'object' || query === null)
    throw new AppError('INVALID_QUERY', 'Send {"query": {"kind": …}}.', 'query');
  if (!SUPPORTED_QUERY_KINDS.includes(kind as (typeof SUPPORTED_QUERY_KINDS)[number])) {
    throw new AppError(
      'UNSUPPORTED_QUERY_KIND',
      `Query kind "${String(kind)}" is not supported; use one of ${SUPPORTED_QUERY_KINDS.join(', ')}.`,
      'query.kind',
    );
  }
  const parsed = queryRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const attr = issue?.path.join('.') || null;
    throw new AppError(
      'INVALID_QUERY',
      attr ? `Field "${attr}" is invalid: ${issue?.message}.` : `${issue?.message}.`,
      attr,
    );
  }
  return parsed.data;
}
