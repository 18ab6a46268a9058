import type { EventSighting, PropertySighting } from './definition.ts';

/** Definitions read back from stored data, for the backfill. */
export interface ScannedDefinitions {
  events: EventSighting[];
  properties: PropertySighting[];
}

/**
 * Reads definitions out of what storage already holds: the backfill after the migration, and the catch-up after
 * a crash lost the recorder's last few seconds. Absent where events live elsewhere (ClickHouse, in distributed
 * mode), where only what is ingested from then on is recorded.
 */
export interface DefinitionScan {
  /**
   * Event names (with counts and first/last seen) and event property keys (typed from their first value) of the
   * events created after `after` (all when null) and before `before`; with every person and group property key.
   */
  scan(after: Date | null, before: Date, now: Date): Promise<ScannedDefinitions>;
}
