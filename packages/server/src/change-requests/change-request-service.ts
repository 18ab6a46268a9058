import { randomUUID } from 'node:crypto';
import type { ChangeContext } from '../activity-log/activity-entry.ts';
import { KeyedLock } from '../activity-log/keyed-lock.ts';
import { AppError } from '../errors/app-error.ts';
import type { UpdateFlagInput } from '../flags/flag-schemas.ts';
import type { FlagService } from '../flags/flag-service.ts';
import type { Notifier } from '../webhooks/notifier.ts';
import { type ApprovalSettings, approvalSettingsOf, requiredIn } from './approval-settings.ts';
import type { ChangeRequest, ChangeRequestStatus, Reviewer } from './change-request.ts';
import { type ChangeRequestEvent, changeRequestNotification } from './change-request-notifications.ts';
import type { ChangeRequestStore } from './change-request-store.ts';

export interface ChangeRequestServiceDeps {
  store: ChangeRequestStore;
  flags: Pick<FlagService, 'preview' | 'updateAtVersion'>;
  projectIdOf: (environmentId: number) => number;
  notifier?: Notifier;
  now?: () => Date;
}

/**
 * "Changes to flags need N approvals": holds a flag change as a request, collects approvals from members other
 * than the requester, and applies it through FlagService once they reach N, only if the flag is still at the
 * version the reviewers saw.
 */
export class ChangeRequestService {
  private readonly now: () => Date;
  private readonly lock = new KeyedLock();

