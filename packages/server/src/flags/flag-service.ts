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
import { flagNotification } from '../webhooks/flag-notifications.ts';
import type { Notifier } from '../webhooks/notifier.ts';
import type { EnvironmentConfig, FeatureFlag } from './feature-flag.ts';
import {
  configKey,
  type FlagSettings,
  settingsIn,
  variantKeys,
  viewIn,
  withVariantsOf,
} from './flag-environment-view.ts';
import type { CreateFlagInput, UpdateFlagInput } from './flag-schemas.ts';
import {
  assertSameShape,
  dependencyKeys,
  type SettingDifference,
  settingsDiff,
} from './flag-settings-diff.ts';
import type { FlagStore, FlagWrite } from './flag-store.ts';
import { validateFilters } from './flag-validation.ts';

export interface FlagServiceDeps {
  store: FlagStore;
  /** Group type indexes the project has (from ingestion), for validating group targeting. */
  groupTypeIndexes: (projectId: number) => Set<number>;
  /** Ids of the project's live cohorts. */
  cohortIds: (projectId: number) => Set<number>;
  /**
   * The project an environment id belongs to. Methods here take an environment id (a project's id is its
   * first environment's): flags belong to the project, their `active` and `filters` to the environment.
   * Absent, every id is its own project (one environment each).
   */
  projectIdOf?: (environmentId: number) => number;
  /** Told of every change once it is stored (webhooks); it enqueues and returns, never waiting on a receiver. */
  notifier?: Notifier;
  now?: () => Date;
}

export interface FlagListQuery {
  search?: string | undefined;
  active?: boolean | undefined;
  /** `true`: only archived flags; otherwise only flags not archived. */
  archived?: boolean | undefined;
}

/**
 * Flags are served from memory (every `/flags` request reads them), written through to the store first so a
 * change is durable before it is visible. `revision` moves on every change; definition caches key on it.
 */
