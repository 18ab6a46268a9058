import type { FlagOptions, SignpostClientApi } from '../client-api.ts';
import { IntegrationError } from './integration-error.ts';

/** What a gated route answers when the flag is off: a status, a redirect, or the framework's own handler. */
export type OnDisabled<Handler> = 404 | 403 | { redirect: string } | Handler;

export interface FeatureFlagRequiredOptions<Request, Handler> {
  /** Who the flag is evaluated for; for `undefined` (an anonymous request) the gate uses `default`. */
  distinctId: (request: Request) => string | undefined | Promise<string | undefined>;
  /** Defaults to 404, so a hidden beta route looks like no route at all. */
  onDisabled?: OnDisabled<Handler>;
  /**
   * The value used when the flag is unknown or Signpost cannot be reached in time. `false` (the default) keeps a
   * beta route closed during an outage; `true` keeps a kill-switched route open.
   */
  default?: boolean;
  /** Person properties, groups and group properties for this request, for local evaluation. */
  evaluationOptions?: (request: Request) => Omit<FlagOptions, 'default'>;
}

/** Whether the gate lets the request through. Never throws: a broken client counts as the configured default. */
export async function isFlagOpen<Request, Handler>(
  client: SignpostClientApi,
  key: string,
  request: Request,
  options: FeatureFlagRequiredOptions<Request, Handler>,
): Promise<boolean> {
  const fallback = options.default ?? false;
  try {
    const distinctId = await options.distinctId(request);
    if (distinctId === undefined || distinctId === '') return fallback;
    const extra = options.evaluationOptions?.(request) ?? {};
    const enabled = await client.isFeatureEnabled(distinctId, key, { ...extra, default: fallback });
    return enabled ?? fallback;
  } catch {
    return fallback;
  }
}

export type DisabledAction<Handler> =
  | { kind: 'status'; status: 403 | 404 }
  | { kind: 'redirect'; location: string }
  | { kind: 'handler'; handler: Handler };

/** Normalises `onDisabled` once, when the middleware is built, so a mistyped option fails at start-up. */
export function disabledAction<Handler>(
  onDisabled: OnDisabled<Handler> | undefined,
): DisabledAction<Handler> {
  if (onDisabled === undefined || onDisabled === 404) return { kind: 'status', status: 404 };
  if (onDisabled === 403) return { kind: 'status', status: 403 };
  if (typeof onDisabled === 'function') return { kind: 'handler', handler: onDisabled };
  if (typeof onDisabled === 'object' && onDisabled !== null && 'redirect' in onDisabled) {
    const location: unknown = onDisabled.redirect;
    if (typeof location === 'string') return { kind: 'redirect', location };
  }
  throw new IntegrationError(
    'INVALID_ON_DISABLED',
    `onDisabled must be 404, 403, { redirect: string } or a handler, not ${JSON.stringify(onDisabled)}.`,
  );
}
