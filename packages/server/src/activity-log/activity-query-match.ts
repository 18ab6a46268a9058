import type { ActivityEntry } from './activity-entry.ts';
import type { ActivityQuery } from './activity-log-store.ts';

/** The in-memory reading of an `ActivityQuery`, shared by fakes so they filter exactly as the SQL adapter does. */
export function matchesActivityQuery(e: ActivityEntry, q: ActivityQuery): boolean {
  if (e.projectId !== q.projectId) return false;
  if (q.scope !== undefined && e.scope !== q.scope) return false;
  if (q.itemId !== undefined && e.itemId !== q.itemId) return false;
  if (q.actorId !== undefined && e.actor.id !== q.actorId) return false;
  if (q.actorKind !== undefined && e.actor.kind !== q.actorKind) return false;
  if (q.after && e.at < q.after) return false;
  if (q.before && e.at >= q.before) return false;
  if (q.cursor) return isOlder(e, q.cursor);
  return true;
}

export function isOlder(e: { at: Date; id: string }, than: { at: Date; id: string }): boolean {
  const dt = e.at.getTime() - than.at.getTime();
  return dt < 0 || (dt === 0 && e.id < than.id);
}

/** Newest first; ties on time broken by id descending, the order cursors walk. */
export function newestFirst(a: ActivityEntry, b: ActivityEntry): number {
  return b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
