/** A saved insight: a named query (PostHog's `query` node as sent), kept with who changed it and when. */
export interface Insight {
  id: number;
  /** The 8-character id PostHog puts in insight URLs. */
  shortId: string;
  projectId: number;
  name: string | null;
  description: string;
  query: Record<string, unknown>;
  tags: string[];
  favorited: boolean;
  deleted: boolean;
  version: number;
  createdAt: Date;
  createdBy: string | null;
  lastModifiedAt: Date;
  lastModifiedBy: string | null;
}
