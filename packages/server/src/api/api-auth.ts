import type { Context, MiddlewareHandler } from 'hono';
import type { SessionAuthenticator } from '../auth/session-auth.ts';
import { AppError } from '../errors/app-error.ts';
import type { Project } from '../projects/project.ts';
import type { ProjectService } from '../projects/project-service.ts';
import type { ProjectSecretKeyService } from '../secret-keys/project-secret-key-service.ts';
import { secretKeyMayCall } from '../secret-keys/secret-key-access.ts';
import type { Caller } from './caller.ts';

export type ApiEnv = { Variables: { project: Project; actor: string; caller: Caller } };

/**
 * Management and read API access: a personal key (`phx_…`), or the web app's session cookie when no
 * Authorization header is sent. Project keys are public (they ship in web pages), so they may send events and
 * read flags but never read data back. Project secret keys (`phs_…`) may only read flag definitions.
 */
export function requirePersonalKey(
  projects: ProjectService,
  session?: SessionAuthenticator,
  secretKeys?: ProjectSecretKeyService,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const caller = header === '' ? session?.(c) : undefined;
    const sessionProject = caller ? projects.projectById(caller.projectId) : undefined;
    if (caller && sessionProject) {
      c.set('project', sessionProject);
      c.set('actor', caller.actor);
      c.set('caller', { kind: 'session', id: caller.actor, label: caller.actor });
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
      c.set('caller', { kind: 'project_secret_key', id: checked.key.id, label });
      return next();
    }
    const key = projects.personalKey(secret);
    if (!key) throw new AppError('INVALID_PERSONAL_KEY', 'The personal API key is not valid.');
    const project = projects.projectById(key.projectId);
    if (!project) throw new AppError('INVALID_PERSONAL_KEY', 'The personal API key belongs to no project.');
    c.set('project', project);
    const label = `${key.label} (${key.maskValue})`;
    c.set('actor', label);
    c.set('caller', { kind: 'personal_key', id: key.id, label });
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
