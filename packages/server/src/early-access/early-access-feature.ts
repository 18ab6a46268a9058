/**
 * PostHog's lifecycle of an early-access feature. Only `concept`, `alpha`, `beta` and `general-availability`
 * are ever shown to people (posthog-js asks for them by name); `draft` and `archived` stay in the app.
 */
export const EARLY_ACCESS_STAGES = [
  'draft',
  'concept',
  'alpha',
  'beta',
  'general-availability',
  'archived',
] as const;

export type EarlyAccessStage = (typeof EARLY_ACCESS_STAGES)[number];

/** Stages posthog-js may request with `?stage=`; the others are never public. */
export const PUBLIC_STAGES: readonly EarlyAccessStage[] = [
  'concept',
  'alpha',
  'beta',
  'general-availability',
];

/** A feature people can opt into; enrolment is the person property `$feature_enrollment/<flagKey>`. */
export interface EarlyAccessFeature {
  id: number;
  projectId: number;
  name: string;
  description: string;
  stage: EarlyAccessStage;
  documentationUrl: string;
  /** Shown by posthog-js as-is (PostHog's `payload`): free JSON for a custom opt-in widget. */
  payload: unknown;
  /** The linked flag, whose super condition reads the enrolment property. */
  flagId: number;
  deleted: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
}
