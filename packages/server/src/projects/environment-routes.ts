import { type Context, Hono } from 'hono';
import { type ApiEnv, projectOf } from '../api/api-auth.ts';
import { parseJsonBody } from '../api/json-body.ts';
import { AppError } from '../errors/app-error.ts';
import type { Environment } from './environment.ts';
import { environmentJson } from './project-json.ts';
import type { ApprovalSettingsPort } from './project-routes.ts';
import { createEnvironmentSchema, updateEnvironmentSchema } from './project-schemas.ts';
import type { ProjectService } from './project-service.ts';

const BASE = '/api/projects/:projectId/environments';

/** A project's environments: each with its own public key, data and flag settings. */
export function environmentRoutes(
  projects: ProjectService,
  forgetEnvironment: (environmentId: number) => void,
  approvals?: ApprovalSettingsPort,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  const target = (c: Context<ApiEnv>): Environment => {
    const id = c.req.param('environmentId') ?? '';
    const environment = /^[0-9]{1,9}$/.test(id) ? projects.environmentById(Number(id)) : undefined;
    if (!environment || environment.projectId !== projectOf(c).id)
      throw new AppError('ENVIRONMENT_NOT_FOUND', `The project has no environment "${id}".`);
    return environment;
  };

  app.get(BASE, (c) => {
    const results = projects.environmentsOf(projectOf(c).id).map(environmentJson);
    return c.json({ count: results.length, next: null, previous: null, results });
  });

  app.post(BASE, async (c) => {
    const input = await parseJsonBody(c, createEnvironmentSchema);
    const environment = await projects.createEnvironment(projectOf(c).id, {
      name: input.name,
      production: input.production ?? false,
    });
    return c.json(environmentJson(environment), 201);
  });

  // One environment's read shows its approvals: its own override (null: none) and what applies there.
  const withApprovals = async (e: Environment) => {
    const settings = await approvals?.settings(e.projectId);
    const own = settings?.environments.get(e.id) ?? null;
    return {
      ...environmentJson(e),
      flag_change_approvals: own,
      effective_flag_change_approvals: own ?? settings?.projectDefault ?? 0,
    };
  };

  app.get(`${BASE}/:environmentId`, async (c) => c.json(await withApprovals(target(c))));

  app.patch(`${BASE}/:environmentId`, async (c) => {
    const environment = target(c);
    const { flag_change_approvals: required, ...changes } = await parseJsonBody(c, updateEnvironmentSchema);
    if (required !== undefined) await approvals?.setRequired(environment.projectId, environment.id, required);
    return c.json(await withApprovals(await projects.updateEnvironment(environment, changes)));
  });

  app.post(`${BASE}/:environmentId/reset_token`, async (c) =>
    c.json(environmentJson(await projects.resetEnvironmentToken(target(c)))),
  );

  app.delete(`${BASE}/:environmentId`, async (c) => {
    const environment = target(c);
    await projects.deleteEnvironment(environment);
    forgetEnvironment(environment.id);
    return c.body(null, 204);
  });
  return app;
}
