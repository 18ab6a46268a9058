import { type ChangeContext, changeContextOf } from '../activity-log/activity-entry.ts';
import { AppError } from '../errors/app-error.ts';
import type { FeatureFlag } from '../flags/feature-flag.ts';
import type { FlagService } from '../flags/flag-service.ts';
import type { EarlyAccessFeature, EarlyAccessStage } from './early-access-feature.ts';
import type { CreateEarlyAccessInput, UpdateEarlyAccessInput } from './early-access-schemas.ts';
import type { EarlyAccessStore } from './early-access-store.ts';
import { enrollmentFlag, generallyAvailable, keyFromName, linkedFilters } from './enrollment-flag.ts';

export interface EarlyAccessServiceDeps {
  store: EarlyAccessStore;
  flags: FlagService;
  now?: () => Date;
}

/**
 * Early-access features in memory, written through to the store. Each owns one flag whose super condition
 * reads `$feature_enrollment/<key>`: posthog-js sets that person property when someone opts in or out, and
 * the flag engine lets the answer override every other condition. Flag changes go through the flag service,
 * so they land in the flag's activity log under the caller.
 */
export class EarlyAccessService {
  private readonly features = new Map<number, EarlyAccessFeature>();
  private nextId = 1;
  private writing: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;

  constructor(private readonly deps: EarlyAccessServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    await this.load();
  }

  /** Re-reads every feature, queued behind this node's writes like one (see FlagService.reload). */
  reload(): Promise<void> {
    return this.serialized(() => this.load());
  }

  private async load(): Promise<void> {
    const features = await this.deps.store.listEarlyAccessFeatures();
    this.features.clear();
    for (const f of features) {
      this.features.set(f.id, f);
      this.nextId = Math.max(this.nextId, f.id + 1);
    }
  }

  /** Newest first, as PostHog lists them. */
  list(projectId: number, stages?: ReadonlySet<EarlyAccessStage>): EarlyAccessFeature[] {
    return [...this.features.values()]
      .filter((f) => f.projectId === projectId && !f.deleted && (!stages || stages.has(f.stage)))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
  }

  get(projectId: number, id: number): EarlyAccessFeature {
    const f = this.features.get(id);
    if (!f || f.projectId !== projectId || f.deleted)
      throw new AppError('EARLY_ACCESS_FEATURE_NOT_FOUND', `No early access feature with id ${id}.`);
    return f;
  }

  /** The linked flag, or undefined when someone deleted it on the flags API. */
  flagOf(feature: EarlyAccessFeature): FeatureFlag | undefined {
    return this.deps.flags.liveFlags(feature.projectId).find((f) => f.id === feature.flagId);
  }

  create(
    projectId: number,
    input: CreateEarlyAccessInput,
    actor: string | ChangeContext,
  ): Promise<EarlyAccessFeature> {
    return this.serialized(async () => {
      const flag = await this.linkOrCreateFlag(projectId, input, actor);
      const stage = input.stage ?? 'draft';
      if (stage === 'general-availability') await this.releaseToAll(flag, actor);
      const now = this.now();
      const id = (await this.deps.store.allocateId?.()) ?? this.nextId;
      const feature: EarlyAccessFeature = {
        id,
        projectId,
        name: input.name,
        description: input.description ?? '',
        stage,
        documentationUrl: input.documentation_url ?? '',
        payload: input.payload ?? {},
        flagId: flag.id,
        deleted: false,
        version: 1,
        createdAt: now,
        updatedAt: now,
        createdBy: changeContextOf(actor).actor.name,
      };
      await this.save(feature);
      this.nextId = Math.max(this.nextId, id + 1);
      return feature;
    });
  }

  update(
    projectId: number,
    id: number,
    input: UpdateEarlyAccessInput & { deleted?: boolean },
    actor: string | ChangeContext,
  ): Promise<EarlyAccessFeature> {
    return this.serialized(async () => {
      const before = this.get(projectId, id);
      const stage = input.stage ?? before.stage;
      const flag = this.flagOf(before);
      if (stage === 'general-availability' && before.stage !== stage && flag) {
        await this.releaseToAll(flag, actor);
      }
      const after: EarlyAccessFeature = {
        ...before,
        name: input.name ?? before.name,
        description: input.description ?? before.description,
        stage,
        documentationUrl: input.documentation_url ?? before.documentationUrl,
        payload: input.payload === undefined ? before.payload : input.payload,
        deleted: input.deleted ?? before.deleted,
        version: before.version + 1,
        updatedAt: this.now(),
      };
      await this.save(after);
      return after;
    });
  }

  private async linkOrCreateFlag(
    projectId: number,
    input: CreateEarlyAccessInput,
    actor: string | ChangeContext,
  ): Promise<FeatureFlag> {
    const existing = input.feature_flag_id
      ? this.linkable(projectId, input.feature_flag_id)
      : this.deps.flags.byKey(projectId, input.feature_flag_key ?? keyFromName(input.name));
    if (!existing) {
      const key = input.feature_flag_key ?? keyFromName(input.name);
      return this.deps.flags.create(projectId, enrollmentFlag(key, input.name), actor);
    }
    this.assertFlagFree(projectId, existing);
    return this.deps.flags.update(projectId, existing.id, { filters: linkedFilters(existing) }, actor);
  }

  private linkable(projectId: number, flagId: number): FeatureFlag {
    const flag = this.deps.flags.liveFlags(projectId).find((f) => f.id === flagId);
    if (!flag) {
      throw new AppError(
        'INVALID_EARLY_ACCESS_FEATURE',
        `No feature flag with id ${flagId} to link.`,
        'feature_flag_id',
      );
    }
    return flag;
  }

  private assertFlagFree(projectId: number, flag: FeatureFlag): void {
    const other = this.list(projectId).find((f) => f.flagId === flag.id);
    if (other) {
      throw new AppError(
        'EARLY_ACCESS_FLAG_IN_USE',
        `Flag "${flag.key}" already belongs to early access feature ${other.id} ("${other.name}").`,
        'feature_flag_id',
      );
    }
  }

  private async releaseToAll(flag: FeatureFlag, actor: string | ChangeContext): Promise<void> {
    await this.deps.flags.update(
      flag.projectId,
      flag.id,
      { filters: generallyAvailable(flag), active: true },
      actor,
    );
  }

  private async save(f: EarlyAccessFeature): Promise<void> {
    await this.deps.store.saveEarlyAccessFeature(f);
    this.features.set(f.id, f);
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.writing.then(fn);
    this.writing = result.catch(() => undefined);
    return result;
  }
}
