import { describe, expect, it } from 'vitest';
import type { Flag } from '../api/types.ts';
import { flagSnippets } from './flag-snippets.ts';

const flag = (over: Partial<Flag>): Flag => ({
  id: 1,
  key: 'new-dashboard',
  name: '',
  filters: { groups: [{ properties: [], rollout_percentage: 100 }] },
  active: true,
  version: 1,
  created_by: null,
  created_at: '2026-12-01T00:00:00Z',
  updated_at: '2026-12-01T00:00:00Z',
  ...over,
});
const byLabel = (f: Flag, group?: string) =>
  new Map(flagSnippets(f, 'phc_token', 'http://localhost:8000', group).map((s) => [s.label, s.code]));

describe('"Use it in code" per flag type', () => {
  it('checks a boolean flag with isFeatureEnabled / feature_enabled', () => {
    const s = byLabel(flag({}));
    expect(s.get('posthog-node')).toContain(`isFeatureEnabled("new-dashboard", 'user-123')`);
    expect(s.get('posthog-js')).toContain('posthog.isFeatureEnabled("new-dashboard")');
    expect(s.get('Python (posthog)')).toContain('posthog.feature_enabled("new-dashboard", "user-123")');
    expect(s.get('posthog-node')).not.toContain('Payload');
  });

  it('switches on the variants of a multivariate flag and reads its payload', () => {
    const f = flag({
      filters: {
        groups: [{ properties: [], rollout_percentage: 100 }],
        multivariate: {
          variants: [
            { key: 'control', rollout_percentage: 50 },
            { key: 'test', rollout_percentage: 50 },
          ],
        },
        payloads: { test: '{"color":"red"}' },
      },
    });
    const node = byLabel(f).get('posthog-node') ?? '';
    expect(node).toContain('getFeatureFlag("new-dashboard"');
    expect(node).toContain('case "control":');
    expect(node).toContain('case "test":');
    expect(node).toContain('getFeatureFlagPayload("new-dashboard", \'user-123\', variant)');
    expect(byLabel(f).get('Python (posthog)')).toContain('get_feature_flag_payload');
  });

  it('reads a remote-config flag with the payload call that needs a personal key', () => {
    const s = byLabel(flag({ is_remote_configuration: true }));
    expect(s.get('posthog-node')).toContain('getRemoteConfigPayload("new-dashboard")');
    expect(s.get('posthog-node')).toContain('personalApiKey');
    expect(s.get('Python (posthog)')).toMatch(/^import os\n/);
    expect(s.get('Python (posthog)')).toContain('get_remote_config_payload("new-dashboard")');
  });

  it('passes the group of a group-aggregated flag', () => {
    const f = flag({
      filters: { groups: [{ properties: [], rollout_percentage: 100 }], aggregation_group_type_index: 0 },
    });
    const s = byLabel(f, 'organization');
    expect(s.get('posthog-node')).toContain('{ groups: { "organization": \'acme\' } }');
    expect(s.get('posthog-js')).toContain('posthog.group("organization", \'acme\')');
    expect(s.get('Python (posthog)')).toContain('groups={"organization": "acme"}');
  });
});
