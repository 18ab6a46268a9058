import type { ActivityChange, Actor } from '../activity-log/activity-entry.ts';
import type { UpdateFlagInput } from '../flags/flag-schemas.ts';

/**
 * `pending` until decided. `applied` once the approvals reached the required count and the change went through;
 * `stale` when the flag moved on (another change landed) before that, so the approvers' diff no longer holds.
 */
export const CHANGE_REQUEST_STATUSES = ['pending', 'applied', 'rejected', 'withdrawn', 'stale'] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

/** A member (directly or through their personal key): the identity self-approval is checked against. */
export interface Reviewer {
  /** The member's id; a key without a member (the installation key) is its own reviewer. */
  memberId: string;
  actor: Actor;
}

export interface Approval extends Reviewer {
  at: Date;
}

/** A flag change held back until enough other members approve it. */
export interface ChangeRequest {
  id: string;
  projectId: number;
  environmentId: number;
  flagId: number;
  flagKey: string;
  /** The flag's version the diff was computed on; applying needs it unchanged. */
  baseVersion: number;
  /** The management API's update, replayed through FlagService when approved. */
  change: UpdateFlagInput;
  /** What the change does, as the activity log records it (PostHog's `detail.changes`). */
  diff: ActivityChange[];
  requestedBy: Reviewer;
  /** The requester's note (`X-Signpost-Reason`). */
  reason: string | null;
  /** Approvals needed, fixed when the request was made (a later settings change does not move it). */
  required: number;
  approvals: Approval[];
  status: ChangeRequestStatus;
  /** Who rejected, withdrew or (with the last approval) applied it. */
  decidedBy: Reviewer | null;
  comment: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Moves on every write; a write naming an older one lost a race (another node decided first). */
  revision: number;
}
