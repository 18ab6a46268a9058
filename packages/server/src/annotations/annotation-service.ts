import { diffFields } from '../activity-log/activity-diff.ts';
import { type ChangeContext, changeContextOf } from '../activity-log/activity-entry.ts';
import type { ActivityLogService } from '../activity-log/activity-log-service.ts';
import { BOOKKEEPING_FIELDS } from '../activity-log/audited-resources.ts';
import { AppError } from '../errors/app-error.ts';
import type { Annotation, AnnotationScope } from './annotation.ts';
import { annotationJson } from './annotation-json.ts';
import type { CreateAnnotationInput, UpdateAnnotationInput } from './annotation-schemas.ts';
import type { AnnotationPage, AnnotationQuery, AnnotationStore } from './annotation-store.ts';

export interface AnnotationServiceDeps {
  store: AnnotationStore;
  activity: ActivityLogService;
  /** Whether a live insight with this id belongs to the project (a `dashboard_item` note must point at one). */
  insightExists(projectId: number, insightId: number): boolean;
  now?: () => Date;
}

/** The fields a person changes, for the activity log's before/after. */
const logged = (a: Annotation): Record<string, unknown> => {
  const { id: _id, ...rest } = annotationJson(a);
  return rest;
};

/** Annotations read from and written through their store, each change logged under its author. */
export class AnnotationService {
  private readonly now: () => Date;

  constructor(private readonly deps: AnnotationServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  list(query: AnnotationQuery): Promise<AnnotationPage> {
    return this.deps.store.list(query);
  }

  async get(projectId: number, id: number): Promise<Annotation> {
    const a = await this.deps.store.get(projectId, id);
    if (!a || a.deleted) throw new AppError('ANNOTATION_NOT_FOUND', `No annotation with id ${id}.`);
    return a;
  }

  async create(
    projectId: number,
    input: CreateAnnotationInput,
    by: string | ChangeContext,
  ): Promise<Annotation> {
    const context = changeContextOf(by);
    const scope = input.scope ?? (input.dashboard_item ? 'dashboard_item' : 'project');
    const dashboardItem = input.dashboard_item ?? null;
    this.assertTarget(projectId, scope, dashboardItem);
    const now = this.now();
    const created = await this.deps.store.insert({
      projectId,
      content: input.content,
      dateMarker: input.date_marker ?? now,
      scope,
      dashboardItem,
      creationType: input.creation_type ?? 'USR',
      createdBy: context.actor.name,
      createdAt: now,
      updatedAt: now,
      deleted: false,
    });
    await this.log(created, null, created, 'created', context);
    return created;
  }

  /** An edit, or a soft delete (`deleted: true`), or a restore; a deleted note can only be restored. */
  async update(
    projectId: number,
    id: number,
    input: UpdateAnnotationInput,
    by: string | ChangeContext,
  ): Promise<Annotation> {
    const before = await this.deps.store.get(projectId, id);
    if (!before || (before.deleted && input.deleted !== false))
      throw new AppError('ANNOTATION_NOT_FOUND', `No annotation with id ${id}.`);
    const after: Annotation = {
      ...before,
      content: input.content ?? before.content,
      dateMarker: input.date_marker ?? before.dateMarker,
      scope: input.scope ?? before.scope,
      dashboardItem: input.dashboard_item === undefined ? before.dashboardItem : input.dashboard_item,
      creationType: input.creation_type ?? before.creationType,
      deleted: input.deleted ?? before.deleted,
      updatedAt: this.now(),
    };
    this.assertTarget(projectId, after.scope, after.dashboardItem);
    await this.deps.store.update(after);
    const kind = after.deleted === before.deleted ? 'updated' : after.deleted ? 'deleted' : 'restored';
    await this.log(after, before, after, kind, changeContextOf(by));
    return after;
  }

  private assertTarget(projectId: number, scope: AnnotationScope, insightId: number | null): void {
    if (scope === 'dashboard_item' && insightId === null)
      throw new AppError(
        'INVALID_ANNOTATION',
        'An annotation scoped to an insight needs its dashboard_item.',
        'dashboard_item',
      );
    if (insightId !== null && !this.deps.insightExists(projectId, insightId))
      throw new AppError('INVALID_ANNOTATION', `No insight with id ${insightId}.`, 'dashboard_item');
  }

  private async log(
    a: Annotation,
    before: Annotation | null,
    after: Annotation,
    activity: 'created' | 'updated' | 'deleted' | 'restored',
    by: ChangeContext,
  ): Promise<void> {
    await this.deps.activity.record(
      {
        projectId: a.projectId,
        scope: 'Annotation',
        itemId: String(a.id),
        activity,
        name: a.content,
        changes: diffFields('Annotation', before && logged(before), logged(after), BOOKKEEPING_FIELDS),
      },
      by,
    );
  }
}
