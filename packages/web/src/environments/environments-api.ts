import { PROJECT } from '../api/endpoints.ts';
import { del, get, patch, post, query } from '../api/http.ts';
import type { FlagFilters } from '../api/types.ts';
import type { ChangeRequest } from '../change-requests/change-requests-api.ts';

/** One environment of a project (PostHog's "team"): its own public key, data and flag settings. */
export interface Environment {
  id: number;
  project_id: number;
  name: string;
  api_token: string;
  production: boolean;
  created_at: string;
}

/** A project as seen from one environment: `id` and `api_token` are that environment's. */
export interface ProjectView {
  id: number;
  project_id: number;
  name: string;
  timezone: string;
  created_at: string;
  api_token: string;
  environment: Environment;
  environments: Environment[];
}

/** One field that differs between two environments' settings of a flag. */
export interface SettingDifference {
  field: string;
  from: unknown;
  to: unknown;
}

export interface FlagDiff {
  id: number;
  key: string;
  name?: string;
  differences: SettingDifference[];
}

export interface EnvironmentDiff {
  from: Environment;
  to: Environment;
  flags: FlagDiff[];
}

/** A flag's settings in one environment, as `GET …/feature_flags/:id/environments/` lists them. */
export interface FlagInEnvironment {
  environment: Environment;
  active: boolean;
  filters: FlagFilters;
}

const projectPath = (id: number | '@current') => `/api/projects/${id}`;

export const currentProject = () => get<ProjectView>(`${PROJECT}/`);
export const listProjects = () => get<{ results: ProjectView[] }>('/api/projects/').then((r) => r.results);
export const createProject = (name: string) => post<ProjectView>('/api/projects/', { name });
export const renameProject = (id: number, name: string) =>
  patch<ProjectView>(`${projectPath(id)}/`, { name });
export const deleteProject = (id: number, confirm: string, force: boolean) =>
  del(`${projectPath(id)}/${query({ confirm, force: force ? 'true' : undefined })}`);

/** Moves what `@current` means for the signed-in member to this environment. */
export const switchEnvironment = (environmentId: number) =>
  patch<unknown>('/api/users/@me/', { set_current_team: environmentId });

const environments = (projectId: number) => `${projectPath(projectId)}/environments`;
export const createEnvironment = (projectId: number, name: string, production: boolean) =>
  post<Environment>(`${environments(projectId)}/`, { name, production });
export const updateEnvironment = (env: Environment, changes: { name?: string; production?: boolean }) =>
  patch<Environment>(`${environments(env.project_id)}/${env.id}/`, changes);
export const deleteEnvironment = (env: Environment) => del(`${environments(env.project_id)}/${env.id}/`);
export const resetEnvironmentToken = (env: Environment) =>
  post<Environment>(`${environments(env.project_id)}/${env.id}/reset_token/`);

export const flagAcrossEnvironments = (flagId: number) =>
  get<{ results: FlagInEnvironment[] }>(`${PROJECT}/feature_flags/${flagId}/environments/`).then(
    (r) => r.results,
  );

/** Switches a flag in one environment; the environment id in the path is what picks it. */
export const setFlagActive = (environmentId: number, flagId: number, active: boolean) =>
  patch<unknown>(`${projectPath(environmentId)}/feature_flags/${flagId}/`, { active });

export const environmentDiff = (from: number, to: number) =>
  get<EnvironmentDiff>(`${PROJECT}/feature_flags/environment_diff/${query({ from, to })}`);

export const promoteFlags = (from: number, to: number, flags: number[], reason: string) =>
  post<{ promoted: FlagDiff[]; change_requests?: ChangeRequest[] }>(`${PROJECT}/feature_flags/promote/`, {
    from,
    to,
    flags,
    reason,
  });
