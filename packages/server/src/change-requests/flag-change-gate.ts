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
) => Promise<GateOutcome>;

// Labels only: they change nothing an SDK serves, so they never wait for a review.
const UNGATED: ReadonlySet<string> = new Set(['name', 'tags', 'permanent']);

/** The member a caller acts as: a personal key acts as its member, so it cannot approve its member's request. */
export function reviewerOf(c: Context<ApiEnv>, by: ChangeContext): Reviewer {
  const principal = c.get('principal');
  return { memberId: principal.userId ?? principal.id, actor: by.actor };
}

/**
 * Holds back flag changes in environments that need approvals. `?bypass_approval=true` lets an admin (a caller
 * holding every scope) apply at once, the kill switch's emergency path, with a reason that the activity log keeps.
 */
export function flagChangeGate(service: ChangeRequestService, changeOf: ChangeContextOf): FlagChangeGate {
  return async (c, environmentId, flagId, input) => {
    const by = changeOf(c);
    if (parseQuery(c, bypassQuerySchema).bypass_approval === 'true') {
      if (!c.get('principal').scopes.has('*'))
        throw new AppError('BYPASS_NOT_ALLOWED', 'Only admins may bypass approvals.', 'bypass_approval');
      if (!by.reason)
        throw new AppError(
          'BYPASS_REASON_REQUIRED',
          'Bypassing approvals needs a reason in the X-Signpost-Reason header; it is kept in the activity log.',
          'x-signpost-reason',
        );
      return { by: { ...by, reason: `approval bypassed: ${by.reason}` } };
    }
    if (Object.keys(input).every((field) => UNGATED.has(field))) return { by };
    const requested = await service.request(environmentId, flagId, input, reviewerOf(c, by), by.reason);
    return requested ? { requested } : { by };
  };
}
