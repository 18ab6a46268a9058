import { AppError } from '../errors/app-error.ts';
import type { Environment } from '../projects/environment.ts';
import type { ProjectService } from '../projects/project-service.ts';

// `/api/environments/:id/…` is PostHog's newer spelling of the same routes (server.ts rewrites it).
const TARGET = /^\/api\/projects\/([^/]+)/;

/**
 * Which environment a request reaches: `@current` and paths without a project id go to the caller's current
 * one; a number is an environment id, and a project's id is its first environment's (PostHog's rule, which
 * keeps every older client's project id working).
 */
export function resolveTarget(
  path: string,
  home: Environment | undefined,
  projects: ProjectService,
): Environment {
  const requested = TARGET.exec(path)?.[1];
  if (requested === undefined || requested === '@current') {
    if (!home)
      throw new AppError('PROJECT_NOT_FOUND', 'Your current project no longer exists; switch to another.');
    return home;
  }
  const id = /^[0-9]{1,9}$/.test(requested) ? Number(requested) : undefined;
  const environment =
    id === undefined ? undefined : (projects.environmentById(id) ?? projects.defaultEnvironment(id));
  if (!environment)
    throw new AppError('PROJECT_NOT_FOUND', `No project or environment "${requested}".`, 'project_id');
  return environment;
}
