import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { CliError } from '../cli/cli-error.ts';
import type { ImportCursor } from './import-record.ts';

/** Kinds whose objects get new ids on the target, mapped from the source's ids. */
export type MappedKind = 'cohort' | 'flag' | 'insight' | 'dashboard' | 'experiment';

/**
 * What survives between runs of one import, in `--state <file>`: the source id → created id maps (so a rerun
 * skips what exists and rewrites references), the last acknowledged cursor (so it resumes), and static cohort
 * members waiting for their persons. Written whole to a temp file and renamed, so a crash leaves the old or
 * the new state, never half of one.
 */
export interface ImportState {
  version: 1;
  source: string;
  target: string;
  ids: Record<MappedKind, [number, number][]>;
  /** Source group type index → target index. */
  groupTypeIndex: [number, number][];
  cursor: ImportCursor | null;
  /** Static cohorts (target id) and their members' distinct ids, set once persons are in. */
  staticMembers: [number, string[]][];
  done: boolean;
}

export const emptyState = (source: string, target: string): ImportState => ({
  version: 1,
  source,
  target,
  ids: { cohort: [], flag: [], insight: [], dashboard: [], experiment: [] },
  groupTypeIndex: [],
  cursor: null,
  staticMembers: [],
  done: false,
});

export function loadState(file: string, source: string, target: string): ImportState {
  if (!existsSync(file)) return emptyState(source, target);
  const state = JSON.parse(readFileSync(file, 'utf8')) as ImportState;
  if (state.version !== 1 || state.source !== source || state.target !== target) {
    throw new CliError(
      'INVALID_ARGUMENTS',
      `${file} belongs to an import of ${state.source} into ${state.target}; pass another --state file.`,
    );
  }
  return state;
}

export function saveState(file: string, state: ImportState): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(state));
  renameSync(temp, file);
}
