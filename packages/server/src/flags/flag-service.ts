import { randomUUID } from 'node:crypto';
import type { FlagFilters } from '@signpost/flags-engine';
import { AppError } from '../errors/app-error.ts';
import type { FeatureFlag, FlagActivity } from './feature-flag.ts';
import type { CreateFlagInput, UpdateFlagInput } from './flag-schemas.ts';
import type { FlagStore } from './flag-store.ts';
import { validateFilters } from './flag-validation.ts';

export interface FlagServiceDeps {
  store: FlagStore;
  /** Group type indexes the project has (from ingestion), for validating group targeting. */
  groupTypeIndexes: (projectId: number) => Set<number>;
  /** Ids of the project's live cohorts. */
  cohortIds: (projectId: number) => Set<number>;
  now?: () => Date;
}

export interface FlagListQuery {
  search?: string | undefined;
  active?: boolean | undefined;
}

/**
 * Flags are served from memory (every `/flags` request reads them), written through to the store first so a
 * change is durable before it is visible. `revision` moves on every change; definition caches key on it.
 */
export class FlagService {
  private readonly flags = new Map<number, FeatureFlag>();
  private nextId = 1;
  private revisionCounter = 0;
  private readonly now: () => Date;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: FlagServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    for (const flag of await this.deps.store.listFlags()) {
      this.flags.set(flag.id, flag);
      this.nextId = Math.max(this.nextId, flag.id + 1);
    }
  }

  get revision(): number {
    return this.revisionCounter;
  }

  /** Live (not deleted) flags of a project, oldest first. */
  liveFlags(projectId: number): FeatureFlag[] {
    return [...this.flags.values()].filter((f) => f.projectId === projectId && !f.deleted);
  }

  list(projectId: number, q: FlagListQuery = {}): FeatureFlag[] {
    const search = q.search?.toLowerCase();
    return this.liveFlags(projectId)
      .filter((f) => q.active === undefined || f.active === q.active)
      .filter((f) => !search || f.key.toLowerCase().includes(search) || f.name.toLowerCase().includes(search))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
  }

  get(projectId: number, id: number): FeatureFlag {
    const flag = this.flags.get(id);
    if (!flag || flag.projectId !== projectId || flag.deleted)
      throw new AppError('FLAG_NOT_FOUND', `No feature flag with id ${id}.`);
    return flag;
  }

  byKey(projectId: number, key: string): FeatureFlag | undefined {
    return this.liveFlags(projectId).find((f) => f.key === key);
  }

  create(projectId: number, input: CreateFlagInput, actor: string): Promise<FeatureFlag> {
    return this.serialized(async () => {
      this.assertKeyFree(projectId, input.key, undefined);
      const now = this.now();
      const flag: FeatureFlag = {
        id: this.nextId,
        projectId,
        key: input.key,
        name: input.name ?? '',
        filters: this.validated(projectId, input.key, input.filters ?? { groups: [] }),
        active: input.active ?? true,
        deleted: false,
        version: 1,
        ensureExperienceContinuity: input.ensure_experience_continuity ?? false,
        evaluationRuntime: input.evaluation_runtime ?? 'all',
        bucketingIdentifier: input.bucketing_identifier ?? 'distinct_id',
        evaluationContexts: input.evaluation_contexts ?? input.evaluation_tags ?? [],
        isRemoteConfiguration: input.is_remote_configuration ?? false,
        tags: input.tags ?? [],
        createdAt: now,
        updatedAt: now,
        createdBy: actor,
      };
      await this.persist(flag, actor, 'created', {});
      this.nextId += 1;
      return flag;
    });
  }

  update(projectId: number, id: number, input: UpdateFlagInput, actor: string): Promise<FeatureFlag> {
    return this.serialized(async () => {
      const before = this.get(projectId, id);
      const key = input.key ?? before.key;
      if (key !== before.key) this.assertKeyFree(projectId, key, id);
      const after: FeatureFlag = {
        ...before,
        key,
        name: input.name ?? before.name,
        filters: input.filters ? this.validated(projectId, key, input.filters) : before.filters,
        active: input.active ?? before.active,
        deleted: input.deleted ?? before.deleted,
        ensureExperienceContinuity: input.ensure_experience_continuity ?? before.ensureExperienceContinuity,
        evaluationRuntime: input.evaluation_runtime ?? before.evaluationRuntime,
        bucketingIdentifier: input.bucketing_identifier ?? before.bucketingIdentifier,
        evaluationContexts: input.evaluation_contexts ?? input.evaluation_tags ?? before.evaluationContexts,
        isRemoteConfiguration: input.is_remote_configuration ?? before.isRemoteConfiguration,
        tags: input.tags ?? before.tags,
      };
      const changes = diff(before, after);
      if (Object.keys(changes).length === 0) return before;
      // Dependents name this flag by key: deleting or renaming it would leave them pointing at nothing.
      if (after.deleted || key !== before.key) this.assertNoDependents(projectId, before.key);
      const updated = { ...after, version: before.version + 1, updatedAt: this.now() };
      await this.persist(updated, actor, after.deleted ? 'deleted' : 'updated', changes);
      return updated;
    });
  }

  remove(projectId: number, id: number, actor: string): Promise<FeatureFlag> {
    return this.update(projectId, id, { deleted: true }, actor);
  }

  activity(projectId: number, id: number): Promise<FlagActivity[]> {
    this.get(projectId, id);
    return this.deps.store.listActivity(projectId, id);
  }

  /** Whether any live flag targets this cohort (a cohort in use must not be deleted). */
  usesCohort(projectId: number, cohortId: number): boolean {
    return this.liveFlags(projectId).some((f) =>
      f.filters.groups?.some((g) =>
        g.properties?.some((p) => p.type === 'cohort' && Number(p.value) === cohortId),
      ),
    );
  }

  private validated(
    projectId: number,
    key: string,
    filters: NonNullable<CreateFlagInput['filters']>,
  ): FlagFilters {
    return validateFilters(filters, {
      flagKey: key,
      groupTypeIndexes: this.deps.groupTypeIndexes(projectId),
      cohortIds: this.deps.cohortIds(projectId),
      flagFilters: (k) => this.byKey(projectId, k)?.filters,
    });
  }

  private assertKeyFree(projectId: number, key: string, exceptId: number | undefined): void {
    const existing = this.byKey(projectId, key);
    if (existing && existing.id !== exceptId) {
      throw new AppError('FLAG_KEY_EXISTS', `There is already a feature flag with the key "${key}".`, 'key');
    }
  }

  private assertNoDependents(projectId: number, key: string): void {
    const dependent = this.liveFlags(projectId).find((f) =>
      f.filters.groups?.some((g) => g.properties?.some((p) => p.type === 'flag' && p.key === key)),
    );
    if (dependent) {
      throw new AppError(
        'INVALID_FLAG',
        `Flag "${dependent.key}" depends on "${key}"; change it first.`,
        'deleted',
      );
    }
  }

  private async persist(
    flag: FeatureFlag,
    actor: string,
    action: FlagActivity['action'],
    changes: FlagActivity['changes'],
  ) {
    await this.deps.store.saveFlag(flag, {
      id: randomUUID(),
      projectId: flag.projectId,
      flagId: flag.id,
      at: this.now(),
      actor,
      action,
      changes,
    });
    this.flags.set(flag.id, flag);
    this.revisionCounter += 1;
  }

  /** One change at a time, so two requests cannot both take the same key or id. */
  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.writing.then(fn);
    this.writing = result.catch(() => undefined);
    return result;
  }
}

const TRACKED_FIELDS = [
  'key',
  'name',
  'filters',
  'active',
  'deleted',
  'ensureExperienceContinuity',
  'evaluationRuntime',
  'bucketingIdentifier',
  'evaluationContexts',
  'isRemoteConfiguration',
  'tags',
] as const;

function diff(before: FeatureFlag, after: FeatureFlag): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const field of TRACKED_FIELDS) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      changes[field] = [before[field], after[field]];
  }
  return changes;
}
