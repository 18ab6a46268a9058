import { Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, environmentOf, projectOf } from '../api/api-auth.ts';
import { parseJsonBody } from '../api/json-body.ts';
import { AppError } from '../errors/app-error.ts';
import type { ProjectService } from '../projects/project-service.ts';
import type { AuthService } from './auth-service.ts';
import type { User } from './user.ts';

const switchSchema = z
  .object({
    set_current_team: z.number().int().positive().optional(),
    set_current_project: z.number().int().positive().optional(),
  })
  .strict();

/**
 * `GET/PATCH /api/users/@me/` (PostHog's): who is signed in and where they work; `set_current_team` (an
 * environment id) or `set_current_project` moves what `@current` means for them.
 */
export function currentUserRoutes(auth: AuthService, projects: ProjectService): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  const me = (userId: string | undefined): User => {
    const user = userId === undefined ? undefined : auth.user(userId);
    if (!user) throw new AppError('NOT_FOUND', 'This key belongs to no member (it is the installation key).');
    return user;
  };

  app.get('/api/users/@me', (c) => {
    const user = me(c.get('principal').userId);
    const project = projectOf(c);
    const environment = environmentOf(c);
    return c.json({
      id: user.id,
      email: user.email,
      name: user.name,
      team: { id: environment.id, project_id: project.id, name: environment.name },
      project: { id: project.id, name: project.name },
    });
  });

  app.patch('/api/users/@me', async (c) => {
    const user = me(c.get('principal').userId);
    const input = await parseJsonBody(c, switchSchema);
    const environment =
      input.set_current_team !== undefined
        ? projects.environmentById(input.set_current_team)
        : input.set_current_project !== undefined
          ? projects.defaultEnvironment(input.set_current_project)
          : environmentOf(c);
    if (!environment) throw new AppError('PROJECT_NOT_FOUND', 'No such project or environment.');
    if (!auth.roleOf(user.id, environment.projectId))
      throw new AppError('PROJECT_ACCESS_DENIED', `You have no role in project ${environment.projectId}.`);
    await auth.updateUser({ ...user, projectId: environment.projectId, currentTeamId: environment.id });
    const project = projects.projectById(environment.projectId);
    return c.json({
      id: user.id,
      email: user.email,
      name: user.name,
      team: { id: environment.id, project_id: environment.projectId, name: environment.name },
      project: { id: environment.projectId, name: project?.name ?? '' },
    });
  });
  return app;
}
