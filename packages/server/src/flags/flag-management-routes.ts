import { Hono } from 'hono';
import type { ChangeContextOf } from '../activity-log/change-context.ts';
import { type ApiEnv, environmentOf } from '../api/api-auth.ts';
import { idParam, parseJsonBody } from '../api/json-body.ts';
import { parseQuery } from '../api/query-params.ts';
import { AppError } from '../errors/app-error.ts';
import type { FlagEvaluationService } from './flag-evaluation-service.ts';
import { flagJson } from './flag-json.ts';
import { createFlagSchema, listFlagsQuerySchema, updateFlagSchema } from './flag-schemas.ts';
import type { FlagService } from './flag-service.ts';

const BASE = '/api/projects/:projectId/feature_flags';

/**
 * PostHog's feature-flag API: list, create, retrieve, update, soft delete, remote config. History and revert
 * live with the activity log (`activity-log/flag-revert-routes.ts`).
 */
export function flagManagementRoutes(
  flags: FlagService,
  evaluation: FlagEvaluationService,
  changeOf: ChangeContextOf,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });

  app.get(BASE, (c) => {
    const environment = environmentOf(c);
    const q = parseQuery(c, listFlagsQuerySchema);
    const all = flags.list(environment.id, {
      search: q.search,
      active: q.active === undefined ? undefined : q.active === 'true',
    });
    const page = all.slice(q.offset, q.offset + q.limit);
    let next: string | null = null;
    if (q.offset + q.limit < all.length) {
      const url = new URL(c.req.url);
      url.searchParams.set('offset', String(q.offset + q.limit));
      next = url.toString();
    }
    return c.json({ count: all.length, next, previous: null, results: page.map(flagJson) });
  });

  app.post(BASE, async (c) => {
    const environment = environmentOf(c);
    const input = await parseJsonBody(c, createFlagSchema);
    return c.json(flagJson(await flags.create(environment.id, input, changeOf(c))), 201);
  });

  // The SDKs' getRemoteConfigPayload: the payload as a JSON-encoded string (the SDK parses it twice). As in
  // PostHog, only remote-config flags answer, whether switched on or not: their payload is configuration, not
  // a rollout, and an ordinary flag's payload depends on who asks.
  app.get(`${BASE}/:key/remote_config`, (c) => {
    const environment = environmentOf(c);
    const key = c.req.param('key');
    const flag =
      flags.byKey(environment.id, key) ?? flags.liveFlags(environment.id).find((f) => String(f.id) === key);
    if (!flag?.isRemoteConfiguration) throw new AppError('FLAG_NOT_FOUND', `No remote config flag "${key}".`);
    return c.json(flag.filters.payloads?.true ?? null);
  });

  app.get(`${BASE}/local_evaluation`, (c) => {
    const environment = environmentOf(c);
    return c.body(evaluation.definitions(environment.id).body, 200, { 'content-type': 'application/json' });
  });

  app.get(`${BASE}/:id`, (c) => c.json(flagJson(flags.get(environmentOf(c).id, idParam(c)))));

  app.patch(`${BASE}/:id`, async (c) => {
    const environment = environmentOf(c);
    const input = await parseJsonBody(c, updateFlagSchema);
    return c.json(flagJson(await flags.update(environment.id, idParam(c), input, changeOf(c))));
  });

  app.delete(`${BASE}/:id`, async (c) => {
    const environment = environmentOf(c);
    await flags.remove(environment.id, idParam(c), changeOf(c));
    return c.body(null, 204);
  });
  return app;
}
