import { FeatureFlags } from './feature-flags.ts';
import type { FlagInput } from './flag-admin.ts';

/**
 * The flags the example reads, set up as the guide describes each one. `timer-ui-experiment` is not here: the
 * experiments API creates it (experiment-definitions.ts).
 */
export const FLAG_DEFINITIONS: readonly FlagInput[] = [
  {
    key: FeatureFlags.NEW_DASHBOARD,
    name: 'New dashboard: gradual rollout, step 2 (10% testing)',
    filters: { groups: [{ properties: [], rollout_percentage: 10 }] },
  },
  {
    key: FeatureFlags.BETA_FEATURES,
    name: 'Beta routes: admins only',
    filters: {
      groups: [
        {
          properties: [{ key: 'is_admin', type: 'person', operator: 'exact', value: ['true'] }],
          rollout_percentage: 100,
        },
      ],
    },
  },
  {
    key: FeatureFlags.DASHBOARD_CONFIG,
    name: 'Dashboard remote configuration (payload)',
    filters: {
      groups: [{ properties: [], rollout_percentage: 100 }],
      payloads: {
        true: JSON.stringify({ theme: 'dark', enabled_widgets: ['timer', 'projects', 'reports'] }),
      },
    },
  },
  {
    key: FeatureFlags.NEW_TIMER_UI,
    name: 'New timer UI (read in the browser)',
    filters: { groups: [{ properties: [], rollout_percentage: 50 }] },
  },
  {
    key: FeatureFlags.ENABLE_EXPORTS,
    name: 'Kill switch: CSV exports (roll to 0% to turn off)',
    filters: { groups: [{ properties: [], rollout_percentage: 100 }] },
  },
];
