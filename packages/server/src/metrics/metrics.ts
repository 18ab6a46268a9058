export type RateLimitedRoute = 'capture' | 'flags' | 'api';
export type RateLimitedBy = 'project_key' | 'ip' | 'caller';
export type SignInOutcome = 'success' | 'failure' | 'throttled';
export type Outcome = 'ok' | 'error';

/**
 * What the server reports to operators. Features call this small interface, built once in `server.ts` and passed
 * through their deps; the Prometheus implementation sits behind it, and tests or embedders may pass `noMetrics`.
 * Every method is a counter increment or a histogram observation: cheap enough for the hot paths.
 */
export interface Metrics {
  /** Events that became durable in one commit. */
  eventsIngested(count: number): void;
  observeCommit(seconds: number, outcome: Outcome): void;
  /** A capture request started (+1) or answered (-1): the requests waiting for their events to be committed. */
  captureInFlight(delta: 1 | -1): void;
  observeFlagsRequest(seconds: number): void;
  observeQuery(seconds: number, outcome: Outcome): void;
  rateLimited(route: RateLimitedRoute, by: RateLimitedBy): void;
  signIn(outcome: SignInOutcome): void;
}

export const noMetrics: Metrics = {
  eventsIngested: () => undefined,
  observeCommit: () => undefined,
  captureInFlight: () => undefined,
  observeFlagsRequest: () => undefined,
  observeQuery: () => undefined,
  rateLimited: () => undefined,
  signIn: () => undefined,
};
