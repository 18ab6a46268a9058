import type { FlagOptions, Properties, SignpostClientApi } from '@signpost/node';
import { requestContext } from '@signpost/node/express';
import type { Request } from 'express';
import type { Session } from './sessions.ts';

/**
 * Person properties passed along with every flag read, so conditions like "is_admin = true" are decided even
 * before the person's first identify reached the server (and locally, with a personal key).
 */
export function flagOptionsFor(session: Session, extra: FlagOptions = {}): FlagOptions {
  return {
    ...extra,
    personProperties: {
      role: session.user.role,
      is_admin: session.user.role === 'admin',
      auth_method: session.authMethod,
      email: session.user.email,
    },
  };
}

/** The guide's login identify: `$set` what may change, `$set_once` what describes the first time. */
export function identifyOnLogin(analytics: SignpostClientApi, session: Session, now = new Date()): void {
  const at = now.toISOString();
  analytics.identify({
    distinctId: session.user.id,
    set: {
      role: session.user.role,
      is_admin: session.user.role === 'admin',
      last_login: at,
      auth_method: session.authMethod,
    },
    setOnce: { first_login: at, signup_method: session.user.signupMethod },
  });
}

/**
 * A user event with the guide's enhanced properties: browser and request context from this request; the
 * deployment context (`environment`, `app_version`, `deployment_method`) comes from the client's super properties.
 */
export function track(
  analytics: SignpostClientApi,
  req: Request,
  session: Session,
  event: string,
  properties: Properties = {},
): void {
  analytics.capture({
    distinctId: session.user.id,
    event,
    properties: { ...requestContext(req), ...properties },
  });
}
