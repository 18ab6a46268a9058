/** Where a tile sits in one breakpoint's grid (react-grid-layout units, as PostHog stores them). */
export interface TileLayout {
  x: number;
  y: number;
  w: number;
  h: number;
  minW?: number | undefined;
  minH?: number | undefined;
}

/** A tile shows a saved insight or a text note; removing it from the dashboard only marks it deleted. */
export interface DashboardTile {
  id: number;
  insightId: number | null;
  text: { body: string } | null;
  layouts: Record<string, TileLayout>;
  color: string | null;
  deleted: boolean;
}

/** Dashboard-wide filters that override every tile's query (PostHog's `dashboard.filters`). */
export interface DashboardFilters {
  date_from?: string | null | undefined;
  date_to?: string | null | undefined;
}

export interface Dashboard {
  id: number;
  projectId: number;
  name: string;
  description: string;
  pinned: boolean;
  filters: DashboardFilters;
  tags: string[];
  tiles: DashboardTile[];
  creationMode: 'default' | 'template' | 'duplicate';
  deleted: boolean;
  version: number;
  createdAt: Date;
  createdBy: string | null;
  lastModifiedAt: Date;
}
