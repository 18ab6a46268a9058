/**
 * What an import carries from a source (PostHog's API, or a Signpost `export --all` folder) to the server, one
 * object at a time. Bodies are in the shape Signpost's own management API accepts when creating the object, which
 * is PostHog's shape, so a PostHog source maps little. Ids inside bodies (a flag's parent flag, a cohort in a
 * filter, a dashboard's insights) are the SOURCE's numeric ids; the writer maps them to the ids it creates.
 */
export type ImportRecord =
  | {
      kind: 'group_type';
      index: number;
      groupType: string;
      nameSingular: string | null;
      namePlural: string | null;
    }
  | { kind: 'cohort'; sourceId: number; body: Record<string, unknown> }
  | { kind: 'flag'; sourceId: number; body: Record<string, unknown> }
  | { kind: 'insight'; sourceId: number; body: Record<string, unknown> }
  | { kind: 'dashboard'; sourceId: number; body: Record<string, unknown>; insightSourceIds: number[] }
  | { kind: 'experiment'; sourceId: number; body: Record<string, unknown> }
  | { kind: 'person'; distinctIds: string[]; properties: Record<string, unknown>; createdAt: string }
  | { kind: 'events'; events: ImportedEvent[] };

/** An event as the capture API takes it; the uuid makes re-sending harmless. */
export interface ImportedEvent {
  uuid: string;
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
  timestamp: string;
}

/** Where a source is in its stream; opaque to the writer, saved after each acknowledged record so a rerun resumes. */
export type ImportCursor = Record<string, string | number | null>;

/** One source of records. Records come in dependency order: group types, cohorts, flags (parents before children),
 * insights, dashboards, experiments, persons, events. */
export interface ImportSource {
  readonly name: string;
  /** Fails with a clear message before anything is written: wrong host, bad key, no access. */
  check(): Promise<void>;
  /** `resume` is the last cursor the writer saved, or undefined on a first run. */
  records(resume: ImportCursor | undefined): AsyncIterable<{ record: ImportRecord; cursor: ImportCursor }>;
  /** Totals per kind if the source can tell (for progress bars); absent kinds are unknown. */
  totals?(): Promise<Partial<Record<ImportRecord['kind'], number>>>;
}
