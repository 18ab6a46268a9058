import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SignpostClientApi } from '../client-api.ts';
import { disabledAction, type FeatureFlagRequiredOptions, isFlagOpen } from './flag-gate.ts';
import { type RequestContext, requestContextFrom } from './request-context.ts';

export type ExpressFlagOptions = FeatureFlagRequiredOptions<Request, RequestHandler>;

/**
 * Express middleware that lets a request through only when `key` is enabled for its user.
 *
 * @example app.get('/beta/analytics', featureFlagRequired(signpost, 'beta-features', { distinctId: (req) => req.get('x-user') }), handler);
 */
export function featureFlagRequired(
  client: SignpostClientApi,
  key: string,
  options: ExpressFlagOptions,
): RequestHandler {
  const action = disabledAction(options.onDisabled);
  return async (req: Request, res: Response, next: NextFunction) => {
    if (await isFlagOpen(client, key, req, options)) return next();
    if (action.kind === 'status') res.sendStatus(action.status);
    else if (action.kind === 'redirect') res.redirect(302, action.location);
    else await action.handler(req, res, next);
  };
}

/** Request properties for events; honours the app's `trust proxy` setting for `$ip`, `$host` and the scheme. */
export function requestContext(req: Request): RequestContext {
  return requestContextFrom({
    protocol: req.protocol,
    host: req.host,
    url: req.originalUrl,
    ip: req.ip,
    userAgent: req.get('user-agent'),
  });
}
