import { type Context, Hono } from 'hono';
import { type ApiEnv, environmentOf, projectOf } from '../api/api-auth.ts';
import { parseJsonBody } from '../api/json-body.ts';
import { parseQuery } from '../api/query-params.ts';
import { storable } from '../api/storable-json.ts';
import type { ApprovalSettings } from '../change-requests/approval-settings.ts';
import { AppError } from '../errors/app-error.ts';
import type { Project } from './project.ts';
import { projectJson } from './project-json.ts';
import { createProjectSchema, deleteProjectQuerySchema, updateProjectSchema } from './project-schemas.ts';
import type { ProjectService } from './project-service.ts';

export interface ProjectRoutesDeps {
  projects: ProjectService;
  /** Makes the creator an admin of the project they just created (a member; keys need no membership). */
  grantAdmin: (projectId: number, userId: string) => Promise<void>;
  /** Projects a member has a role in. */
  memberProjects: (userId: string) => number[];
  hasRunningExperiments: (projectId: number) => boolean;
  /** Forgets what services hold in memory for a deleted project's environments. */
  forgetEnvironment: (environmentId: number) => void;
  /** Change-request settings ("flag changes need N approvals"), shown and set with the project. */
  approvals?: ApprovalSettingsPort | undefined;
  /** PostHog's `anonymize_ips`, kept in the project's data settings (which log the change themselves). */
  anonymizeIps?: AnonymizeIpsPort | undefined;
}

export interface AnonymizeIpsPort {
  anonymizeIps(projectId: number): boolean;
  setAnonymizeIps(c: Context<ApiEnv>, project: Project, anonymize: boolean): Promise<void>;
}

export interface ApprovalSettingsPort {
  settings(projectId: number): Promise<ApprovalSettings>;
  setRequired(projectId: number, environmentId: number | null, required: number | null): Promise<void>;
}

/** Projects: list what the caller may reach, create, read and change one, delete one with its data. */
export function projectRoutes(deps: ProjectRoutesDeps): Hono<ApiEnv> {
  const { projects } = deps;
  const app = new Hono<ApiEnv>({ strict: false });
  const json = (p: Project, environmentId = p.id) => {
    const environments = projects.environmentsOf(p.id);
    const current = environments.find((e) => e.id === environmentId) ?? environments[0];
    if (!current) throw new AppError('PROJECT_NOT_FOUND', `Project ${p.id} has no environment.`);
    return projectJson(p, current, environments);
  };

  app.get('/api/projects', (c) => {
    const results = reachable(c, deps).map((p) => json(p));
    return c.json({ count: results.length, next: null, previous: null, results });
  });

  app.post('/api/projects', async (c) => {
    const input = await parseJsonBody(c, storable(createProjectSchema));
    const project = await projects.createProject(input);
    const userId = c.get('principal').userId;
    if (userId !== undefined) await deps.grantAdmin(project.id, userId);
    return c.json(json(project), 201);
  });

  // The one project read, with its approvals setting (a store read; the list leaves it out).
  const withApprovals = async (p: Project, environmentId: number) => {
    const settings = await deps.approvals?.settings(p.id);
    return {
      ...json(p, environmentId),
      flag_change_approvals: settings?.projectDefault ?? 0,
      anonymize_ips: deps.anonymizeIps?.anonymizeIps(p.id) ?? false,
    };
  };

  app.get('/api/projects/:projectId', async (c) =>
    c.json(await withApprovals(projectOf(c), environmentOf(c).id)),
  );

  app.patch('/api/projects/:projectId', async (c) => {
    const {
      flag_change_approvals: approvals,
      anonymize_ips: anonymize,
      ...changes
    } = await parseJsonBody(c, storable(updateProjectSchema));
    if (approvals !== undefined) await deps.approvals?.setRequired(projectOf(c).id, null, approvals);
    if (anonymize !== undefined) await deps.anonymizeIps?.setAnonymizeIps(c, projectOf(c), anonymize);
    const project = await projects.updateProject(projectOf(c).id, changes);
    return c.json(await withApprovals(project, environmentOf(c).id));
  });

  // Typed confirmation, as a person does it in the web app: the project's name must be repeated.
  app.delete('/api/projects/:projectId', async (c) => {
    const project = projectOf(c);
    const q = parseQuery(c, deleteProjectQuerySchema);
    if (q.confirm !== project.name)
      throw new AppError(
        'CONFIRMATION_MISMATCH',
        `Repeat the project's name to delete it with all of its data: ?confirm=${encodeURIComponent(project.name)}`,
        'confirm',
      );
    if (deps.hasRunningExperiments(project.id) && q.force !== 'true')
      throw new AppError(
        'PROJECT_HAS_RUNNING_EXPERIMENTS',
        'The project has running experiments; stop them first, or add &force=true.',
        'force',
      );
    const environments = projects.environmentsOf(project.id);
    await projects.deleteProject(project.id);
    for (const e of environments) deps.forgetEnvironment(e.id);
    return c.body(null, 204);
  });
  return app;
}

/** A member sees the projects they have a role in; a member's key its own; the installation key every one. */
function reachable(c: Context<ApiEnv>, deps: ProjectRoutesDeps): Project[] {
  const principal = c.get('principal');
  const all = deps.projects.listProjects();
  if (principal.kind === 'member' && principal.userId !== undefined) {
    const mine = new Set(deps.memberProjects(principal.userId));
    return all.filter((p) => mine.has(p.id));
  }
  if (principal.kind === 'personal_key' && principal.userId === undefined) return all;
  return [projectOf(c)];
}
