import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { CliError } from '../../cli/cli-error.ts';
import { MASKED } from '../../exports/personal-mask.ts';
import type { ImportedEvent, ImportRecord } from '../import-record.ts';
import type { SignpostClient } from '../signpost-client.ts';
import { dependencyOrder } from './dependency-order.ts';
import { EXPORT_FORMAT, EXPORT_KINDS, EXPORT_VERSION, type ExportManifest, fileOf } from './export-folder.ts';

const API = '/api/projects/@current';
const EVENTS_PER_RECORD = 1000;

type Properties = Record<string, unknown>;

export interface ExportAllOptions {
  client: SignpostClient;
  out: string;
  /**
   * Masks the property keys a project marks personal, on persons (events come masked from the export route).
   * Default: the project's own `personal_property_keys` setting, read from the server.
   */
  maskPersonal?: (properties: Properties) => Properties;
  onProgress?: (kind: ImportRecord['kind'], items: number) => void;
}

interface Json {
  id: number;
  [key: string]: unknown;
}

/** Everything of the key's project, through the API of a running server, into an export folder. */
export async function exportAll(o: ExportAllOptions): Promise<ExportManifest> {
  if (existsSync(o.out) && readdirSync(o.out).length > 0)
    throw new CliError('TARGET_NOT_EMPTY', `${o.out} is not empty; export into a new folder.`);
  mkdirSync(o.out, { recursive: true });
  const c = o.client;
  const mask = o.maskPersonal ?? (await projectMask(c));
  const project = await c.get<{ id: number; name: string; environments?: { id: number }[] }>(API);
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    created_at: new Date().toISOString(),
    source: {
      url: c.baseUrl,
      project_id: project.id,
      project_name: project.name,
      environment_id: project.id,
    },
    files: [],
  };
  const producers: Record<ImportRecord['kind'], () => AsyncIterable<ImportRecord>> = {
    group_type: () => groupTypes(c),
    cohort: () => cohorts(c),
    flag: () => flags(c, project.id, (project.environments ?? []).length > 1),
    insight: () => objects(c, 'insights', 'insight'),
    dashboard: () => dashboards(c),
    experiment: () => objects(c, 'experiments', 'experiment'),
    person: () => persons(c, mask),
    events: () => events(c, mask),
  };
  for (const [n, kind] of EXPORT_KINDS.entries()) {
    const file = fileOf(kind, n);
    const { records, items } = await writeLines(path.join(o.out, file), producers[kind](), (i) =>
      o.onProgress?.(kind, i),
    );
    manifest.files.push({ kind, file, records, items });
  }
  // Last: a folder without its manifest is an unfinished export and is refused on import.
  writeFileSync(path.join(o.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function writeLines(
  file: string,
  records: AsyncIterable<ImportRecord>,
  progress: (items: number) => void,
): Promise<{ records: number; items: number }> {
  const gzip = createGzip();
  const done = new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('finish', () => resolve());
    out.on('error', reject);
    gzip.pipe(out);
  });
  let count = 0;
  let items = 0;
  for await (const record of records) {
    count += 1;
    items += record.kind === 'events' ? record.events.length : 1;
    if (!gzip.write(`${JSON.stringify(record)}\n`)) await once(gzip, 'drain');
    progress(items);
  }
  gzip.end();
  await done;
  return { records: count, items };
}

/** Drops what the target assigns itself (ids, dates, authors, computed fields). */
function bodyOf(json: Json, drop: string[] = []): Record<string, unknown> {
  const skip = new Set(['id', 'created_at', 'updated_at', 'created_by', 'last_modified_at', ...drop]);
  return Object.fromEntries(Object.entries(json).filter(([k]) => !skip.has(k)));
}

async function* groupTypes(c: SignpostClient): AsyncIterable<ImportRecord> {
  const types = await c.get<
    {
      group_type: string;
      group_type_index: number;
      name_singular: string | null;
      name_plural: string | null;
    }[]
  >(`${API}/groups_types/`);
  for (const t of [...types].sort((a, b) => a.group_type_index - b.group_type_index))
    yield {
      kind: 'group_type',
      index: t.group_type_index,
      groupType: t.group_type,
      nameSingular: t.name_singular,
      namePlural: t.name_plural,
    };
}

async function* cohorts(c: SignpostClient): AsyncIterable<ImportRecord> {
  const list = await c.list<Json>(`${API}/cohorts/`);
  const refs = (j: Json) => referenced(j.filters, 'cohort');
  for (const cohort of dependencyOrder(list, refs)) {
    const body = bodyOf(cohort, [
      'count',
      'is_calculating',
      'last_calculation',
      'recompute_interval_minutes',
      'is_behavioral',
      'version',
      'deleted',
    ]);
    if (cohort.is_static === true) {
      const members = await c.list<{ distinct_ids: string[] }>(`${API}/cohorts/${cohort.id}/persons/`);
      body.distinct_ids = members.flatMap((m) => m.distinct_ids);
    }
    yield { kind: 'cohort', sourceId: cohort.id, body };
  }
}

