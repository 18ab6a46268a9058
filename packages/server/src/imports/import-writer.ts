import { CliError } from '../cli/cli-error.ts';
import { type ProgressBar, progressBar } from '../cli/progress-bar.ts';
import type { ImportCursor, ImportRecord, ImportSource } from './import-record.ts';
import { ImportReport, type RecordKind } from './import-report.ts';
import { type ImportState, type MappedKind, saveState } from './import-state.ts';
import { type IdMaps, remapIds } from './remap-ids.ts';
import { ApiAnswerError, type SignpostClient } from './signpost-client.ts';

export interface WriterOptions {
  source: ImportSource;
  target: SignpostClient;
  state: ImportState;
  /** Where `state` is saved after each acknowledged record; undefined keeps it in memory (tests). */
  stateFile: string | undefined;
  /** Stop after this many records, as an interrupted run would (tests of resuming). */
  stopAfter?: number;
  /** Progress bars on stderr; off in tests. */
  progress?: boolean;
}

const PERSON_PAGE = 500;
const API = '/api/projects/@current';
const PATHS: Record<MappedKind, string> = {
  cohort: `${API}/cohorts/`,
  flag: `${API}/feature_flags/`,
  insight: `${API}/insights/`,
  dashboard: `${API}/dashboards/`,
  experiment: `${API}/experiments/`,
};

/** JSON with object keys sorted: the server and the source may order the same filters' keys differently. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

type PersonRecord = Extract<ImportRecord, { kind: 'person' }>;

/**
 * Writes a source's records into a running Signpost through its HTTP API, in the source's order. The source is
 * checked first, then the target (its key must reach a project): a failure of either writes nothing. Objects
 * get new ids, so references are rewritten from the state's maps; a rerun skips what the maps hold and resumes
 * the stream after the last acknowledged cursor (event uuids make a re-sent page harmless).
 */
export async function writeImport(o: WriterOptions): Promise<ImportReport> {
  await o.source.check();
  const project = await checkTarget(o.target);
  const writer = new Writer(o, project);
  await writer.run();
  return writer.report;
}

interface TargetProject {
  api_token: string;
  environments?: { id: number; name: string }[];
}

async function checkTarget(target: SignpostClient): Promise<TargetProject> {
  try {
    return await target.get<TargetProject>(API);
  } catch (error) {
    if (error instanceof ApiAnswerError)
      throw new CliError(
        'TARGET_REFUSED',
        `${target.baseUrl} refused the key (${error.message}); pass a personal API key (phx_…) of an admin of the target project.`,
      );
    throw error;
  }
}

class Writer {
  readonly report = new ImportReport();
  private readonly ids: Record<MappedKind, Map<number, number>>;
  private readonly groupTypeIndex: Map<number, number>;
  private persons: { record: PersonRecord; cursor: ImportCursor }[] = [];
  private bars = new Map<RecordKind, { bar: ProgressBar; done: number }>();
  private totals: Partial<Record<RecordKind, number>> = {};
  private seen = 0;

  constructor(
    private readonly o: WriterOptions,
    private readonly project: TargetProject,
  ) {
    const s = o.state.ids;
    this.ids = {
      cohort: new Map(s.cohort),
      flag: new Map(s.flag),
      insight: new Map(s.insight),
      dashboard: new Map(s.dashboard),
      experiment: new Map(s.experiment),
    };
    this.groupTypeIndex = new Map(o.state.groupTypeIndex);
  }

  async run(): Promise<void> {
    this.totals = (await this.o.source.totals?.()) ?? {};
    for await (const { record, cursor } of this.o.source.records(this.o.state.cursor ?? undefined)) {
      if (this.o.stopAfter !== undefined && this.seen >= this.o.stopAfter) {
        await this.flushPersons();
        this.report.interrupted = true;
        this.finishBars();
        return;
      }
      this.seen += 1;
      if (record.kind !== 'person') await this.flushPersons();
      await this.write(record, cursor);
    }
    await this.flushPersons();
    await this.setStaticMembers();
    this.o.state.done = true;
    this.save();
    this.finishBars();
  }