export class FlagService {
  private readonly flags = new Map<number, FeatureFlag>();
  private readonly configs = new Map<string, EnvironmentConfig>();
  private readonly projectIdOf: (environmentId: number) => number;
  private nextId = 1;
  private revisionCounter = 0;
  private readonly now: () => Date;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: FlagServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.projectIdOf = deps.projectIdOf ?? ((id) => id);
  }

  async start(): Promise<void> {
    await this.load();
  }

  /**
   * Re-reads every flag (another node changed some). Queued behind this node's writes like one, so it reads
   * after they committed and none of them can land between its read and its swap.
   */
  reload(): Promise<void> {
    return this.serialized(() => this.load());
  }

  private async load(): Promise<void> {
    const flags = await this.deps.store.listFlags();
    const configs = await this.deps.store.listEnvironmentConfigs();
    this.flags.clear();
    for (const flag of flags) {
      this.flags.set(flag.id, flag);
      this.nextId = Math.max(this.nextId, flag.id + 1);
    }
    this.configs.clear();
    for (const c of configs) this.configs.set(configKey(c.flagId, c.environmentId), c);
    this.revisionCounter += 1;
  }

  get revision(): number {
    return this.revisionCounter;
  }

  /** Live (not deleted) flags of an environment's project, oldest first, with that environment's settings. */
  liveFlags(environmentId: number): FeatureFlag[] {
    const projectId = this.projectIdOf(environmentId);
    const out: FeatureFlag[] = [];
    for (const f of this.flags.values())
      if (f.projectId === projectId && !f.deleted) out.push(viewIn(f, environmentId, this.configs));
    return out;
  }

  /** The flags SDKs get: live and not archived (an archived flag answers as a deleted one would). */
  servedFlags(environmentId: number): FeatureFlag[] {
    return this.liveFlags(environmentId).filter((f) => !f.archived);
  }

  /** One flag's settings in each of the given environments (the web app shows them side by side). */
  settingsAcross(environmentId: number, id: number, environmentIds: number[]) {
    const flag = this.stored(environmentId, id);
    return environmentIds.map((e) => ({ environmentId: e, ...settingsIn(flag, e, this.configs) }));
  }

  /** Drops the settings of a deleted environment (the store deleted their rows with it). */
  forgetEnvironment(environmentId: number): void {
    for (const [key, c] of this.configs) if (c.environmentId === environmentId) this.configs.delete(key);
    this.revisionCounter += 1;
  }

  /** `undeleting`: a deleted flag is found too (a revert of its deletion, held as a change request). */
  private stored(environmentId: number, id: number, undeleting = false): FeatureFlag {
    const flag = this.flags.get(id);
    if (!flag || flag.projectId !== this.projectIdOf(environmentId) || (flag.deleted && !undeleting))
      throw new AppError('FLAG_NOT_FOUND', `No feature flag with id ${id}.`);
    return flag;
  }

  list(projectId: number, q: FlagListQuery = {}): FeatureFlag[] {
    const search = q.search?.toLowerCase();
    const archived = q.archived ?? false;
    return this.liveFlags(projectId)
      .filter((f) => (f.archived ?? false) === archived)
      .filter((f) => q.active === undefined || f.active === q.active)
      .filter((f) => !search || f.key.toLowerCase().includes(search) || f.name.toLowerCase().includes(search))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
  }

  get(environmentId: number, id: number): FeatureFlag {
    return viewIn(this.stored(environmentId, id), environmentId, this.configs);
  }

  byKey(projectId: number, key: string): FeatureFlag | undefined {
    return this.liveFlags(projectId).find((f) => f.key === key);
  }

  /**
   * A new flag, switched on (unless asked otherwise) only in the environment it is created in: the others
   * get the same conditions, off, until someone turns them on or promotes.
   */
  create(environmentId: number, input: CreateFlagInput, by: string | ChangeContext): Promise<FeatureFlag> {
    const change = changeContextOf(by);
    return this.serialized(async () => {
      const projectId = this.projectIdOf(environmentId);
      this.assertKeyFree(environmentId, input.key, undefined);
      const now = this.now();
      const filters = this.validated(environmentId, input.key, input.filters ?? { groups: [] });
      const active = input.active ?? true;
      const first = environmentId === projectId;
      const id = (await this.deps.store.allocateId?.()) ?? this.nextId;
      const flag: FeatureFlag = {
        id,
        projectId,
        key: input.key,
        name: input.name ?? '',
        filters,
        active: first ? active : false,
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
        ...(input.permanent ? { permanent: true } : {}),
      };
      const configs = first ? [] : [{ flagId: flag.id, environmentId, active, filters, updatedAt: now }];
      const view = first ? flag : { ...flag, active, environmentId };
      const changes = diffFields('FeatureFlag', null, trackedFields(view, view.permanent));
      await this.persist([
        { flag, configs, entry: this.entryFor(flag, environmentId, change, 'created', changes) },
      ]);
      this.nextId = Math.max(this.nextId, id + 1);
      return view;
    });
  }

  /** Checks a change as `update` would, without making it (scheduled changes are checked when created). */
  validateUpdate(environmentId: number, id: number, input: UpdateFlagInput): void {
    const flag = this.get(environmentId, id);
    if (input.filters) this.validated(environmentId, input.key ?? flag.key, input.filters);
  }

  update(
    environmentId: number,
    id: number,
    input: UpdateFlagInput,
    by: string | ChangeContext,
  ): Promise<FeatureFlag> {
    return this.serialized(() =>
      this.change(this.stored(environmentId, id), environmentId, input, changeContextOf(by)),
    );
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
      // A change made in one environment is reverted there.
      return this.change(flag, entry.environmentId ?? flag.projectId, input, { ...by, revertOf: entry.id });
    });
  }

  /**
   * What an update would change, validated as if applied now, without applying it: a change request shows this
   * diff to its reviewers and applies the update later with `updateAtVersion`.
   */
  preview(
    environmentId: number,
    id: number,
    input: UpdateFlagInput,
  ): { key: string; version: number; changes: ActivityChange[] } {
    const stored = this.stored(environmentId, id, input.deleted === false);
    const { changes } = this.draft(stored, environmentId, input);
    return { key: stored.key, version: stored.version, changes };
  }

  /**
   * `update`, only if the flag is still at `version` (checked inside the serialized section, so no other change
   * can land between the check and the write); otherwise `CHANGE_REQUEST_STALE` and nothing is written.
   */
  updateAtVersion(
    environmentId: number,
    id: number,
    input: UpdateFlagInput,
    by: ChangeContext,
    version: number,
  ): Promise<FeatureFlag> {
    return this.serialized(() => {
      const stored = this.stored(environmentId, id, input.deleted === false);
      if (stored.version !== version)
        throw new AppError(
          'CHANGE_REQUEST_STALE',
          `Flag "${stored.key}" changed since the request was made (version ${version}, now ${stored.version}).`,
        );
      return this.change(stored, environmentId, input, by);
    });
  }

  private draft(stored: FeatureFlag, environmentId: number, input: UpdateFlagInput) {
    const before = viewIn(stored, environmentId, this.configs);
    const key = input.key ?? before.key;
    const undeleting = before.deleted && input.deleted === false;
    if (key !== before.key || undeleting) this.assertKeyFree(environmentId, key, stored.id);
    const after: FeatureFlag = {
      ...before,
      key,
      name: input.name ?? before.name,
      filters: input.filters ? this.validated(environmentId, key, input.filters) : before.filters,
      active: input.active ?? before.active,
      deleted: input.deleted ?? before.deleted,
      ensureExperienceContinuity: input.ensure_experience_continuity ?? before.ensureExperienceContinuity,
      evaluationRuntime: input.evaluation_runtime ?? before.evaluationRuntime,
      bucketingIdentifier: input.bucketing_identifier ?? before.bucketingIdentifier,
      evaluationContexts: input.evaluation_contexts ?? input.evaluation_tags ?? before.evaluationContexts,
      isRemoteConfiguration: input.is_remote_configuration ?? before.isRemoteConfiguration,
      tags: input.tags ?? before.tags,
      archived: input.archived ?? before.archived ?? false,
      permanent: input.permanent ?? before.permanent ?? false,
    };
    // Lifecycle fields join the log once one is set, so older entries (and creations) keep their shape.
    const lifecycle = Boolean(before.archived || after.archived || before.permanent || after.permanent);
    const changes = diffFields(
      'FeatureFlag',
      trackedFields(before, lifecycle),
      trackedFields(after, lifecycle),
    );
    // Dependents name this flag by key: deleting or renaming it would leave them pointing at nothing.
    const stopsServing = (after.deleted && !before.deleted) || (after.archived && !before.archived);
    if (stopsServing || key !== before.key) this.assertNoDependents(environmentId, before.key);
    return { before, after, changes };
  }

  private async change(
    stored: FeatureFlag,
    environmentId: number,
    input: UpdateFlagInput,
    by: ChangeContext,
  ): Promise<FeatureFlag> {
    const { projectId, id } = stored;
    const { before, after, changes } = this.draft(stored, environmentId, input);
    if (changes.length === 0) return before;
    const now = this.now();
    const { environmentId: _view, ...identity } = after;
    const first = environmentId === projectId;
    const row: FeatureFlag = {
      ...identity,
      // Another environment's settings are its own row; the flag keeps the first environment's.
      ...(first ? {} : { active: stored.active, filters: stored.filters }),
      version: stored.version + 1,
      updatedAt: now,
    };
    const configs = first
      ? []
      : [{ flagId: id, environmentId, active: after.active, filters: after.filters, updatedAt: now }];
    if (variantKeys(after.filters) !== variantKeys(before.filters))
      this.spreadVariants(row, after.filters, configs, now);
    const entry = this.entryFor(row, environmentId, by, activityOf(before, after, by), changes);
    await this.persist([{ flag: row, configs, entry }]);
    return viewIn(row, environmentId, this.configs);
  }

  /** Variant keys are shared: a change to them reaches every environment's settings (and the flag's own). */
  private spreadVariants(
    row: FeatureFlag,
    source: FlagFilters,
    configs: EnvironmentConfig[],
    now: Date,
  ): void {
    row.filters = withVariantsOf(row.filters, source);
    const touched = new Set(configs.map((c) => c.environmentId));
    for (const c of this.configs.values())
      if (c.flagId === row.id && !touched.has(c.environmentId))
        configs.push({ ...c, filters: withVariantsOf(c.filters, source), updatedAt: now });
  }

  /** Every live flag whose settings differ between two environments of one project, field by field. */
  environmentDiff(from: number, to: number): { flag: FeatureFlag; differences: SettingDifference[] }[] {
    const out: { flag: FeatureFlag; differences: SettingDifference[] }[] = [];
    for (const flag of this.liveFlags(to)) {
      const stored = this.flags.get(flag.id);
      if (!stored) continue;
      const differences = settingsDiff(
        settingsIn(stored, from, this.configs),
        settingsIn(stored, to, this.configs),
      );
      if (differences.length > 0) out.push({ flag, differences });
    }
    return out;
  }

  /**
   * Copies the chosen flags' settings from one environment to another, all or nothing, each logged with the
   * reason. Refused whole when a flag's variants or payload types differ (400) or when a promoted flag depends
   * on one that is off in the target and not promoted with it (409).
   */
  promote(
    from: number,
    to: number,
    ids: number[],
    by: ChangeContext,
  ): Promise<{ flag: FeatureFlag; differences: SettingDifference[] }[]> {
    return this.serialized(async () => {
      const chosen = this.promotable(from, to, ids);
      const now = this.now();
      const writes: FlagWrite[] = [];
      const results: { flag: FeatureFlag; differences: SettingDifference[] }[] = [];
      for (const flag of chosen) {
        const source = settingsIn(flag, from, this.configs);
        const differences = settingsDiff(source, settingsIn(flag, to, this.configs));
        if (differences.length === 0) continue;
        const first = to === flag.projectId;
        const row = { ...flag, ...(first ? source : {}), version: flag.version + 1, updatedAt: now };
        const configs = first ? [] : [{ flagId: flag.id, environmentId: to, ...source, updatedAt: now }];
        const before = viewIn(flag, to, this.configs);
        const after = first ? row : { ...row, ...source, environmentId: to };
        const changes = diffFields('FeatureFlag', trackedFields(before), trackedFields(after));
        writes.push({ flag: row, configs, entry: this.entryFor(row, to, by, 'updated', changes) });
        results.push({ flag: after, differences });
      }
      if (writes.length > 0) await this.persist(writes);
      return results;
    });
  }

  /**
   * What `promote` would write, flag by flag, as ordinary updates (the chosen flags whose settings differ), after
   * the same checks: an environment that needs approvals holds each as a change request instead.
   */
  promotionUpdates(from: number, to: number, ids: number[]): { flag: FeatureFlag; settings: FlagSettings }[] {
    return this.promotable(from, to, ids)
      .map((flag) => ({ flag, settings: settingsIn(flag, from, this.configs) }))
      .filter(({ flag, settings }) => settingsDiff(settings, settingsIn(flag, to, this.configs)).length > 0);
  }

  /** The chosen flags, refused whole when one's shape differs or one would depend on a flag off in `to`. */
  private promotable(from: number, to: number, ids: number[]): FeatureFlag[] {
    const chosen = [...new Set(ids)].map((id) => this.stored(to, id));
    const promoted = new Map(chosen.map((f) => [f.key, settingsIn(f, from, this.configs)]));
    for (const flag of chosen) {
      const source = settingsIn(flag, from, this.configs);
      assertSameShape(flag.key, source.filters, settingsIn(flag, to, this.configs).filters);
      for (const key of dependencyKeys(source.filters)) {
        const dependency = this.byKey(to, key);
        const on = promoted.get(key)?.active ?? dependency?.active ?? false;
        if (!on)
          throw new AppError(
            'PROMOTION_BREAKS_DEPENDENCY',
            `Flag "${flag.key}" depends on "${key}", which is off in the target; promote it too or turn it on first.`,
            'flags',
          );
      }
    }
    return chosen;
  }

  remove(environmentId: number, id: number, by: string | ChangeContext): Promise<FeatureFlag> {
    return this.update(environmentId, id, { deleted: true }, by);
  }

  /** Whether any live flag targets this cohort in any environment (a cohort in use must not be deleted). */
  usesCohort(projectId: number, cohortId: number): boolean {
    const targets = (filters: FlagFilters) =>
      filters.groups?.some((g) =>
        g.properties?.some((p) => p.type === 'cohort' && Number(p.value) === cohortId),
      );
    const live = this.liveFlags(projectId);
    const ids = new Set(live.map((f) => f.id));
    return (
      live.some((f) => targets(f.filters)) ||
      [...this.configs.values()].some((c) => ids.has(c.flagId) && targets(c.filters))
    );
  }

  private validated(
    environmentId: number,
    key: string,
    filters: NonNullable<CreateFlagInput['filters']>,
  ): FlagFilters {
    return validateFilters(filters, {
      flagKey: key,
      groupTypeIndexes: this.deps.groupTypeIndexes(environmentId),
      cohortIds: this.deps.cohortIds(this.projectIdOf(environmentId)),
      flagFilters: (k) => this.byKey(environmentId, k)?.filters,
      flagKeyById: (id) => this.liveFlags(environmentId).find((f) => f.id === id)?.key,
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

  private entryFor(
    flag: FeatureFlag,
    environmentId: number,
    by: ChangeContext,
    activity: ActivityKind,
    changes: ActivityChange[],
  ) {
    return newEntry(
      {
        projectId: flag.projectId,
        scope: 'FeatureFlag',
        itemId: String(flag.id),
        activity,
        name: flag.key,
        changes,
        environmentId,
      },
      by,
      this.now(),
    );
  }

  /** Durable first, then visible: the store writes every part in one transaction. */
  private async persist(writes: FlagWrite[]): Promise<void> {
    await this.deps.store.saveFlags(writes);
    for (const { flag, configs } of writes) {
      this.flags.set(flag.id, flag);
      for (const c of configs) this.configs.set(configKey(c.flagId, c.environmentId), c);
    }
    this.revisionCounter += 1;
    // Right after the change's own transaction, inside the serialized section so subscribers get changes in order.
    if (this.deps.notifier)
      for (const { entry } of writes) await this.deps.notifier.notify(flagNotification(entry));
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
  environmentId?: number | null | undefined;
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
export function trackedFields(f: FeatureFlag, lifecycle = false): Record<string, unknown> {
  return {
    ...(lifecycle ? { archived: f.archived ?? false, permanent: f.permanent ?? false } : {}),
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
