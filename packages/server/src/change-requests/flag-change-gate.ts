import type { Context } from 'hono';
import type { ChangeContext } from '../activity-log/activity-entry.ts';
import type { ChangeContextOf } from '../activity-log/change-context.ts';
import type { ApiEnv } from '../api/api-auth.ts';
import { parseQuery } from '../api/query-params.ts';
import { AppError } from '../errors/app-error.ts';
import type { UpdateFlagInput } from '../flags/flag-schemas.ts';
import type { ChangeRequest, Reviewer } from './change-request.ts';
import { bypassQuerySchema } from './change-request-schemas.ts';
import type { ChangeRequestService } from './change-request-service.ts';

/** What a flag write route does next: apply now (as `by`), or answer 202 with the request made instead. */
export type GateOutcome = { by: ChangeContext; requested?: undefined } | { requested: ChangeRequest };

/** Consulted by the flag write routes (PATCH, DELETE, archive, unarchive) before they change anything. */
export type FlagChangeGate = (
  c: Context<ApiEnv>,
  environmentId: number,
  flagId: number,
  input: UpdateFlagInput,
  /** The write's own reason where its body carries one (promote); the header's otherwise. */
  reason?: string,
) => Promise<GateOutcome>;

// Labels only: they change nothing an SDK serves, so they never wait for a review.
const UNGATED: ReadonlySet<string> = new Set(['name', 'tags', 'permanent']);

/** The member a caller acts as: a personal key acts as its member, so it cannot approve its member's request. */
export function reviewerOf(c: Context<ApiEnv>, by: ChangeContext): Reviewer {
  const principal = c.get('principal');
  return { memberId: principal.userId ?? principal.id, actor: by.actor };
}

/**
 * The bypass rules, shared by every write that changes what an SDK is served: `?bypass_approval=true` lets an
 * admin (a caller holding every scope) apply at once, the kill switch's emergency path, with a reason that the
 * activity log keeps. Returns who applies (reason prefixed), or undefined when the caller asked no bypass.
 */
export function bypassOf(c: Context<ApiEnv>, by: ChangeContext): ChangeContext | undefined {
  if (parseQuery(c, bypassQuerySchema).bypass_approval !== 'true') return undefined;
  if (!c.get('principal').scopes.has('*'))
    throw new AppError('BYPASS_NOT_ALLOWED', 'Only admins may bypass approvals.', 'bypass_approval');
  if (!by.reason)
    throw new AppError(
      'BYPASS_REASON_REQUIRED',
      'Bypassing approvals needs a reason in the X-Signpost-Reason header; it is kept in the activity log.',
      'x-signpost-reason',
    );
  return { ...by, reason: `approval bypassed: ${by.reason}` };
}

/** Holds back flag changes in environments that need approvals (PATCH, DELETE, archive, revert, promote). */
export function flagChangeGate(service: ChangeRequestService, changeOf: ChangeContextOf): FlagChangeGate {
  return async (c, environmentId, flagId, input, reason) => {
    const own = changeOf(c);
    const by = reason && !own.reason ? { ...own, reason } : own;
    const bypassed = bypassOf(c, by);
    if (bypassed) return { by: bypassed };
    if (Object.keys(input).every((field) => UNGATED.has(field))) return { by };
    const requested = await service.request(environmentId, flagId, input, reviewerOf(c, by), by.reason);
    return requested ? { requested } : { by };
  };
}

/**
 * For writes that change what SDKs are served but are not one flag update a request could hold (a schedule, a
 * plan, an experiment's ship, an early-access release): whether this caller may make it in this environment
 * without a review. In a gated environment only an admin's bypass lets it through; everyone else is told so.
 */
export type UnreviewableWriteCheck = (
  c: Context<ApiEnv>,
  environmentId: number,
  what: string,
) => Promise<void>;

export function unreviewableWriteCheck(
  service: ChangeRequestService,
  changeOf: ChangeContextOf,
): UnreviewableWriteCheck {
  return async (c, environmentId, what) => {
    if (bypassOf(c, changeOf(c))) return;
    const required = await service.requiredApprovals(environmentId);
    if (required > 0)
      throw new AppError(
        'APPROVAL_REQUIRED',
        `Flag changes in this environment need ${required} approval(s), and ${what} would change a flag unreviewed. ` +
          'Make the change on the flag as a change request, or ask an admin to do this with ?bypass_approval=true and a reason.',
        'bypass_approval',
      );
  };
}
