import { isTruncated } from './activity-diff.ts';
import type { ActivityEntry } from './activity-entry.ts';

/** Whether `POST …/feature_flags/:id/activity/:entryId/revert` can restore this entry. */
export function isRevertable(e: ActivityEntry): boolean {
  return e.scope === 'FeatureFlag' && !e.changes.some((c) => isTruncated(c.before)) && !changesNoSetting(e);
}

/** Fields flag entries log that are no setting of the flag (a rollout plan pausing): nothing to restore. */
const NOT_FLAG_SETTINGS = new Set(['rollout_plan']);
export const changesNoSetting = (e: ActivityEntry) => e.changes.some((c) => NOT_FLAG_SETTINGS.has(c.field));

/**
 * PostHog's activity log item (`user`, `activity`, `scope`, `item_id`, `detail.changes`, `created_at`),
 * with Signpost's structured `actor`, the reason note and the reverted entry's id added.
 */
export function activityJson(e: ActivityEntry) {
  return {
    id: e.id,
    user: {
      id: e.actor.id,
      // `name` predates the log (the flag history answered it) and clients still read it.
      name: e.actor.name,
      first_name: e.actor.name,
      email: e.actor.kind === 'member' ? e.actor.name : null,
    },
    actor: e.actor,
    is_system: e.actor.kind === 'system',
    unread: false,
    activity: e.activity,
    scope: e.scope,
    item_id: e.itemId,
    created_at: e.at.toISOString(),
    detail: {
      id: e.itemId,
      name: e.name,
      short_id: null,
      type: null,
      changes: e.changes,
      merge: null,
      trigger: null,
      reason: e.reason,
      revert_of: e.revertOf,
      environment_id: e.environmentId ?? null,
    },
    revertable: isRevertable(e),
  };
}
