import { Hono } from 'hono';
import type { Principal } from '../access/principal.ts';
import { grants, type Scope } from '../access/scopes.ts';
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
  scopes: k.scopes,
  user_id: k.userId ?? null,
  expires_at: k.expiresAt?.toISOString() ?? null,
  last_used_at: k.lastUsedAt?.toISOString() ?? null,
});

/** Members see and revoke their own keys; whoever manages members sees and revokes every key of the project. */
const visibleTo = (principal: Principal, key: PersonalApiKey) =>
  grants(principal.scopes, 'organization_member:write') || key.userId === principal.userId;

/** PostHog's personal API key resource, scoped to the caller's project: the secret is shown on create only. */
export function personalKeyRoutes(projects: ProjectService): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });

  app.get(BASE, (c) => {
    const principal = c.get('principal');
    const keys = projects.listPersonalKeys(c.get('project').id).filter((k) => visibleTo(principal, k));
    return c.json(keys.map(keyJson));
  });

  app.post(BASE, async (c) => {
    const input = await parseJsonBody(c, storable(createPersonalKeySchema));
    const principal = c.get('principal');
    const scopes = (input.scopes ?? ['*']) as Scope[];
    // A key is never wider than whoever creates it: a member's role, or the creating key's own scopes.
    // `*` means "all my owner's role allows" and is capped at use, so a signed-in member may always ask for it.
    const wider = scopes.find((s) =>
      s === '*' ? principal.kind !== 'member' && !principal.scopes.has('*') : !grants(principal.scopes, s),
    );
    if (wider) {
      throw new AppError(
        'KEY_SCOPE_TOO_WIDE',
        `You cannot grant "${wider}": it is more than you may do.`,
        'scopes',
      );
    }
    const expiresAt = input.expires_at ? new Date(input.expires_at) : undefined;
    if (expiresAt && expiresAt.getTime() <= Date.now())
      throw new AppError('INVALID_BODY', 'expires_at must be in the future.', 'expires_at');
    const { key, secret } = await projects.createPersonalKey(c.get('project').id, input.label, {
      userId: principal.userId,
      scopes,
      expiresAt,
    });
    return c.json({ ...keyJson(key), value: secret }, 201);
  });

  app.delete(`${BASE}/:id`, async (c) => {
    const id = c.req.param('id');
    const project = c.get('project').id;
    const key = projects.listPersonalKeys(project).find((k) => k.id === id);
    if (!key || !visibleTo(c.get('principal'), key) || !(await projects.revokePersonalKey(project, id)))
      throw new AppError('PERSONAL_KEY_NOT_FOUND', `No personal API key "${id}" of yours in this project.`);
    return c.body(null, 204);
  });
  return app;
}
