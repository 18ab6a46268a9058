/** The management API's early-access feature (`/api/projects/:id/early_access_feature/`). */
export interface EarlyAccessFeature {
  id: number;
  name: string;
  description: string;
  stage: EarlyAccessStage;
  documentation_url: string;
  feature_flag: { id: number; key: string; active: boolean } | null;
  created_at: string;
}

export const STAGES = ['draft', 'concept', 'alpha', 'beta', 'general-availability', 'archived'] as const;
export type EarlyAccessStage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<EarlyAccessStage, string> = {
  draft: 'Draft (hidden)',
  concept: 'Concept',
  alpha: 'Alpha',
  beta: 'Beta',
  'general-availability': 'General availability',
  archived: 'Archived (hidden)',
};
