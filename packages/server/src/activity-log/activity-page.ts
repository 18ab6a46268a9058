import type { Context } from 'hono';
import { parseQuery } from '../api/query-params.ts';
import { decodeCursor, encodeCursor } from './activity-cursor.ts';
import type { ActivityScope } from './activity-entry.ts';
import { activityJson } from './activity-json.ts';
import { activityListQuerySchema } from './activity-log-schemas.ts';
import type { ActivityLogService } from './activity-log-service.ts';

/**
 * One page of the log, newest first, in PostHog's cursor-paginated shape `{results, next, previous}`.
 * `fixed` pins filters the route implies (a flag's history pins scope and item).
 */
export async function activityPage(
  c: Context,
  log: ActivityLogService,
  projectId: number,
  fixed: { scope?: ActivityScope; itemId?: string } = {},
) {
  const q = parseQuery(c, activityListQuerySchema);
  // One more than asked says whether a next page exists without a count query.
  const rows = await log.list({
    projectId,
    scope: fixed.scope ?? q.scope,
    itemId: fixed.itemId ?? q.item_id,
    actorId: q.user,
    actorKind: q.actor_kind,
    after: q.after,
    before: q.before,
    cursor: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  const results = rows.slice(0, q.limit);
  const last = results.at(-1);
  let next: string | null = null;
  if (rows.length > q.limit && last) {
    const url = new URL(c.req.url);
    url.searchParams.set('cursor', encodeCursor(last));
    next = url.toString();
  }
  return { results: results.map(activityJson), next, previous: null };
}
