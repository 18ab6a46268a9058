import type { Context, MiddlewareHandler } from 'hono';
import type { Principal } from '../access/principal.ts';
import { ROLE_SCOPES, type Role } from '../access/roles.ts';
import { capScopes, type Scope } from '../access/scopes.ts';
import type { SessionAuthenticator } from '../auth/session-auth.ts';
import { AppError } from '../errors/app-error.ts';
import type { Project } from '../projects/project.ts';
import type { ProjectService } from '../projects/project-service.ts';

export type ApiEnv = { Variables: { project: Project; actor: string; principal: Principal } };

/**
 * Management and read API access: a personal key (`phx_…`), or the web app's session cookie when no
 * Authorization header is sent. Project keys are public (they ship in web pages), so they may send events and
 * read flags but never read data back.
 */
/** A member's role in a project, undefined when they are not an active member of it. */
export type RoleLookup = (userId: string, projectId: number) => Role | undefined;

export function requirePersonalKey(
  projects: ProjectService,
  session?: SessionAuthenticator,
  roleOf: RoleLookup = () => undefined,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const caller = header === '' ? session?.(c) : undefined;
    const sessionProject = caller ? projects.projectById(caller.projectId) : undefined;
    if (caller && sessionProject) {
      c.set('project', sessionProject);
      c.set('actor', caller.actor);
      c.set('principal', caller.principal);
      return next();
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      throw new AppError(
        'AUTHENTICATION_REQUIRED',
        'Send a personal API key as "Authorization: Bearer phx_…".',
      );
    }
    const secret = match[1];
    if (secret.startsWith('phc_')) {
      throw new AppError(
        'PROJECT_KEY_NOT_ALLOWED',
        'Project API keys are public and cannot read data; use a personal API key (phx_…).',
      );
    }
    const key = projects.personalKey(secret);
    if (!key) throw new AppError('INVALID_PERSONAL_KEY', 'The personal API key is not valid.');
    const project = projects.projectById(key.projectId);
    if (!project) throw new AppError('INVALID_PERSONAL_KEY', 'The personal API key belongs to no project.');
    if (key.expiresAt && key.expiresAt.getTime() <= Date.now())
      throw new AppError('INVALID_PERSONAL_KEY', 'The personal API key has expired.');
    // A member's key is capped by their current role and stops working the moment they are deactivated.
    let scopes: ReadonlySet<Scope> = new Set(key.scopes);
    if (key.userId !== undefined) {
      const role = roleOf(key.userId, project.id);
      if (!role)
        throw new AppError('INVALID_PERSONAL_KEY', "The key's member is no longer active in this project.");
      scopes = capScopes(key.scopes, ROLE_SCOPES[role]);
    }
    projects.touchPersonalKey(key);
    const name = `${key.label} (${key.maskValue})`;
    c.set('project', project);
    c.set('actor', name);
    c.set('principal', { kind: 'personal_key', userId: key.userId, name, scopes });
    await next();
  };
}

/** Resolves `/api/projects/:projectId/…`, where the id may be `@current`; other projects are off-limits. */
export function projectOf(c: Context<ApiEnv>): Project {
  const project = c.get('project');
  const requested = c.req.param('projectId');
  if (requested === '@current' || requested === String(project.id)) return project;
  throw new AppError(
    'PROJECT_ACCESS_DENIED',
    `This key has no access to project "${requested}".`,
    'project_id',
  );
}
