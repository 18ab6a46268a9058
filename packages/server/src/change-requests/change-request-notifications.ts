import type { Notification } from '../webhooks/notifier.ts';
import type { WebhookEvent } from '../webhooks/webhook.ts';
import type { ChangeRequest, Reviewer } from './change-request.ts';

export type ChangeRequestEvent = Extract<WebhookEvent, `change_request.${string}`>;

const VERB: Record<ChangeRequestEvent, string> = {
  'change_request.created': 'needs approval',
  'change_request.approved': 'approved',
  'change_request.applied': 'applied',
  'change_request.rejected': 'rejected',
};

/** One step of a change request as subscribers see it: the diff, who asked, who acted, how many approvals. */
export function changeRequestNotification(
  type: ChangeRequestEvent,
  r: ChangeRequest,
  by: Reviewer,
  at: Date,
): Notification {
  const lines = r.diff
    .slice(0, 20)
    .map((c) => `${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`);
  lines.push(`requested by ${r.requestedBy.actor.name}; ${r.approvals.length}/${r.required} approvals`);
  if (type !== 'change_request.created') lines.push(`${VERB[type]} by ${by.actor.name}`);
  if (r.comment) lines.push(`"${r.comment}"`);
  return {
    type,
    projectId: r.projectId,
    environmentId: r.environmentId,
    at,
    title: `Change to flag ${r.flagKey} ${VERB[type]}`,
    lines,
    data: {
      change_request: { id: r.id, status: r.status, required: r.required, approvals: r.approvals.length },
      flag: { id: r.flagId, key: r.flagKey },
      requested_by: r.requestedBy.actor,
      actor: by.actor,
      changes: r.diff,
      comment: r.comment,
    },
  };
}
