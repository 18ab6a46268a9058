/**
 * The flags this app reads, defined in one place (the guide's "Define Flags Centrally"). `signpost-codegen` can
 * generate a typed version of this from the project's real flags.
 */
export const FeatureFlags = {
  NEW_DASHBOARD: 'new-dashboard',
  BETA_FEATURES: 'beta-features',
  DASHBOARD_CONFIG: 'dashboard-config',
  NEW_TIMER_UI: 'new-timer-ui',
  TIMER_UI_EXPERIMENT: 'timer-ui-experiment',
  ENABLE_EXPORTS: 'enable-exports',
} as const;

export type FeatureFlagKey = (typeof FeatureFlags)[keyof typeof FeatureFlags];

/** The remote configuration carried by `dashboard-config`'s payload. */
export interface DashboardConfig {
  theme: string;
  enabled_widgets: string[];
}

export const DEFAULT_DASHBOARD_CONFIG: DashboardConfig = { theme: 'light', enabled_widgets: ['timer'] };

/** Reads the payload defensively: remote config is edited by people, so a wrong type falls back to the default. */
export function dashboardConfigFrom(payload: unknown): DashboardConfig {
  if (typeof payload !== 'object' || payload === null) return DEFAULT_DASHBOARD_CONFIG;
  const record = payload as Record<string, unknown>;
  const theme = typeof record.theme === 'string' ? record.theme : DEFAULT_DASHBOARD_CONFIG.theme;
  const widgets = Array.isArray(record.enabled_widgets)
    ? record.enabled_widgets.filter((w): w is string => typeof w === 'string')
    : DEFAULT_DASHBOARD_CONFIG.enabled_widgets;
  return { theme, enabled_widgets: widgets };
}
