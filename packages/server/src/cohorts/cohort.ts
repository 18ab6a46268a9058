import type { PropertyGroup } from '@signpost/flags-engine';

export interface Cohort {
  id: number;
  projectId: number;
  name: string;
  description: string;
  /** Dynamic cohorts: person-property filters as nested AND/OR groups (PostHog's `filters.properties`). */
  filters: { properties: PropertyGroup } | null;
  /** Static cohorts hold an uploaded list of distinct ids instead of filters. */
  isStatic: boolean;
  deleted: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
}
