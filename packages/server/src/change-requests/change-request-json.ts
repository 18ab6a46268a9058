import type { ChangeRequest, Reviewer } from './change-request.ts';

const reviewerJson = (r: Reviewer) => ({ id: r.memberId, name: r.actor.name, kind: r.actor.kind });

/** The API shape of a change request (snake_case like the rest of the management API). */
export const changeRequestJson = (r: ChangeRequest) => ({
  id: r.id,
  flag_id: r.flagId,
  flag_key: r.flagKey,
  environment_id: r.environmentId,
  status: r.status,
  diff: r.diff.map((c) => ({ field: c.field, before: c.before, after: c.after })),
  change: r.change,
  base_version: r.baseVersion,
  requested_by: reviewerJson(r.requestedBy),
  reason: r.reason,
  required_approvals: r.required,
  approvals: r.approvals.map((a) => ({ ...reviewerJson(a), at: a.at.toISOString() })),
  decided_by: r.decidedBy && reviewerJson(r.decidedBy),
  comment: r.comment,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
});
