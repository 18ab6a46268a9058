import type { Context, MiddlewareHandler } from 'hono';
import type { Principal } from '../access/principal.ts';
import { ROLE_SCOPES, type Role } from '../access/roles.ts';
import { capScopes, type Scope } from '../access/scopes.ts';
import type { SessionAuthenticator } from '../auth/session-auth.ts';
import { AppError } from '../errors/app-error.ts';
import type { Environment } from '../projects/environment.ts';
import type { Project } from '../projects/project.ts';
import type { ProjectService } from '../projects/project-service.ts';
import type { ProjectSecretKeyService } from '../secret-keys/project-secret-key-service.ts';
import { secretKeyMayCall } from '../secret-keys/secret-key-access.ts';
import { resolveTarget } from './request-target.ts';

/**
 * `project` and `environment` are what the request reaches (the path's id, or the caller's current one):
 * objects (flags, cohorts, insights…) belong to the project, data (events, persons) to the environment.
 * `principal` is who is calling and what they may do there (the route table checks it, rate limits key on it);
 * `actor` is the display string older code and histories use.
 */
export type ApiEnv = {
  Variables: {
    project: Project;
    environment: Environment;
    /** Every environment of the project, for queries over all of them. */
    environmentIds: number[];
    actor: string;
    principal: Principal;
  };
};

/** A member's role in a project, undefined when they are not an active member of it. */
export type RoleLookup = (userId: string, projectId: number) => Role | undefined;

export interface ApiAuthOptions {
  roleOf?: RoleLookup;
  secretKeys?: ProjectSecretKeyService;
}

// A project secret key reads flag definitions and nothing else; `secretKeyMayCall` already narrowed the routes.
const SECRET_KEY_SCOPES: ReadonlySet<Scope> = new Set(['feature_flag:read']);

interface Caller {
  /** Where `@current` (and a path with no project) leads. */
  home: Environment | undefined;
  /** Whether the caller may reach this project; throws nothing, the middleware answers 403. */
  rightsIn: (project: Project, environment: Environment) => ReadonlySet<Scope> | undefined;
  actor: string;
  principal: Omit<Principal, 'scopes'>;
}

/**
 * Management and read API access: a personal key (`phx_…`), or the web app's session cookie when no
 * Authorization header is sent. Project keys are public (they ship in web pages), so they may send events and
 * read flags but never read data back. Project secret keys (`phs_…`) may only read flag definitions, of their
 * own environment.
 */
export function requirePersonalKey(
  projects: ProjectService,
  session?: SessionAuthenticator,
  options: ApiAuthOptions = {},
): MiddlewareHandler<ApiEnv> {
  const roleOf = options.roleOf ?? (() => undefined);
  const caller = (c: Context<ApiEnv>): Caller => {
    const header = c.req.header('authorization') ?? '';
    const member = header === '' ? session?.(c) : undefined;
    if (member) {
      const chosen =
        member.environmentId === undefined ? undefined : projects.environmentById(member.environmentId);
      const home =
        chosen && chosen.projectId === member.projectId
          ? chosen
          : projects.defaultEnvironment(member.projectId);
      return {
        home,
        rightsIn: (project) => {
          const role = roleOf(member.userId, project.id);
          return role ? ROLE_SCOPES[role] : undefined;
        },
        actor: member.actor,
        principal: { kind: 'member', id: member.userId, userId: member.userId, name: member.actor },
      };
    }
    return keyCaller(c, header, projects, roleOf, options.secretKeys);
  };

  return async (c, next) => {
    const who = caller(c);
    const environment = resolveTarget(c.req.path, who.home, projects);
    const project = projects.projectById(environment.projectId);
    if (!project) throw new AppError('PROJECT_NOT_FOUND', 'The project no longer exists.');
    const scopes = who.rightsIn(project, environment);
    if (!scopes)
      throw new AppError(
        'PROJECT_ACCESS_DENIED',
        `You have no access to project ${project.id}.`,
        'project_id',
      );
    c.set('project', project);
    c.set('environment', environment);
    c.set(
      'environmentIds',
      projects.environmentsOf(project.id).map((e) => e.id),
    );
    c.set('actor', who.actor);
    c.set('principal', { ...who.principal, scopes });
    await next();
  };
}

function keyCaller(
  c: Context<ApiEnv>,
  header: string,
  projects: ProjectService,
  roleOf: RoleLookup,
  secretKeys: ProjectSecretKeyService | undefined,
): Caller {
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
    // A secret key belongs to one environment (its `projectId` holds the environment id).
    const home = projects.environmentById(checked.key.projectId);
    if (!home) throw new AppError('INVALID_SECRET_KEY', 'The project secret key belongs to no environment.');
    const label = `${checked.key.label} (${checked.key.maskValue})`;
    return {
      home,
      rightsIn: (_project, environment) => (environment.id === home.id ? SECRET_KEY_SCOPES : undefined),
      actor: label,
      principal: { kind: 'project_secret_key', id: checked.key.id, userId: undefined, name: label },
    };
  }
  const key = projects.personalKey(secret);
  if (!key) throw new AppError('INVALID_PERSONAL_KEY', 'The personal API key is not valid.');
  const keyProject = projects.projectById(key.projectId);
  if (!keyProject) throw new AppError('INVALID_PERSONAL_KEY', 'The personal API key belongs to no project.');
  if (key.expiresAt && key.expiresAt.getTime() <= Date.now())
    throw new AppError('INVALID_PERSONAL_KEY', 'The personal API key has expired.');
  // A member's key is capped by their current role and stops working the moment they are deactivated.
  let scopes: ReadonlySet<Scope> = new Set(key.scopes);
  if (key.userId !== undefined) {
    const role = roleOf(key.userId, keyProject.id);
    if (!role)
      throw new AppError('INVALID_PERSONAL_KEY', "The key's member is no longer active in this project.");
    scopes = capScopes(key.scopes, ROLE_SCOPES[role]);
  }
  projects.touchPersonalKey(key);
  const label = `${key.label} (${key.maskValue})`;
  return {
    home: projects.defaultEnvironment(keyProject.id),
    // A member's key reaches its own project only; the installation key printed at first start (no member)
    // is the server's root key and reaches every project.
    rightsIn: (project) => (key.userId === undefined || project.id === keyProject.id ? scopes : undefined),
    actor: label,
    principal: { kind: 'personal_key', id: key.id, userId: key.userId, name: label },
  };
}

/** The project the route's `:projectId` resolved to (the middleware resolved and checked it). */
export function projectOf(c: Context<ApiEnv>): Project {
  return c.get('project');
}

/**
 * What queries run against: the environment's events and persons (its id) in the project's time zone. Query
 * code treats `id` as the environment's and maps it back to the project for cohorts.
 */
export function queryTargetOf(c: Context<ApiEnv>): QueryTarget {
  const target = { ...c.get('project'), id: c.get('environment').id };
  // `?environments=all` reads every environment of the project at once (saved insights, dashboards, experiments).
  return c.req.query('environments') === 'all'
    ? { ...target, environmentIds: c.get('environmentIds') }
    : target;
}

/** A query's reach: one environment (`id`) in the project's time zone, or several of one project. */
export type QueryTarget = Project & { environmentIds?: readonly number[] };

/** The environment the request reads data of and whose flag settings it sees. */
export function environmentOf(c: Context<ApiEnv>): Environment {
  return c.get('environment');
}
