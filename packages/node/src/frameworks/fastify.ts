import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignpostClientApi } from '../client-api.ts';
import { disabledAction, type FeatureFlagRequiredOptions, isFlagOpen } from './flag-gate.ts';
import { type RequestContext, requestContextFrom } from './request-context.ts';

export type FastifyDisabledHandler = (request: FastifyRequest, reply: FastifyReply) => unknown;
export type FastifyFlagOptions = FeatureFlagRequiredOptions<FastifyRequest, FastifyDisabledHandler>;
export type FastifyFlagHook = (
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<FastifyReply | undefined>;

/**
 * A Fastify `preHandler` hook that lets a request through only when `key` is enabled for its user. A 404 goes
 * through the app's own not-found handler, so a hidden route answers exactly like a missing one.
 *
 * @example app.get('/beta', { preHandler: featureFlagRequired(signpost, 'beta-features', { distinctId }) }, handler);
 */
export function featureFlagRequired(
  client: SignpostClientApi,
  key: string,
  options: FastifyFlagOptions,
): FastifyFlagHook {
  const action = disabledAction(options.onDisabled);
  return async (request, reply) => {
    if (await isFlagOpen(client, key, request, options)) return undefined;
    if (action.kind === 'status' && action.status === 404) reply.callNotFound();
    else if (action.kind === 'status') await reply.code(action.status).send();
    else if (action.kind === 'redirect') await reply.redirect(action.location, 302);
    else await action.handler(request, reply);
    // Returning the reply tells Fastify the response is handled and the route handler must not run.
    return reply;
  };
}

/** Request properties for events; honours the app's `trustProxy` setting for `$ip`, `$host` and the scheme. */
export function requestContext(request: FastifyRequest): RequestContext {
  return requestContextFrom({
    protocol: request.protocol,
    host: request.host,
    url: request.url,
    ip: request.ip,
    userAgent: request.headers['user-agent'],
  });
}
