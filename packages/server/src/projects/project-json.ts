import type { Environment } from './environment.ts';
import type { Project } from './project.ts';

export const environmentJson = (e: Environment) => ({
  id: e.id,
  project_id: e.projectId,
  name: e.name,
  api_token: e.apiToken,
  production: e.production,
  created_at: e.createdAt.toISOString(),
});

/**
 * PostHog's project (team) shape, seen from one environment: `id` is that environment's, so a client that
 * reads it back into `/api/projects/:id/…` stays in the same environment; `project_id` is the project's.
 */
export const projectJson = (p: Project, current: Environment, environments: Environment[]) => ({
  id: current.id,
  project_id: p.id,
  name: p.name,
  api_token: current.apiToken,
  timezone: p.timezone,
  created_at: p.createdAt.toISOString(),
  environment: environmentJson(current),
  environments: environments.map(environmentJson),
});
