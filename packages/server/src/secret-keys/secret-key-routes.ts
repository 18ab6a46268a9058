import type { Context } from 'hono';
import { Hono } from 'hono';
import { type ApiEnv, environmentOf } from '../api/api-auth.ts';
import { validateInput } from '../api/json-body.ts';
import { parseJsonText, readText } from '../http/read-json.ts';
import type { ProjectSecretKey } from './project-secret-key.ts';
import type { ProjectSecretKeyService } from './project-secret-key-service.ts';
import { createSecretKeySchema, rollSecretKeySchema } from './secret-key-schemas.ts';

const BASE = '/api/projects/:projectId/project_secret_api_keys';

export const secretKeyJson = (k: ProjectSecretKey, now: Date) => ({
  id: k.id,
  label: k.label,
  mask_value: k.maskValue,
  created_at: k.createdAt.toISOString(),
  created_by: k.createdBy,
  expires_at: k.expiresAt?.toISOString() ?? null,
  is_expired: k.expiresAt !== null && k.expiresAt.getTime() <= now.getTime(),
  scopes: ['feature_flag:read'],
});

/** Both write routes take an optional body: `curl -X POST` with nothing is a valid "defaults" request. */
async function optionalJson(c: Context): Promise<unknown> {
  const text = await readText(c);
  return text.trim() === '' ? {} : parseJsonText(text);
}

/**
 * Each environment's secret keys (a key serves that environment's flag settings)
 * for local evaluation: create (the value is shown once), list (masked), roll with an
 * overlap window, revoke. Only personal keys and members reach these routes: a `phs_` key is refused before.
 */
export function secretKeyRoutes(
  keys: ProjectSecretKeyService,
  now: () => Date = () => new Date(),
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });

  app.get(BASE, (c) => {
    const at = now();
    const results = keys.list(environmentOf(c).id).map((k) => secretKeyJson(k, at));
    return c.json({ count: results.length, next: null, previous: null, results });
  });

  app.post(BASE, async (c) => {
    const project = environmentOf(c);
    const input = validateInput(createSecretKeySchema, await optionalJson(c));
    const { key, secret } = await keys.create(project.id, input.label, c.get('actor'));
    return c.json({ ...secretKeyJson(key, now()), value: secret }, 201);
  });

  app.get(`${BASE}/:id`, (c) =>
    c.json(secretKeyJson(keys.get(environmentOf(c).id, c.req.param('id')), now())),
  );

  app.post(`${BASE}/:id/roll`, async (c) => {
    const project = environmentOf(c);
    const input = validateInput(rollSecretKeySchema, await optionalJson(c));
    const until = input.previous_key_expires_at ? new Date(input.previous_key_expires_at) : undefined;
    const { issued, previous } = await keys.roll(project.id, c.req.param('id'), c.get('actor'), until);
    const at = now();
    return c.json(
      { ...secretKeyJson(issued.key, at), value: issued.secret, previous: secretKeyJson(previous, at) },
      201,
    );
  });

  app.delete(`${BASE}/:id`, async (c) => {
    await keys.revoke(environmentOf(c).id, c.req.param('id'));
    return c.body(null, 204);
  });
  return app;
}
