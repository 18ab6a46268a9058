import { Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, environmentOf } from '../api/api-auth.ts';
import { idParam, parseJsonBody } from '../api/json-body.ts';
import { parseQuery } from '../api/query-params.ts';
import { alertJson, guardrailJson } from './alert-json.ts';
import {
  createAlertSchema,
  createGuardrailSchema,
  updateAlertSchema,
  updateGuardrailSchema,
} from './alert-schemas.ts';
import type { AlertService } from './alert-service.ts';

const ALERTS = '/api/projects/:projectId/alerts';
const GUARDRAILS = '/api/projects/:projectId/feature_flags/:id/guardrails';
const listQuerySchema = z.object({ insight: z.coerce.number().int().positive().optional() });
const page = <T>(results: T[]) => ({ count: results.length, next: null, previous: null, results });

/** PostHog's insight alerts API, and Signpost's guardrails on a flag (checked by the same scheduler). */
export function alertRoutes(alerts: AlertService): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  const env = (c: Parameters<typeof environmentOf>[0]) => environmentOf(c).id;

  app.get(ALERTS, async (c) => {
    const q = parseQuery(c, listQuerySchema);
    return c.json(page((await alerts.listAlerts(env(c), q.insight)).map(alertJson)));
  });
  app.post(ALERTS, async (c) => {
    const input = await parseJsonBody(c, createAlertSchema);
    return c.json(alertJson(await alerts.createAlert(env(c), input, c.get('actor'))), 201);
  });
  app.get(`${ALERTS}/:alertId`, async (c) =>
    c.json(alertJson(await alerts.get(env(c), c.req.param('alertId'), 'insight'))),
  );
  app.patch(`${ALERTS}/:alertId`, async (c) => {
    const input = await parseJsonBody(c, updateAlertSchema);
    return c.json(alertJson(await alerts.updateAlert(env(c), c.req.param('alertId'), input)));
  });
  app.delete(`${ALERTS}/:alertId`, async (c) => {
    await alerts.remove(env(c), c.req.param('alertId'), 'insight');
    return c.body(null, 204);
  });

  app.get(GUARDRAILS, async (c) =>
    c.json(page((await alerts.listGuardrails(env(c), idParam(c))).map(guardrailJson))),
  );
  app.post(GUARDRAILS, async (c) => {
    const input = await parseJsonBody(c, createGuardrailSchema);
    const created = await alerts.createGuardrail(env(c), idParam(c), input, c.get('actor'));
    return c.json(guardrailJson(created), 201);
  });
  app.patch(`${GUARDRAILS}/:guardrailId`, async (c) => {
    const input = await parseJsonBody(c, updateGuardrailSchema);
    const id = c.req.param('guardrailId');
    return c.json(guardrailJson(await alerts.updateGuardrail(env(c), idParam(c), id, input)));
  });
  app.delete(`${GUARDRAILS}/:guardrailId`, async (c) => {
    await alerts.remove(env(c), c.req.param('guardrailId'), 'guardrail');
    return c.body(null, 204);
  });
  return app;
}
