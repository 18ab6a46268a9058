import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { constantNames } from './constant-names.ts';
import { declaredFlagKeys } from './declared-flag-keys.ts';
import { resolveEnvironments } from './environment-list.ts';
import { fetchFlagDefinitions } from './fetch-flag-definitions.ts';
import { type FlagReference, scanFlagReferences } from './flag-references.ts';
import { SignpostApi } from './signpost-api.ts';

export interface ReferencesOptions {
  host: string;
  personalApiKey: string;
  /** The code base to scan. */
  dir: string;
  /** The generated module, if any: its `FeatureFlags.X` constants count as uses of their keys. */
  out?: string | undefined;
  environments?: readonly string[];
  maxFileBytes?: number;
}

/** `live`: served somewhere; `archived`: kept but served nowhere; `deleted`: unknown to the server now. */
export type FlagStatus = 'live' | 'archived' | 'deleted';

export interface ReferencesReport {
  /** Every key used in code, sorted, with where and what the server says of it. */
  used: { key: string; status: FlagStatus; locations: FlagReference[] }[];
  /** Server flags (live or archived) that no scanned file uses: candidates for deletion. */
  unused: { key: string; status: Exclude<FlagStatus, 'deleted'> }[];
  /** Keys used in code that the server no longer serves: what `--check` fails on. */
  retired: { key: string; status: Exclude<FlagStatus, 'live'>; locations: FlagReference[] }[];
  filesScanned: number;
  skipped: { file: string; reason: string }[];
}

/** Scans a code base for flag keys and compares them with the flags of the server's environments. */
export async function runReferences(options: ReferencesOptions): Promise<ReferencesReport> {
  const api = new SignpostApi(options);
  const environments = await resolveEnvironments(api, options.environments ?? []);
  const live = new Set<string>();
  const archived = new Set<string>();
  for (const environment of environments) {
    for (const f of await fetchFlagDefinitions(api, environment.id)) live.add(f.key);
    for (const f of await fetchFlagDefinitions(api, environment.id, 'archived')) archived.add(f.key);
  }
  const moduleText = options.out
    ? await readFile(path.resolve(options.out), 'utf8').catch(() => undefined)
    : undefined;
  const declared = moduleText === undefined ? [] : declaredFlagKeys(moduleText);
  const constants = new Map([...constantNames(declared)].map(([key, name]) => [name, key]));
  const scan = await scanFlagReferences(path.resolve(options.dir), {
    constants,
    ...(options.maxFileBytes === undefined ? {} : { maxFileBytes: options.maxFileBytes }),
  });
  const statusOf = (key: string): FlagStatus =>
    live.has(key) ? 'live' : archived.has(key) ? 'archived' : 'deleted';
  const used = [...scan.references]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, locations]) => ({ key, status: statusOf(key), locations }));
  const retired = used.flatMap((u) => (u.status === 'live' ? [] : [{ ...u, status: u.status }]));
  const unused = [...new Set([...live, ...archived])]
    .filter((key) => !scan.references.has(key))
    .sort()
    .map((key) => ({ key, status: live.has(key) ? ('live' as const) : ('archived' as const) }));
  return { used, unused, retired, filesScanned: scan.filesScanned, skipped: scan.skipped };
}

/** The report for people: one line per use, then the retired and the unused flags. */
export function formatReferences(report: ReferencesReport): string {
  const lines: string[] = [];
  for (const u of report.used) {
    lines.push(`${u.key} (${u.status}): ${u.locations.length} ${u.locations.length === 1 ? 'use' : 'uses'}`);
    for (const l of u.locations) lines.push(`  ${l.file}:${l.line}:${l.column}`);
  }
  if (report.retired.length > 0) {
    lines.push('', 'Used in code but no longer served (remove these call sites):');
    for (const r of report.retired)
      for (const l of r.locations) lines.push(`  ${l.file}:${l.line}:${l.column}: ${r.key} is ${r.status}`);
  }
  if (report.unused.length > 0) {
    lines.push('', 'On the server but unused in code:');
    for (const u of report.unused) lines.push(`  ${u.key}${u.status === 'archived' ? ' (archived)' : ''}`);
  }
  lines.push(
    '',
    `${report.filesScanned} files scanned${report.skipped.length ? `, ${report.skipped.length} skipped` : ''}.`,
  );
  return lines.join('\n');
}
