import { Hono } from 'hono';
import type { ChangeContextOf } from '../activity-log/change-context.ts';
import { type ApiEnv, projectOf } from '../api/api-auth.ts';
import { idParam, parseJsonBody } from '../api/json-body.ts';
import { storable } from '../api/storable-json.ts';
import type { UnreviewableWriteCheck } from '../change-requests/flag-change-gate.ts';
import type { EarlyAccessFeature } from './early-access-feature.ts';
import { earlyAccessJson } from './early-access-json.ts';
import { createEarlyAccessSchema, updateEarlyAccessSchema } from './early-access-schemas.ts';
import type { EarlyAccessService } from './early-access-service.ts';

const BASE = '/api/projects/:projectId/early_access_feature';

/** PostHog's early-access management API: CRUD, with the linked flag created or adopted on create. */
export function earlyAccessRoutes(
  features: EarlyAccessService,
  changeOf: ChangeContextOf,
  /** General availability serves the flag to everyone: where approvals are needed, an admin's bypass only. */
  mayChangeFlags?: UnreviewableWriteCheck,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  const json = (f: EarlyAccessFeature) => earlyAccessJson(f, features.flagOf(f));

  app.get(BASE, (c) => {
    const results = features.list(projectOf(c).id).map(json);
    return c.json({ count: results.length, next: null, previous: null, results });
  });

  app.post(BASE, async (c) => {
    const project = projectOf(c);
    const input = await parseJsonBody(c, storable(createEarlyAccessSchema));
    if (input.stage === 'general-availability')
      await mayChangeFlags?.(c, project.id, 'releasing to everyone');
    return c.json(json(await features.create(project.id, input, changeOf(c))), 201);
  });

  app.get(`${BASE}/:id`, (c) => c.json(json(features.get(projectOf(c).id, idParam(c)))));

  app.patch(`${BASE}/:id`, async (c) => {
    const project = projectOf(c);
    const id = idParam(c);
    const before = features.get(project.id, id);
    const input = await parseJsonBody(c, storable(updateEarlyAccessSchema));
    if (input.stage === 'general-availability' && before.stage !== input.stage)
      await mayChangeFlags?.(c, project.id, 'releasing to everyone');
    return c.json(json(await features.update(project.id, id, input, changeOf(c))));
  });

  // The flag stays: people who opted in keep their answer on it, and deleting it is the flags screen's call.
  app.delete(`${BASE}/:id`, async (c) => {
    await features.update(projectOf(c).id, idParam(c), { deleted: true }, changeOf(c));
    return c.body(null, 204);
  });
  return app;
}