/**
 * A flag's body holds its settings in the key's environment (`active`, `filters`); with several environments,
 * `environments` adds the others' settings by environment name, which the writer applies to the target
 * environments of the same names.
 */
async function* flags(c: SignpostClient, current: number, several: boolean): AsyncIterable<ImportRecord> {
  const live = await c.list<Json>(`${API}/feature_flags/`);
  const archived = await c.list<Json>(`${API}/feature_flags/?archived=true`);
  const all = [...live, ...archived];
  const idByKey = new Map(all.map((f) => [f.key, f.id]));
  const parents = (f: Json) =>
    referenced(f.filters, 'flag').flatMap((key) => {
      const id = idByKey.get(key);
      return id === undefined ? [] : [id];
    });
  for (const flag of dependencyOrder(all, parents)) {
    const body = bodyOf(flag, [
      'version',
      'deleted',
      'status',
      'experiment_set',
      'stale',
      'last_evaluated_at',
    ]);
    if (several) {
      const across = await c.get<{
        results: { environment: { id: number; name: string }; active: boolean; filters: unknown }[];
      }>(`${API}/feature_flags/${flag.id}/environments/`);
      body.environments = across.results
        .filter((r) => r.environment.id !== current)
        .map((r) => ({ name: r.environment.name, active: r.active, filters: r.filters }));
    }
    yield { kind: 'flag', sourceId: flag.id, body };
  }
}

async function* objects(
  c: SignpostClient,
  path: string,
  kind: 'insight' | 'experiment',
): AsyncIterable<ImportRecord> {
  for (const o of await c.list<Json>(`${API}/${path}/`))
    yield {
      kind,
      sourceId: o.id,
      // An insight's dashboards are the dashboards' tiles, written with the dashboards.
      body: bodyOf(o, ['short_id', 'result', 'feature_flag', 'status', 'dashboards', 'dashboard_tiles']),
    };
}

async function* dashboards(c: SignpostClient): AsyncIterable<ImportRecord> {
  for (const d of await c.list<Json>(`${API}/dashboards/`)) {
    const full = await c.get<Json & { tiles?: { insight?: { id: number } | null }[] }>(
      `${API}/dashboards/${d.id}/`,
    );
    const insightSourceIds = (full.tiles ?? []).flatMap((t) => (t.insight ? [t.insight.id] : []));
    yield { kind: 'dashboard', sourceId: d.id, body: bodyOf(full, ['tiles']), insightSourceIds };
  }
}

async function* persons(c: SignpostClient, mask: (p: Properties) => Properties): AsyncIterable<ImportRecord> {
  for (const p of await c.list<{ distinct_ids: string[]; properties: Properties; created_at: string }>(
    `${API}/persons/`,
  ))
    yield {
      kind: 'person',
      distinctIds: p.distinct_ids,
      properties: mask(p.properties),
      createdAt: p.created_at,
    };
}

async function* events(c: SignpostClient, mask: (p: Properties) => Properties): AsyncIterable<ImportRecord> {
  let page: ImportedEvent[] = [];
  let rest = '';
  const decoder = new TextDecoder();
  const take = (line: string) => {
    if (line === '') return;
    const e = JSON.parse(line) as ImportedEvent;
    page.push({
      uuid: e.uuid,
      event: e.event,
      distinct_id: e.distinct_id,
      properties: mask(e.properties),
      timestamp: e.timestamp,
    });
  };
  for await (const chunk of await c.stream(`${API}/events/export?format=ndjson`)) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      take(line);
      if (page.length >= EVENTS_PER_RECORD) {
        yield { kind: 'events', events: page };
        page = [];
      }
    }
  }
  take(rest);
  if (page.length > 0) yield { kind: 'events', events: page };
}

/** Values of filters of one type (`cohort` values, `flag` keys) anywhere in a filter tree. */
function referenced(value: unknown, type: 'cohort' | 'flag'): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => referenced(v, type));
  if (value === null || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  const own = o.type === type ? [String(type === 'cohort' ? o.value : o.key)] : [];
  return [...own, ...Object.values(o).flatMap((v) => referenced(v, type))];
}

/** The project's personal property keys, masked as the event export masks them (the value, not the key). */
async function projectMask(c: SignpostClient): Promise<(properties: Properties) => Properties> {
  const settings = await c.get<{ personal_property_keys?: string[] }>(`${API}/data_settings/`);
  const keys = new Set(settings.personal_property_keys ?? []);
  if (keys.size === 0) return (p) => p;
  return (properties) => {
    const copy: Properties = { ...properties };
    for (const key of Object.keys(copy)) if (keys.has(key)) copy[key] = MASKED;
    return copy;
  };
}
