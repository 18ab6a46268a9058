import type { FeatureFlag } from '../flags/feature-flag.ts';
import type { EarlyAccessFeature } from './early-access-feature.ts';

/** The management API's shape (PostHog's `EarlyAccessFeatureSerializer` fields). */
export function earlyAccessJson(f: EarlyAccessFeature, flag: FeatureFlag | undefined) {
  return {
    id: f.id,
    name: f.name,
    description: f.description,
    stage: f.stage,
    documentation_url: f.documentationUrl,
    payload: f.payload,
    feature_flag_id: f.flagId,
    feature_flag: flag
      ? { id: flag.id, key: flag.key, name: flag.name, active: flag.active, filters: flag.filters }
      : null,
    created_by: f.createdBy,
    created_at: f.createdAt.toISOString(),
    updated_at: f.updatedAt.toISOString(),
  };
}

/** What posthog-js reads from `/api/early_access_features/` (its `EarlyAccessFeature` type, camelCase). */
export function publicEarlyAccessJson(f: EarlyAccessFeature, flag: FeatureFlag | undefined) {
  return {
    name: f.name,
    description: f.description,
    stage: f.stage,
    documentationUrl: f.documentationUrl === '' ? null : f.documentationUrl,
    payload: f.payload,
    flagKey: flag?.key ?? null,
  };
}
