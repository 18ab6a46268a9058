import type { FlagFilters } from '@signpost/flags-engine';
import { diffFields } from '../activity-log/activity-diff.ts';
import {
  type ActivityChange,
  type ActivityKind,
  type ChangeContext,
  changeContextOf,
} from '../activity-log/activity-entry.ts';
import { newEntry } from '../activity-log/activity-log-service.ts';
import { AppError } from '../errors/app-error.ts';
import type { FeatureFlag } from './feature-flag.ts';
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

  create(projectId: number, input: CreateFlagInput, by: string | ChangeContext): Promise<FeatureFlag> {
    const change = changeContextOf(by);
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
        createdBy: change.actor.name,
      };
      await this.persist(flag, change, 'created', diffFields('FeatureFlag', null, trackedFields(flag)));
      this.nextId += 1;
      return flag;
    });
  }

  update(
    projectId: number,
    id: number,
    input: UpdateFlagInput,
    by: string | ChangeContext,
  ): Promise<FeatureFlag> {
    return this.serialized(() => this.change(this.get(projectId, id), input, changeContextOf(by)));
  }

  /**
   * Restores the "before" values of one entry of this flag's history, as a new change logged `reverted`.
   * Only that entry's fields are restored: fields changed since by others keep their newer values, and a
   * field the entry touched is set back even if it changed again since (the revert is of that entry).
   * Reverting a creation deletes the flag; reverting a deletion brings it back.
   */
  revert(flagId: number, entry: RevertableEntry, by: ChangeContext): Promise<FeatureFlag> {
    return this.serialized(async () => {
      const flag = this.flags.get(flagId);
      if (!flag || flag.projectId !== entry.projectId || String(flagId) !== entry.itemId)
        throw new AppError('FLAG_NOT_FOUND', `No feature flag with id ${flagId}.`);
      const input = entry.activity === 'created' ? { deleted: true } : entry.restore;
      return this.change(flag, input, { ...by, revertOf: entry.id });
    });
  }

  private async change(before: FeatureFlag, input: UpdateFlagInput, by: ChangeContext): Promise<FeatureFlag> {
    const { projectId, id } = before;
    const key = input.key ?? before.key;
    const undeleting = before.deleted && input.deleted === false;
    if (key !== before.key || undeleting) this.assertKeyFree(projectId, key, id);
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
    const changes = diffFields('FeatureFlag', trackedFields(before), trackedFields(after));
    if (changes.length === 0) return before;
    // Dependents name this flag by key: deleting or renaming it would leave them pointing at nothing.
    if ((after.deleted && !before.deleted) || key !== before.key)
      this.assertNoDependents(projectId, before.key);
    const updated = { ...after, version: before.version + 1, updatedAt: this.now() };
    await this.persist(updated, by, activityOf(before, after, by), changes);
    return updated;
  }

  remove(projectId: number, id: number, by: string | ChangeContext): Promise<FeatureFlag> {
    return this.update(projectId, id, { deleted: true }, by);
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
    by: ChangeContext,
    activity: ActivityKind,
    changes: ActivityChange[],
  ) {
    const entry = newEntry(
      {
        projectId: flag.projectId,
        scope: 'FeatureFlag',
        itemId: String(flag.id),
        activity,
        name: flag.key,
        changes,
      },
      by,
      this.now(),
    );
    await this.deps.store.saveFlag(flag, entry);
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

/** What a revert needs of an activity entry: its identity and the update that restores its "before" values. */
export interface RevertableEntry {
  id: string;
  projectId: number;
  itemId: string;
  activity: ActivityKind;
  restore: UpdateFlagInput;
}

function activityOf(before: FeatureFlag, after: FeatureFlag, by: ChangeContext): ActivityKind {
  if (by.revertOf) return 'reverted';
  if (after.deleted && !before.deleted) return 'deleted';
  if (before.deleted && !after.deleted) return 'restored';
  return 'updated';
}

/**
 * The fields a person changes, under the management API's names (PostHog's `detail.changes[].field`), so a
 * revert can send an entry's "before" values back through the API schema.
 */
export function trackedFields(f: FeatureFlag): Record<string, unknown> {
  return {
    key: f.key,
    name: f.name,
    filters: f.filters,
    active: f.active,
    deleted: f.deleted,
    ensure_experience_continuity: f.ensureExperienceContinuity,
    evaluation_runtime: f.evaluationRuntime,
    bucketing_identifier: f.bucketingIdentifier,
    evaluation_contexts: f.evaluationContexts,
    is_remote_configuration: f.isRemoteConfiguration,
    tags: f.tags,
  };
}