  constructor(private readonly deps: ChangeRequestServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  settings(projectId: number): Promise<ApprovalSettings> {
    return approvalSettingsOf(this.deps.store, projectId);
  }

  /** The project's default (`environmentId` null) or an environment's override; null drops the override. */
  setRequired(projectId: number, environmentId: number | null, required: number | null): Promise<void> {
    return this.deps.store.setApprovalSetting(projectId, environmentId, required);
  }

  async requiredApprovals(environmentId: number): Promise<number> {
    const settings = await approvalSettingsOf(this.deps.store, this.deps.projectIdOf(environmentId));
    return requiredIn(settings, environmentId);
  }

  /**
   * The change as a pending request when the environment asks for approvals and the change changes anything;
   * undefined when it may apply at once. Validates the change now, so a bad one is refused before review.
   */
  async request(
    environmentId: number,
    flagId: number,
    change: UpdateFlagInput,
    requester: Reviewer,
    reason: string | null,
  ): Promise<ChangeRequest | undefined> {
    const required = await this.requiredApprovals(environmentId);
    if (required === 0) return undefined;
    const { key, version, changes } = this.deps.flags.preview(environmentId, flagId, change);
    if (changes.length === 0) return undefined;
    const now = this.now();
    const request: ChangeRequest = {
      id: randomUUID(),
      projectId: this.deps.projectIdOf(environmentId),
      environmentId,
      flagId,
      flagKey: key,
      baseVersion: version,
      change,
      diff: changes,
      requestedBy: requester,
      reason,
      required,
      approvals: [],
      status: 'pending',
      decidedBy: null,
      comment: null,
      createdAt: now,
      updatedAt: now,
      revision: 1,
    };
    await this.deps.store.insertRequest(request);
    await this.notify('change_request.created', request, requester);
    return request;
  }

  list(environmentId: number, status?: ChangeRequestStatus): Promise<ChangeRequest[]> {
    return this.deps.store.listRequests(this.deps.projectIdOf(environmentId), status);
  }

  async get(environmentId: number, id: string): Promise<ChangeRequest> {
    const request = await this.deps.store.getRequest(id);
    if (!request || request.projectId !== this.deps.projectIdOf(environmentId))
      throw new AppError('CHANGE_REQUEST_NOT_FOUND', `No change request with id ${id}.`);
    return request;
  }

  /** Adds the reviewer's approval; the one that reaches the required count applies the change. */
  approve(environmentId: number, id: string, reviewer: Reviewer): Promise<ChangeRequest> {
    return this.lock.run(id, async () => {
      const request = await this.pending(environmentId, id);
      if (reviewer.memberId === request.requestedBy.memberId)
        throw new AppError(
          'SELF_APPROVAL',
          'A change request needs approval by someone other than its author.',
        );
      if (request.approvals.some((a) => a.memberId === reviewer.memberId))
        throw new AppError(
          'CHANGE_REQUEST_ALREADY_APPROVED',
          'You have already approved this change request.',
        );
      const approved = await this.save(request, {
        approvals: [...request.approvals, { ...reviewer, at: this.now() }],
      });
      await this.notify('change_request.approved', approved, reviewer);
      return approved.approvals.length >= approved.required ? this.apply(approved, reviewer) : approved;
    });
  }

  reject(environmentId: number, id: string, reviewer: Reviewer, comment: string): Promise<ChangeRequest> {
    return this.lock.run(id, async () => {
      const request = await this.pending(environmentId, id);
      if (reviewer.memberId === request.requestedBy.memberId)
        throw new AppError(
          'SELF_APPROVAL',
          'The author withdraws their own change request; others reject it.',
        );
      const rejected = await this.save(request, { status: 'rejected', decidedBy: reviewer, comment });
      await this.notify('change_request.rejected', rejected, reviewer);
      return rejected;
    });
  }

  withdraw(environmentId: number, id: string, reviewer: Reviewer): Promise<ChangeRequest> {
    return this.lock.run(id, async () => {
      const request = await this.pending(environmentId, id);
      if (reviewer.memberId !== request.requestedBy.memberId)
        throw new AppError('NOT_REQUESTER', 'Only the author of a change request can withdraw it.');
      return this.save(request, { status: 'withdrawn', decidedBy: reviewer });
    });
  }

  /** Applies through FlagService at the request's base version; a flag that moved on makes the request stale. */
  private async apply(request: ChangeRequest, reviewer: Reviewer): Promise<ChangeRequest> {
    const approvers = request.approvals.map((a) => a.actor.name).join(', ');
    const by: ChangeContext = {
      // The author of the change is who asked for it; the reason names the request and its approvers.
      actor: request.requestedBy.actor,
      reason: `change request ${request.id}, approved by ${approvers}${request.reason ? `: ${request.reason}` : ''}`,
    };
    try {
      await this.deps.flags.updateAtVersion(
        request.environmentId,
        request.flagId,
        request.change,
        by,
        request.baseVersion,
      );
    } catch (error) {
      if (
        error instanceof AppError &&
        (error.code === 'CHANGE_REQUEST_STALE' || error.code === 'FLAG_NOT_FOUND')
      ) {
        await this.save(request, { status: 'stale', decidedBy: reviewer });
        throw new AppError(
          'CHANGE_REQUEST_STALE',
          `${error.detail} The request is marked stale; make the change again on the current flag.`,
        );
      }
      throw error;
    }
    const applied = await this.save(request, { status: 'applied', decidedBy: reviewer });
    await this.notify('change_request.applied', applied, reviewer);
    return applied;
  }

  private async pending(environmentId: number, id: string): Promise<ChangeRequest> {
    const request = await this.get(environmentId, id);
    if (request.status !== 'pending')
      throw new AppError(
        'CHANGE_REQUEST_NOT_PENDING',
        `The change request is ${request.status}, not pending.`,
      );
    return request;
  }

  /** Compare-and-set: another node that decided the request first wins, and this caller is told so. */
  private async save(request: ChangeRequest, changes: Partial<ChangeRequest>): Promise<ChangeRequest> {
    const next = { ...request, ...changes, updatedAt: this.now(), revision: request.revision + 1 };
    if (!(await this.deps.store.updateRequest(next, request.revision)))
      throw new AppError(
        'CHANGE_REQUEST_CONFLICT',
        'The change request changed meanwhile; reload it and retry.',
      );
    return next;
  }

  private async notify(type: ChangeRequestEvent, r: ChangeRequest, by: Reviewer): Promise<void> {
    await this.deps.notifier?.notify(changeRequestNotification(type, r, by, this.now()));
  }
}