  private async write(record: ImportRecord, cursor: ImportCursor): Promise<void> {
    switch (record.kind) {
      case 'group_type':
        await this.groupType(record);
        break;
      case 'person':
        this.persons.push({ record, cursor });
        if (this.persons.length >= PERSON_PAGE) await this.flushPersons();
        return;
      case 'events':
        await this.events(record.events);
        break;
      default:
        await this.object(record);
    }
    this.acknowledge(record.kind, cursor, record.kind === 'events' ? record.events.length : 1);
  }

  private async groupType(record: Extract<ImportRecord, { kind: 'group_type' }>): Promise<void> {
    const known = await this.loadGroupTypes();
    if (known.has(record.groupType)) this.report.existing('group_type');
    else {
      await this.o.target.post(`${API}/persons/import/`, { persons: [], group_types: [record.groupType] });
      this.report.created('group_type');
    }
    const index = (await this.loadGroupTypes()).get(record.groupType);
    if (index !== undefined) this.groupTypeIndex.set(record.index, index);
  }

  /** The target's group types by name. */
  private async loadGroupTypes(): Promise<Map<string, number>> {
    const types = await this.o.target.get<{ group_type: string; group_type_index: number }[]>(
      `${API}/groups_types/`,
    );
    return new Map(types.map((t) => [t.group_type, t.group_type_index]));
  }

  private maps(): IdMaps {
    return { cohort: this.ids.cohort, flag: this.ids.flag, groupTypeIndex: this.groupTypeIndex };
  }

  private async object(record: Extract<ImportRecord, { kind: MappedKind }>): Promise<void> {
    const { kind, sourceId } = record;
    if (this.ids[kind].has(sourceId)) {
      this.report.existing(kind);
      return;
    }
    const body = remapIds(record.body, this.maps()) as Record<string, unknown>;
    let members: string[] | undefined;
    if (kind === 'cohort' && Array.isArray(body.distinct_ids)) {
      // Members are persons, which come later in the stream: they are set once persons are in.
      members = body.distinct_ids.map(String);
      delete body.distinct_ids;
    }
    // A dashboard record names its insights; an insight naming dashboards (PostHog's shape) would point at
    // source ids, and the link is made from the dashboard's side anyway.
    if (kind === 'insight') delete body.dashboards;
    const environments = kind === 'flag' ? body.environments : undefined;
    delete body.environments;
    if (record.kind === 'dashboard') {
      body.tiles = record.insightSourceIds.flatMap((id) => {
        const insight = this.ids.insight.get(id);
        return insight === undefined ? [] : [{ insight }];
      });
    }
    try {
      const created = await this.o.target.post<{ id: number }>(PATHS[kind], body);
      this.ids[kind].set(sourceId, created.id);
      if (members) this.o.state.staticMembers.push([created.id, members]);
      this.report.created(kind);
      if (Array.isArray(environments)) await this.flagEnvironments(sourceId, created.id, environments);
    } catch (error) {
      if (!(error instanceof ApiAnswerError) || error.status >= 500) throw error;
      const existing =
        kind === 'flag' && error.code === 'FLAG_KEY_EXISTS' ? await this.flagByKey(body.key) : undefined;
      if (existing !== undefined) {
        this.ids.flag.set(sourceId, existing);
        this.report.existing(kind);
      } else this.report.failed(kind, String(sourceId), error.message);
    }
  }

