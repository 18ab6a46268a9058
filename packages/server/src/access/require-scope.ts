import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../api/api-auth.ts';
import { AppError } from '../errors/app-error.ts';
import { ROUTE_SCOPES } from './route-scopes.ts';
import { grants, type Scope } from './scopes.ts';

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  scope: Scope;
}

const compile = (path: string) =>
  new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}/?$`);

const ROUTES: CompiledRoute[] = ROUTE_SCOPES.map(([method, path, scope]) => ({
  method,
  pattern: compile(path),
  scope,
}));

/** The scope a request needs, or undefined when no authenticated route has that method and path. */
export function scopeFor(method: string, path: string): Scope | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  for (const route of ROUTES) if (route.method === m && route.pattern.test(path)) return route.scope;
  return undefined;
}

/**
 * Enforces the route table for sessions and keys alike, after authentication set the principal. Fails closed:
 * a path the table does not know is a 404 here, whatever handler might exist behind it.
 */
export function requireScope(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const needed = scopeFor(c.req.method, c.req.path);
    if (!needed) throw new AppError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`);
    const principal = c.get('principal');
    if (!principal) throw new AppError('AUTHENTICATION_REQUIRED', 'Sign in or send a personal API key.');
    if (!grants(principal.scopes, needed)) {
      throw new AppError(
        'PERMISSION_DENIED',
        `This ${principal.kind === 'member' ? 'member' : 'key'} lacks the "${needed}" scope this request needs.`,
        null,
        { required_scope: needed },
      );
    }
    await next();
  };
}
