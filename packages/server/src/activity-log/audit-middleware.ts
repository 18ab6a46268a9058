import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../api/api-auth.ts';
import { diffFields } from './activity-diff.ts';
import type { ActivityKind } from './activity-entry.ts';
import type { ActivityLogService } from './activity-log-service.ts';
import { type AuditedResource, BOOKKEEPING_FIELDS } from './audited-resources.ts';
import type { ChangeContextOf } from './change-context.ts';
import { KeyedLock } from './keyed-lock.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AuditTargets {
  /** By path segment under `/api/projects/:projectId/`. */
  collections: Map<string, AuditedResource>;
  project: AuditedResource;
  personalKeys: AuditedResource;
}

interface Target {
  resource: AuditedResource;
  /** Undefined for a create: the id is read from the answer. */
  itemId: string | undefined;
}

function targetOf(path: string, projectId: number, t: AuditTargets): Target | undefined {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'api') return undefined;
  if (parts[1] === 'personal_api_keys' && parts.length <= 3)
    return { resource: t.personalKeys, itemId: parts[2] };
  if (parts[1] !== 'projects' || parts[2] === undefined) return undefined;
  if (parts.length === 3) return { resource: t.project, itemId: String(projectId) };
  const resource = t.collections.get(parts[3] ?? '');
  return resource ? { resource, itemId: parts[4] } : undefined;
}

async function createdId(res: Response): Promise<string | undefined> {
  try {
    const body: unknown = await res.clone().json();
    const id = typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined;
    return typeof id === 'number' || typeof id === 'string' ? String(id) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Logs writes to cohorts, insights, dashboards, experiments, the project and personal keys without each
 * route knowing: the item is read before the handler runs and after it answered 2xx, and the difference is
 * appended. The entry is written right after the change, not in its transaction (those stores keep their
 * own transactions); if the append fails the request fails, so a change is never silently unlogged, though
 * it is then stored without its entry. Feature flags log inside their own transaction instead.
 */
export function auditWrites(
  log: ActivityLogService,
  targets: AuditTargets,
  changeOf: ChangeContextOf,
): MiddlewareHandler<ApiEnv> {
  // Two writes to one item at once would each read the other's result as their "after"; one at a time per
  // item keeps every entry's before/after exact. Writes to different items, and creates, still run in parallel.
  const lock = new KeyedLock();
  return async (c, next) => {
    if (!WRITES.has(c.req.method)) return next();
    const project = c.get('project');
    const target = project ? targetOf(c.req.path, project.id, targets) : undefined;
    if (!project || !target) return next();
    // Read (and validated: a bad reason header is refused) before the change, never after it is made.
    const by = changeOf(c);
    const audited = async () => {
      const { resource } = target;
      const before = target.itemId === undefined ? undefined : resource.load(project.id, target.itemId);
      await next();
      if (c.res.status < 200 || c.res.status >= 300) return;
      const itemId = target.itemId ?? (await createdId(c.res));
      if (itemId === undefined) return;
      const after = resource.load(project.id, itemId);
      if (!before && !after) return;
      const activity: ActivityKind = !before
        ? 'created'
        : !after || after.deleted === true
          ? 'deleted'
          : 'updated';
      const changes = diffFields(
        resource.scope,
        before ?? null,
        activity === 'deleted' ? null : (after ?? null),
        BOOKKEEPING_FIELDS,
      );
      if (activity === 'updated' && changes.length === 0) return;
      const named = after ?? before;
      await log.record(
        {
          projectId: project.id,
          scope: resource.scope,
          itemId,
          activity,
          name: named ? resource.name(named) : null,
          changes,
        },
        by,
      );
    };
    if (target.itemId === undefined) return audited();
    return lock.run(`${project.id}:${target.resource.scope}:${target.itemId}`, audited);
  };
}
