/**
 * What posthog-js reads at start-up (compat notes §1.6). `supportedCompression` must list gzip-js, or the
 * browser SDK falls back to uncompressed bodies; the features we don't serve yet are switched off.
 */
export function remoteConfig(token: string, hasFeatureFlags: boolean): Record<string, unknown> {
  return {
    token,
    supportedCompression: ['gzip', 'gzip-js'],
    hasFeatureFlags,
    captureDeadClicks: false,
    capturePerformance: false,
    autocapture_opt_out: false,
    autocaptureExceptions: false,
    analytics: { endpoint: '/i/v0/e/' },
    elementsChainAsString: true,
    sessionRecording: false,
    surveys: false,
    heatmaps: false,
    defaultIdentifiedOnly: true,
    siteApps: [],
  };
}
