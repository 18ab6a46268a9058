import { Signpost, type SignpostClientApi } from '@signpost/node';
import { PostHog } from 'posthog-node';
import type { TimetrackerConfig } from './config.ts';
import { ExperimentMarkers } from './experiment-markers.ts';
import { PosthogNodeAnalytics } from './posthog-node-analytics.ts';

export type AnalyticsSettings = Pick<
  TimetrackerConfig,
  'sdk' | 'analyticsHost' | 'projectApiKey' | 'projectSecretKey' | 'flagTimeoutMs'
>;

/** The app's analytics client: `@signpost/node`, or posthog-node behind the same interface (`ANALYTICS_SDK`). */
export function createAnalytics(settings: AnalyticsSettings): SignpostClientApi {
  // Both SDKs take the key that reads flag definitions as `personalApiKey`; a `phs_` key is all they need.
  const personalApiKey = settings.projectSecretKey;
  if (settings.sdk === 'posthog-node') {
    const markers = new ExperimentMarkers();
    const posthog = new PostHog(settings.projectApiKey, {
      fetch: markers.fetch,
      host: settings.analyticsHost,
      ...(personalApiKey ? { personalApiKey } : {}),
      featureFlagsRequestTimeoutMs: settings.flagTimeoutMs,
      // By default a timed-out /flags read is retried once after 3 s, so a hung server would hold every
      // kill-switch read for 2 × timeout + 3 s; without the retry the read gives its default within the timeout.
      featureFlagsRequestMaxRetries: 0,
      requestTimeout: settings.flagTimeoutMs,
      flushAt: 20,
      flushInterval: 1_000,
    });
    return new PosthogNodeAnalytics(posthog, markers);
  }
  return new Signpost(settings.projectApiKey, {
    host: settings.analyticsHost,
    ...(personalApiKey ? { personalApiKey } : {}),
    requestTimeoutMs: settings.flagTimeoutMs,
    flushIntervalMs: 1_000,
  });
}
