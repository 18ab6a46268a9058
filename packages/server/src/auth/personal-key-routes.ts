import { Hono } from 'hono';
import type { ApiEnv } from '../api/api-auth.ts';
import { parseJsonBody } from '../api/json-body.ts';
import { storable } from '../api/storable-json.ts';
import { AppError } from '../errors/app-error.ts';
import type { PersonalApiKey } from '../projects/project.ts';
import type { ProjectService } from '../projects/project-service.ts';
import { createPersonalKeySchema } from './auth-schemas.ts';

const BASE = '/api/personal_api_keys';

const keyJson = (k: PersonalApiKey) => ({
  id: k.id,
  label: k.label,
  mask_value: k.maskValue,
  created_at: k.createdAt.toISOString(),
  scopes: ['*'],
});

/** PostHog's personal API key resource, scoped to the caller's project: the secret is shown on create only. */
export function personalKeyRoutes(projects: ProjectService): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });

  app.get(BASE, (c) => c.json(projects.listPersonalKeys(c.get('project').id).map(keyJson)));

  app.post(BASE, async (c) => {
    const input = await parseJsonBody(c, storable(createPersonalKeySchema));
    const { key, secret } = await projects.createPersonalKey(c.get('project').id, input.label);
    return c.json({ ...keyJson(key), value: secret }, 201);
  });

  app.delete(`${BASE}/:id`, async (c) => {
    const id = c.req.param('id');
    if (!(await projects.revokePersonalKey(c.get('project').id, id)))
      throw new AppError('PERSONAL_KEY_NOT_FOUND', `No personal API key "${id}" in this project.`);
    return c.body(null, 204);
  });
  return app;
}
