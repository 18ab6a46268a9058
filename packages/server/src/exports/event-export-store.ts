/** Which events a raw export covers: one project, optionally a time range [after, before) and one event name. */
export interface EventExportFilter {
  projectId: number;
  after?: Date | undefined;
  before?: Date | undefined;
  event?: string | undefined;
}

/** The columns of a raw export, in order; every value arrives as text (properties as JSON text). */
export const EXPORT_COLUMNS = [
  'uuid',
  'event',
  'distinct_id',
  'person_id',
  'timestamp',
  'created_at',
  'properties',
] as const;

export type ExportRow = string[];

/** A read of raw events that yields a bounded chunk at a time, so an export never holds all of its rows. */
export interface EventCursor {
  /** The next chunk of rows, or undefined once the read is done (the cursor then closes itself). */
  next(): Promise<ExportRow[] | undefined>;
  /** Stops the read early (the client went away) and frees what it holds. */
  close(): void;
}

/** Port of the raw-events export; absent on backends without one (the in-memory fake). */
export interface EventExportStore {
  count(filter: EventExportFilter): Promise<number>;
  open(filter: EventExportFilter): Promise<EventCursor>;
  /** Writes the filtered events as a Parquet file at `file`; returns the row count. */
  writeParquet(filter: EventExportFilter, file: string): Promise<number>;
}
