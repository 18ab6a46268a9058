import { Hono } from 'hono';
import { type ApiEnv, environmentOf, projectOf } from '../api/api-auth.ts';
import { idParam } from '../api/json-body.ts';
import { changeRequestJson } from '../change-requests/change-request-json.ts';
import type { FlagChangeGate } from '../change-requests/flag-change-gate.ts';
import { AppError } from '../errors/app-error.ts';
import { flagJson } from '../flags/flag-json.ts';
import { updateFlagSchema } from '../flags/flag-schemas.ts';
import type { FlagService } from '../flags/flag-service.ts';
import { isTruncated } from './activity-diff.ts';
import type { ActivityEntry } from './activity-entry.ts';
import { changesNoSetting } from './activity-json.ts';
import type { ActivityLogService } from './activity-log-service.ts';
import { activityPage } from './activity-page.ts';
import type { ChangeContextOf } from './change-context.ts';

const BASE = '/api/projects/:projectId/feature_flags/:id/activity';

/** The update that puts back an entry's "before" values, checked by the same schema as a PATCH. */
function restoreInput(e: ActivityEntry) {
  if (changesNoSetting(e))
    throw new AppError(
      'ACTIVITY_NOT_REVERTIBLE',
      `Entry ${e.id} changed no setting of the flag; nothing to restore.`,
    );
  const truncated = e.changes.find((ch) => isTruncated(ch.before));
  if (truncated) {
    throw new AppError(
      'ACTIVITY_NOT_REVERTIBLE',
      `Entry ${e.id} did not keep the old "${truncated.field}" (too large to log whole); edit the flag instead.`,
      truncated.field,
    );
  }
  const parsed = updateFlagSchema.safeParse(Object.fromEntries(e.changes.map((ch) => [ch.field, ch.before])));
  if (!parsed.success) {
    throw new AppError(
      'ACTIVITY_NOT_REVERTIBLE',
      `Entry ${e.id} cannot be restored: ${parsed.error.issues[0]?.message ?? 'invalid values'}.`,
    );
  }
  return parsed.data;
}

/** A flag's history (read from the project's activity log) and one-step revert of any entry in it. */
export function flagActivityRoutes(
  flags: FlagService,
  log: ActivityLogService,
  changeOf: ChangeContextOf,
  /** A revert changes what SDKs are served like any edit: where approvals are required it waits for them. */
  gate?: FlagChangeGate,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });

  app.get(BASE, async (c) => {
    const project = projectOf(c);
    const id = idParam(c);
    flags.get(environmentOf(c).id, id);
    return c.json(await activityPage(c, log, project.id, { scope: 'FeatureFlag', itemId: String(id) }));
  });

  app.post(`${BASE}/:entryId/revert`, async (c) => {
    const project = projectOf(c);
    const flagId = idParam(c);
    const entry = await log.get(project.id, c.req.param('entryId'));
    if (entry.scope !== 'FeatureFlag' || entry.itemId !== String(flagId))
      throw new AppError(
        'ACTIVITY_NOT_FOUND',
        `Entry ${entry.id} is not a change of feature flag ${flagId}.`,
      );
    const restore = entry.activity === 'created' ? {} : restoreInput(entry);
    // Held, the revert is the update it amounts to, in the environment the entry changed.
    const update = entry.activity === 'created' ? { deleted: true } : restore;
    const environmentId = entry.environmentId ?? project.id;
    const outcome = gate ? await gate(c, environmentId, flagId, update) : { by: changeOf(c) };
    if (outcome.requested) return c.json(changeRequestJson(outcome.requested), 202);
    const flag = await flags.revert(flagId, { ...entry, restore }, outcome.by);
    return c.json(flagJson(flag));
  });
  return app;
}
