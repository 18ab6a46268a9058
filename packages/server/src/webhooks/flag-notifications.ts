import type { ActivityEntry } from '../activity-log/activity-entry.ts';
import type { Notification } from './notifier.ts';
import type { WebhookEvent } from './webhook.ts';

const MAX_LINES = 20;

function flagEventOf(entry: ActivityEntry): WebhookEvent {
  if (entry.activity === 'deleted') return 'flag.deleted';
  const archived = entry.changes.find((c) => c.field === 'archived');
  if (archived?.after === true) return 'flag.archived';
  return 'flag.changed';
}

const short = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

/**
 * A flag change as subscribers see it, built from its activity-log entry: the same diff the history shows,
 * the author, the reason, and the environment it was made in.
 */
export function flagNotification(entry: ActivityEntry): Notification {
  const key = entry.name ?? entry.itemId;
  const lines = entry.changes
    .slice(0, MAX_LINES)
    .map((c) => `${c.field}: ${short(c.before)} → ${short(c.after)}`);
  if (entry.changes.length > MAX_LINES) lines.push(`…and ${entry.changes.length - MAX_LINES} more`);
  lines.push(`by ${entry.actor.name}${entry.reason ? ` — "${entry.reason}"` : ''}`);
  return {
    type: flagEventOf(entry),
    projectId: entry.projectId,
    environmentId: entry.environmentId ?? null,
    at: entry.at,
    title: `Flag ${key} ${entry.activity}`,
    lines,
    data: {
      flag: { id: Number(entry.itemId), key },
      activity: entry.activity,
      actor: entry.actor,
      reason: entry.reason,
      changes: entry.changes,
      activity_log_id: entry.id,
      revert_of: entry.revertOf,
    },
  };
}
