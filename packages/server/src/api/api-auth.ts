import type { Context, MiddlewareHandler } from 'hono';
import type { Principal } from '../access/principal.ts';
import { ROLE_SCOPES, type Role } from '../access/roles.ts';
import { capScopes, type Scope } from '../access/scopes.ts';
import type { SessionAuthenticator } from '../auth/session-auth.ts';
import { AppError } from '../errors/app-error.ts';
import type { Project } from '../projects/project.ts';
import type { ProjectService } from '../projects/project-service.ts';
import type { ProjectSecretKeyService } from '../secret-keys/project-secret-key-service.ts';
import { secretKeyMayCall } from '../secret-keys/secret-key-access.ts';

/**
 * `principal` is who is calling and what they may do (the route table checks it, rate limits key on it); `actor`
 * is the display string older code and histories use.
 */
export type ApiEnv = { Variables: { project: Project; actor: string; principal: Principal } };

/** A member's role in a project, undefined when they are not an active member of it. */
export type RoleLookup = (userId: string, projectId: number) => Role | undefined;

export interface ApiAuthOptions {
  roleOf?: RoleLookup;
  secretKeys?: ProjectSecretKeyService;
}

// A project secret key reads flag definitions and nothing else; `secretKeyMayCall` already narrowed the routes.
const SECRET_KEY_SCOPES: ReadonlySet<Scope> = new Set(['feature_flag:read']);

/**
 * Management and read API access: a personal key (`phx_…`), or the web app's session cookie when no
 * Authorization header is sent. Project keys are public (they ship in web pages), so they may send events and
 * read flags but never read data back. Project secret keys (`phs_…`) may only read flag definitions.
 */
export function requirePersonalKey(
  projects: ProjectService,
  session?: SessionAuthenticator,
  options: ApiAuthOptions = {},
): MiddlewareHandler<ApiEnv> {
  const roleOf = options.roleOf ?? (() => undefined);
  const secretKeys = options.secretKeys;
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
    if (secret.startsWith('phs_') && secretKeys) {
      const checked = secretKeys.check(secret);
      if (!checked.ok) {
        throw checked.reason === 'expired'
          ? new AppError(
              'SECRET_KEY_EXPIRED',
              'This project secret key was rolled and has expired; use its successor.',
            )
          : new AppError('INVALID_SECRET_KEY', 'The project secret key is not valid.');
      }
      if (!secretKeyMayCall(c.req.method, c.req.path)) {
        throw new AppError(
          'SECRET_KEY_NOT_ALLOWED',
          'Project secret keys (phs_…) can only read flag definitions; use a personal API key (phx_…).',
        );
      }
      const project = projects.projectById(checked.key.projectId);
      if (!project) throw new AppError('INVALID_SECRET_KEY', 'The project secret key belongs to no project.');
      const label = `${checked.key.label} (${checked.key.maskValue})`;
      c.set('project', project);
      c.set('actor', label);
      c.set('principal', {
        kind: 'project_secret_key',
        id: checked.key.id,
        userId: undefined,
        name: label,
        scopes: SECRET_KEY_SCOPES,
      });
      return next();
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
    const label = `${key.label} (${key.maskValue})`;
    c.set('project', project);
    c.set('actor', label);
    c.set('principal', { kind: 'personal_key', id: key.id, userId: key.userId, name: label, scopes });
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