  /** Other environments' settings of a flag, applied to the target environments of the same names. */
  private async flagEnvironments(sourceId: number, id: number, settings: unknown[]): Promise<void> {
    const current = await this.o.target.get<{
      results: { environment: { name: string }; active: boolean; filters: unknown }[];
    }>(`${API}/feature_flags/${id}/environments/`);
    const now = new Map(current.results.map((r) => [r.environment.name, canonical([r.active, r.filters])]));
    for (const entry of settings) {
      const { name, active, filters } = entry as { name: string; active: boolean; filters: unknown };
      const environment = this.project.environments?.find((e) => e.name === name);
      if (!environment) {
        this.report.failed(
          'flag',
          `${sourceId} in ${name}`,
          `the target project has no environment "${name}"`,
        );
        continue;
      }
      const wanted = remapIds(filters, this.maps());
      // Settings an environment only inherits (the first environment's conditions, off) are there already;
      // writing them would also be refused where the environment lacks the group types they name.
      if (now.get(name) === canonical([active, wanted])) continue;
      try {
        await this.o.target.patch(`/api/projects/${environment.id}/feature_flags/${id}/`, {
          active,
          filters: wanted,
        });
      } catch (error) {
        if (!(error instanceof ApiAnswerError) || error.status >= 500) throw error;
        this.report.failed('flag', `${sourceId} in ${name}`, error.message);
      }
    }
  }

  private async flagByKey(key: unknown): Promise<number | undefined> {
    if (typeof key !== 'string') return undefined;
    const flags = await this.o.target.list<{ id: number; key: string }>(
      `${API}/feature_flags/?search=${encodeURIComponent(key)}`,
    );
    return flags.find((f) => f.key === key)?.id;
  }

  private async flushPersons(): Promise<void> {
    const page = this.persons;
    if (page.length === 0) return;
    this.persons = [];
    const last = page[page.length - 1] as (typeof page)[number];
    const persons = page.map(({ record }) => ({
      distinct_ids: record.distinctIds,
      properties: record.properties,
      created_at: record.createdAt,
    }));
    try {
      await this.o.target.post(`${API}/persons/import/`, { persons });
      this.report.created('person', page.length);
    } catch (error) {
      if (!(error instanceof ApiAnswerError) || error.status >= 500) throw error;
      this.report.failed('person', page[0]?.record.distinctIds[0] ?? '?', error.message, page.length);
    }
    this.acknowledge('person', last.cursor, page.length);
  }

  private async events(events: Extract<ImportRecord, { kind: 'events' }>['events']): Promise<void> {
    if (events.length === 0) return;
    // Persons came whole, with their final properties: an old event's `$set` must not be replayed over them.
    const batch = events.map((e) => ({
      ...e,
      properties: { ...e.properties, $process_person_profile: false },
    }));
    try {
      await this.o.target.capture(this.project.api_token, batch);
      this.report.created('events', events.length);
    } catch (error) {
      if (!(error instanceof ApiAnswerError) || error.status >= 500 || error.status === 429) throw error;
      this.report.failed('events', events[0]?.uuid ?? '?', error.message, events.length);
    }
  }

  private async setStaticMembers(): Promise<void> {
    for (const [id, distinct_ids] of this.o.state.staticMembers) {
      try {
        await this.o.target.patch(`${PATHS.cohort}${id}/`, { distinct_ids });
      } catch (error) {
        if (!(error instanceof ApiAnswerError) || error.status >= 500) throw error;
        this.report.failed('cohort', `members of ${id}`, error.message);
      }
    }
    this.o.state.staticMembers = [];
  }

  private acknowledge(kind: RecordKind, cursor: ImportCursor, n: number): void {
    this.o.state.cursor = cursor;
    for (const k of Object.keys(this.ids) as MappedKind[]) this.o.state.ids[k] = [...this.ids[k]];
    this.o.state.groupTypeIndex = [...this.groupTypeIndex];
    this.save();
    if (!this.o.progress) return;
    let entry = this.bars.get(kind);
    if (!entry) {
      this.finishBars();
      entry = { bar: progressBar(`importing ${kind}`, this.totals[kind]), done: 0 };
      this.bars.set(kind, entry);
    }
    entry.done += n;
    entry.bar.update(entry.done);
  }

  private finishBars(): void {
    for (const { bar } of this.bars.values()) bar.finish();
    this.bars.clear();
  }

  private save(): void {
    if (this.o.stateFile) saveState(this.o.stateFile, this.o.state);
  }
}
