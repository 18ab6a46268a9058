import { Hono } from 'hono';
import { type ApiEnv, environmentOf } from '../api/api-auth.ts';
import { parseJsonBody } from '../api/json-body.ts';
import { deliveryJson, webhookJson } from './webhook-json.ts';
import { createWebhookSchema, updateWebhookSchema } from './webhook-schemas.ts';
import type { WebhookService } from './webhook-service.ts';

const BASE = '/api/projects/:projectId/webhooks';

/** A project's webhook subscriptions, their delivery log and a test ping. Settings of the project, not an environment. */
export function webhookRoutes(
  webhooks: WebhookService,
  projectIdOf: (environmentId: number) => number,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  const projectOf = (c: Parameters<typeof environmentOf>[0]) => projectIdOf(environmentOf(c).id);

  app.get(BASE, async (c) => {
    const results = (await webhooks.list(projectOf(c))).map(webhookJson);
    return c.json({ count: results.length, next: null, previous: null, results });
  });

  app.post(BASE, async (c) => {
    const input = await parseJsonBody(c, createWebhookSchema);
    const created = await webhooks.create(projectOf(c), input, c.get('actor'));
    return c.json({ ...webhookJson(created), secret: created.secret }, 201);
  });

  app.get(`${BASE}/:id`, async (c) =>
    c.json(webhookJson(await webhooks.get(projectOf(c), c.req.param('id')))),
  );

  app.patch(`${BASE}/:id`, async (c) => {
    const input = await parseJsonBody(c, updateWebhookSchema);
    return c.json(webhookJson(await webhooks.update(projectOf(c), c.req.param('id'), input)));
  });

  app.delete(`${BASE}/:id`, async (c) => {
    await webhooks.remove(projectOf(c), c.req.param('id'));
    return c.body(null, 204);
  });

  app.get(`${BASE}/:id/deliveries`, async (c) => {
    const results = (await webhooks.deliveries(projectOf(c), c.req.param('id'))).map(deliveryJson);
    return c.json({ count: results.length, next: null, previous: null, results });
  });

  app.post(`${BASE}/:id/test`, async (c) => {
    const delivery = await webhooks.test(projectOf(c), c.req.param('id'), c.get('actor'));
    return c.json(deliveryJson(delivery), 202);
  });
  return app;
}
