import type {
  DefinitionChanges,
  EventDefinition,
  EventSighting,
  PropertyDefinition,
  PropertyKind,
  PropertySighting,
} from './definition.ts';

interface PageQuery {
  /** An environment id. */
  projectId: number;
  /** Case-insensitive substring of the name. */
  search?: string | undefined;
  excludeHidden?: boolean | undefined;
  limit: number;
  offset: number;
}

export type EventDefinitionQuery = PageQuery;

export interface PropertyDefinitionQuery extends PageQuery {
  kind?: PropertyKind | undefined;
  /** Only with `kind: 'group'`: one group type. */
  groupTypeIndex?: number | undefined;
}

export interface DefinitionPage<T> {
  total: number;
  results: T[];
}

/** What one write adds: sightings merged into their definitions, and how far the events are now accounted for. */
export interface DefinitionWrite {
  events: EventSighting[];
  properties: PropertySighting[];
  /** Every event created at or before it is counted (see definition-recorder.ts); unchanged when absent. */
  accountedUntil?: Date;
}

/**
 * Every event name and property key seen per environment. Writes are merges, never overwrites: first seen is the
 * earliest, last seen the latest, volumes add up and a type once inferred stays; so several nodes (or a backfill
 * and live ingestion) can write the same definition without reading it first.
 */
export interface DefinitionStore {
  /** Merges the sightings and moves the watermark, all in one transaction. */
  record(write: DefinitionWrite): Promise<void>;
  /** Up to where events are accounted for; null before the first backfill. */
  accountedUntil(): Promise<Date | null>;
  listEvents(query: EventDefinitionQuery): Promise<DefinitionPage<EventDefinition>>;
  listProperties(query: PropertyDefinitionQuery): Promise<DefinitionPage<PropertyDefinition>>;
  getEvent(projectId: number, id: string): Promise<EventDefinition | undefined>;
  getProperty(projectId: number, id: string): Promise<PropertyDefinition | undefined>;
  /** Changes the marks of one definition of this environment; false when it has no such id. */
  markEvent(projectId: number, id: string, marks: StoredMarks): Promise<boolean>;
  markProperty(projectId: number, id: string, marks: StoredMarks): Promise<boolean>;
}

/** Marks as written: every field, computed by the service from the current ones and the changes. */
export type StoredMarks = Required<DefinitionChanges> & {
  verifiedAt: Date | null;
  updatedAt: Date;
  updatedBy: string;
};

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Most used first, then by name: what a picker wants on top (PostHog orders its lists the same way). */
export const byVolumeThenName = (a: EventDefinition, b: EventDefinition): number =>
  b.volume - a.volume || text(a.name, b.name);

export const byName = (a: PropertyDefinition, b: PropertyDefinition): number =>
  text(a.name, b.name) || text(a.kind, b.kind) || (a.groupTypeIndex ?? -1) - (b.groupTypeIndex ?? -1);
