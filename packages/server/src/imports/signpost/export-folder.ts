import type { ImportRecord } from '../import-record.ts';

/**
 * The `export --all` folder: `manifest.json` plus one gzipped JSON-lines file per kind, each line one
 * `ImportRecord`, the files listed in dependency order (what a record refers to is in an earlier file or
 * earlier in the same file). README "Moving servers" documents it for readers outside this code.
 */
export const EXPORT_FORMAT = 'signpost-export';
export const EXPORT_VERSION = 1;

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  created_at: string;
  /** The server and project exported, for the reader; the import does not need them. */
  source: { url: string; project_id: number; project_name: string; environment_id: number };
  files: { kind: ImportRecord['kind']; file: string; records: number; items: number }[];
}

/** The order of the files, which is the order records are written back in. */
export const EXPORT_KINDS: readonly ImportRecord['kind'][] = [
  'group_type',
  'cohort',
  'flag',
  'insight',
  'dashboard',
  'experiment',
  'person',
  'events',
];

export const fileOf = (kind: ImportRecord['kind'], n: number): string =>
  `${String(n + 1).padStart(2, '0')}-${kind}.jsonl.gz`;
