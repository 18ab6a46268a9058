import { type Context, Hono } from 'hono';
import type { ChangeContextOf } from '../activity-log/change-context.ts';
import { type ApiEnv, environmentOf } from '../api/api-auth.ts';
import { idParam, parseJsonBody } from '../api/json-body.ts';
import { parseQuery } from '../api/query-params.ts';
import type { UnreviewableWriteCheck } from '../change-requests/flag-change-gate.ts';
import { planJson, scheduledChangeJson } from './schedule-json.ts';
import type { ScheduleService } from './schedule-service.ts';
import {
  createPlanSchema,
  createScheduledChangeSchema,
  listScheduledChangesQuerySchema,
} from './scheduled-change-schemas.ts';

const CHANGES = '/api/projects/:projectId/scheduled_changes';
const PLANS = '/api/projects/:projectId/feature_flags/:id/rollout_plans';

/**
 * PostHog's `scheduled_changes` resource (per environment: a change targets the flag where it was made) and
 * Signpost's rollout plans, a flag's ordered steps. Deleting a scheduled change cancels it: the row stays, so
 * the timeline still shows what was planned.
 */
export function scheduleRoutes(
  schedules: ScheduleService,
  changeOf: ChangeContextOf,
  /**
   * Throws in an environment whose flag changes need approvals unless the caller is an admin bypassing them:
   * a schedule applies its changes later as the scheduler, so making one is the moment to review it.
   */
  mayScheduleIn?: UnreviewableWriteCheck,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  const by = (c: Context<ApiEnv>) => c.get('actor');

  app.get(CHANGES, async (c) => {
    const q = parseQuery(c, listScheduledChangesQuerySchema);
    const results = (await schedules.list(environmentOf(c).id, q.record_id)).map(scheduledChangeJson);
    return c.json({ count: results.length, next: null, previous: null, results });
  });

  app.post(CHANGES, async (c) => {
    const input = await parseJsonBody(c, createScheduledChangeSchema);
    await mayScheduleIn?.(c, environmentOf(c).id, 'a scheduled change');
    return c.json(scheduledChangeJson(await schedules.create(environmentOf(c).id, input, by(c))), 201);
  });

  app.get(`${CHANGES}/:changeId`, async (c) =>
    c.json(scheduledChangeJson(await schedules.get(environmentOf(c).id, c.req.param('changeId')))),
  );

  app.delete(`${CHANGES}/:changeId`, async (c) => {
    await schedules.cancel(environmentOf(c).id, c.req.param('changeId'));
    return c.body(null, 204);
  });

  app.get(PLANS, async (c) => {
    const results = (await schedules.plans(environmentOf(c).id, idParam(c))).map(planJson);
    return c.json({ count: results.length, next: null, previous: null, results });
  });

  app.post(PLANS, async (c) => {
    const input = await parseJsonBody(c, createPlanSchema);
    await mayScheduleIn?.(c, environmentOf(c).id, 'a rollout plan');
    return c.json(planJson(await schedules.createPlan(environmentOf(c).id, idParam(c), input, by(c))), 201);
  });

  app.delete(`${PLANS}/:planId`, async (c) => {
    const plan = await schedules.cancelPlan(
      environmentOf(c).id,
      idParam(c),
      c.req.param('planId'),
      changeOf(c),
    );
    return c.json(planJson(plan));
  });

  app.post(`${PLANS}/:planId/resume`, async (c) => {
    const plan = await schedules.resumePlan(
      environmentOf(c).id,
      idParam(c),
      c.req.param('planId'),
      changeOf(c),
    );
    return c.json(planJson(plan));
  });
  return app;
}
