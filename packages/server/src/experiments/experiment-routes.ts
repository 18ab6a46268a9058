import { Hono } from 'hono';
import type { ChangeContextOf } from '../activity-log/change-context.ts';
import { type ApiEnv, projectOf, queryTargetOf } from '../api/api-auth.ts';
import { idParam, parseJsonBody } from '../api/json-body.ts';
import { parseQuery } from '../api/query-params.ts';
import { storable } from '../api/storable-json.ts';
import type { UnreviewableWriteCheck } from '../change-requests/flag-change-gate.ts';
import type { FlagService } from '../flags/flag-service.ts';
import type { Experiment } from './experiment.ts';
import { experimentJson } from './experiment-json.ts';
import {
  createExperimentSchema,
  listExperimentsQuerySchema,
  resultsQuerySchema,
  shipVariantSchema,
  updateExperimentSchema,
} from './experiment-schemas.ts';
import type { ExperimentService } from './experiment-service.ts';
import type { ExperimentResultsService } from './results/experiment-results-service.ts';

const BASE = '/api/projects/:projectId/experiments';

export interface ExperimentRouteDeps {
  experiments: ExperimentService;
  results: ExperimentResultsService;
  flags: FlagService;
  /** Who is changing what: flag changes an experiment makes are logged under the caller. */
  changeOf: ChangeContextOf;
  /** Shipping serves one variant to everyone: in an environment that needs approvals, an admin's bypass only. */
  mayChangeFlags?: UnreviewableWriteCheck;
}

/** PostHog's experiments API: CRUD (launch = PATCH start_date, stop = PATCH end_date), results, ship variant. */
export function experimentRoutes({
  experiments,
  results,
  flags,
  changeOf,
  mayChangeFlags,
}: ExperimentRouteDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  const json = (e: Experiment) =>
    experimentJson(
      e,
      flags.liveFlags(e.projectId).find((f) => f.id === e.flagId),
    );

  app.get(BASE, (c) => {
    const project = projectOf(c);
    const q = parseQuery(c, listExperimentsQuerySchema);
    const all = experiments.list(project.id, q.archived === undefined ? undefined : q.archived === 'true');
    let next: string | null = null;
    if (q.offset + q.limit < all.length) {
      const url = new URL(c.req.url);
      url.searchParams.set('offset', String(q.offset + q.limit));
      next = url.toString();
    }
    const results = all.slice(q.offset, q.offset + q.limit).map(json);
    return c.json({ count: all.length, next, previous: null, results });
  });

  app.post(BASE, async (c) => {
    const project = projectOf(c);
    const input = await parseJsonBody(c, storable(createExperimentSchema));
    return c.json(json(await experiments.create(project.id, input, changeOf(c))), 201);
  });

  app.get(`${BASE}/:id`, (c) => c.json(json(experiments.get(projectOf(c).id, idParam(c)))));

  app.patch(`${BASE}/:id`, async (c) => {
    const project = projectOf(c);
    const id = idParam(c);
    experiments.get(project.id, id);
    const input = await parseJsonBody(c, storable(updateExperimentSchema));
    return c.json(json(await experiments.update(project.id, id, input, changeOf(c))));
  });

  app.delete(`${BASE}/:id`, async (c) => {
    const project = projectOf(c);
    await experiments.update(project.id, idParam(c), { deleted: true }, changeOf(c));
    return c.body(null, 204);
  });

  app.get(`${BASE}/:id/results`, async (c) => {
    const project = projectOf(c);
    const q = parseQuery(c, resultsQuerySchema);
    const refresh = q.refresh === 'true' || q.refresh === '1';
    return c.json(await results.results(queryTargetOf(c), experiments.get(project.id, idParam(c)), refresh));
  });

  app.post(`${BASE}/:id/ship_variant`, async (c) => {
    const project = projectOf(c);
    const id = idParam(c);
    experiments.get(project.id, id);
    const { variant } = await parseJsonBody(c, storable(shipVariantSchema));
    await mayChangeFlags?.(c, project.id, 'shipping a variant');
    return c.json(json(await experiments.shipVariant(project.id, id, variant, changeOf(c))));
  });
  return app;
}
