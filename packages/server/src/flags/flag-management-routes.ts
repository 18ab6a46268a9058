import { type Context, Hono } from 'hono';
import type { ChangeContext } from '../activity-log/activity-entry.ts';
import type { ChangeContextOf } from '../activity-log/change-context.ts';
import { type ApiEnv, environmentOf } from '../api/api-auth.ts';
import { idParam, parseJsonBody } from '../api/json-body.ts';
import { parseQuery } from '../api/query-params.ts';
import { changeRequestJson } from '../change-requests/change-request-json.ts';
import type { FlagChangeGate } from '../change-requests/flag-change-gate.ts';
import { AppError } from '../errors/app-error.ts';
import type { FlagLifecycleService } from '../flag-usage/flag-lifecycle-service.ts';
import type { FlagEvaluationService } from './flag-evaluation-service.ts';
import { flagJson } from './flag-json.ts';
import {
  createFlagSchema,
  flagUsageQuerySchema,
  listFlagsQuerySchema,
  type UpdateFlagInput,
  updateFlagSchema,
} from './flag-schemas.ts';
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
  lifecycle?: FlagLifecycleService,
  usage?: { recordPolled(environmentId: number, flagKeys: Iterable<string>): void },
  /** Where approvals are required, turns a write into a change request (202) instead of applying it. */
  gate?: FlagChangeGate,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  const write = async (
    c: Context<ApiEnv>,
    input: UpdateFlagInput,
    done: (by: ChangeContext) => Promise<Response>,
  ) => {
    const environment = environmentOf(c);
    const outcome = gate ? await gate(c, environment.id, idParam(c), input) : { by: changeOf(c) };
    if (outcome.requested) return c.json(changeRequestJson(outcome.requested), 202);
    return done(outcome.by);
  };

  app.get(BASE, async (c) => {
    const environment = environmentOf(c);
    const q = parseQuery(c, listFlagsQuerySchema);
    let all = flags.list(environment.id, {
      search: q.search,
      active: q.active === undefined ? undefined : q.active === 'true',
      archived: q.archived === 'true',
    });
    const facts = await lifecycle?.facts(environment.id, all, q.stale_days);
    if (q.stale !== undefined) {
      const wanted = q.stale === 'true';
      all = all.filter((f) => (facts?.get(f.id)?.verdict.stale ?? false) === wanted);
    }
    const page = all.slice(q.offset, q.offset + q.limit);
    let next: string | null = null;
    if (q.offset + q.limit < all.length) {
      const url = new URL(c.req.url);
      url.searchParams.set('offset', String(q.offset + q.limit));
      next = url.toString();
    }
    return c.json({
      count: all.length,
      next,
      previous: null,
      results: page.map((f) => flagJson(f, facts?.get(f.id))),
    });
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
    if (!flag?.isRemoteConfiguration || flag.archived)
      throw new AppError('FLAG_NOT_FOUND', `No remote config flag "${key}".`);
    usage?.recordPolled(environment.id, [flag.key]);
    return c.json(flag.filters.payloads?.true ?? null);
  });

  app.get(`${BASE}/local_evaluation`, (c) => {
    const environment = environmentOf(c);
    return c.body(evaluation.definitions(environment.id).body, 200, { 'content-type': 'application/json' });
  });

  app.get(`${BASE}/:id`, async (c) => {
    const environment = environmentOf(c);
    const flag = flags.get(environment.id, idParam(c));
    const facts = await lifecycle?.facts(environment.id, [flag]);
    return c.json(flagJson(flag, facts?.get(flag.id)));
  });

  // Evaluations per UTC day, by value served (`$polled` for definition polls), for the flag page's chart.
  app.get(`${BASE}/:id/usage`, async (c) => {
    const environment = environmentOf(c);
    const flag = flags.get(environment.id, idParam(c));
    const q = parseQuery(c, flagUsageQuerySchema);
    const facts = (await lifecycle?.facts(environment.id, [flag], q.stale_days))?.get(flag.id);
    return c.json({
      key: flag.key,
      days: (await lifecycle?.daily(environment.id, flag.key, q.days)) ?? [],
      last_evaluated_at: facts?.lastEvaluatedDay ? `${facts.lastEvaluatedDay}T00:00:00.000Z` : null,
      stale: facts?.verdict ?? null,
    });
  });

  // Archive is reversible and keeps history; it stops serving the flag exactly as a delete would.
  for (const [action, archived] of [
    ['archive', true],
    ['unarchive', false],
  ] as const) {
    app.post(`${BASE}/:id/${action}`, (c) =>
      write(c, { archived }, async (by) =>
        c.json(flagJson(await flags.update(environmentOf(c).id, idParam(c), { archived }, by))),
      ),
    );
  }

  app.patch(`${BASE}/:id`, async (c) => {
    const input = await parseJsonBody(c, updateFlagSchema);
    return write(c, input, async (by) =>
      c.json(flagJson(await flags.update(environmentOf(c).id, idParam(c), input, by))),
    );
  });

  app.delete(`${BASE}/:id`, (c) =>
    write(c, { deleted: true }, async (by) => {
      await flags.remove(environmentOf(c).id, idParam(c), by);
      return c.body(null, 204);
    }),
  );
  return app;
}
