import type { Properties } from '../events/event.ts';

/** PostHog allows five group types per project, indexes 0–4 (compat notes §5.2). */
export const MAX_GROUP_TYPES = 5;

export interface GroupType {
  projectId: number;
  groupType: string;
  groupTypeIndex: number;
  createdAt: Date;
}

export interface Group {
  projectId: number;
  groupTypeIndex: number;
  groupKey: string;
  properties: Properties;
  createdAt: Date;
  version: number;
}
