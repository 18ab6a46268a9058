import type { ImportCursor, ImportRecord, ImportSource } from '../import-record.ts';
import { mapCohort, referencedCohortIds } from './map-cohort.ts';
import { mapExperiment } from './map-experiment.ts';
import { mapFlag, parentFlagIds } from './map-flag.ts';
import { mapDashboard, mapInsight } from './map-insight.ts';
import { mapPerson } from './map-person.ts';
import { byIdOrder, orderParentsFirst } from './order-parents-first.ts';
import { PosthogClient, type PosthogClientOptions } from './posthog-client.ts';
import { countEvents, type EventPosition, readEventsPage } from './posthog-events.ts';
import { isObject, type JsonObject, numberOf, pageOf, stringOf } from './posthog-json.ts';
import { type PosthogProject, readPosthogProject } from './posthog-project.ts';
import { PosthogSourceError } from './posthog-source-error.ts';

export interface PosthogSourceOptions extends Omit<PosthogClientOptions, 'host' | 'personalApiKey'> {
  host: string;
  personalApiKey: string;
  /** PostHog's numeric project id; default the key's current project (`@current`). */
  projectId?: string | number;
  /** Events from this instant on (ISO 8601); default all. */
  after?: string;
  /** Events before this instant (exclusive); default the moment of the first run, kept in the cursor. */
  before?: string;
  /** Objects per list page (default 100, PostHog's own default). */
  pageSize?: number;
  /** Events per HogQL query (default 10,000; PostHog allows 50,000). */
  eventsPageSize?: number;
  /** Events per `events` record handed to the writer (default 1,000). */
  eventsPerRecord?: number;
}

/** The source plus what the bucketing check needs from the same PostHog. */
export interface PosthogImportSource extends ImportSource {
  readonly client: PosthogClient;
  /** The project read by `check()` (read now if it was not). */
  project(): Promise<PosthogProject>;
}

const STAGES = [
  'group_types',
  'cohorts',
  'flags',
  'insights',
  'dashboards',
  'experiments',
  'persons',
  'events',
] as const;
type Stage = (typeof STAGES)[number];
type ListStage = Exclude<Stage, 'persons' | 'events'>;

// Static cohorts larger than this cannot be created through Signpost's cohort API in one body.
const MAX_STATIC_MEMBERS = 1_000_000;

/**
 * PostHog (Cloud or self-hosted) read through its public API with a personal key, as an import source.
 *
 * The cursor says which stage the last acknowledged record belongs to and how far into it: the index in the
 * stage's id-ordered list for configuration objects, the page and row for persons, the last (timestamp, uuid)
 * for events. `before` is fixed on the first run and carried in the cursor so a resumed run reads the same range.
 *
 * @example
 * const source = posthogSource({ host: 'https://eu.posthog.com', personalApiKey: 'phx_…', after: '2025-01-01' });
 * await source.check();
 * for await (const { record, cursor } of source.records(undefined)) write(record, cursor);
 */
export function posthogSource(options: PosthogSourceOptions): PosthogImportSource {
  const client = new PosthogClient(options);
  const pageSize = Math.max(1, Math.min(1000, options.pageSize ?? 100));
  let projectPromise: Promise<PosthogProject> | undefined;
  const project = () => {
    projectPromise ??= readPosthogProject(client, String(options.projectId ?? '@current')).catch((error) => {
      projectPromise = undefined;
      throw error;
    });
    return projectPromise;
  };

  /** Every page of a list, following `next`. */
  async function listAll(path: string, what: string): Promise<JsonObject[]> {
    const all: JsonObject[] = [];
    for (let next: string | null = path; next !== null; ) {
      const page = pageOf(await client.get(next), what);
      all.push(...page.results);
      next = page.next;
    }
    return all;
  }

  async function rawList(stage: ListStage, base: string): Promise<JsonObject[]> {
    const live = (items: JsonObject[]) => items.filter((item) => item.deleted !== true);
    switch (stage) {
      case 'group_types': {
        const types = await listAll(`${base}/groups_types/`, 'group types');
        return types.sort(
          (a, b) => (numberOf(a.group_type_index) ?? 0) - (numberOf(b.group_type_index) ?? 0),
        );
      }
      case 'cohorts':
        return orderParentsFirst(
          live(await listAll(`${base}/cohorts/?limit=${pageSize}`, 'cohorts')),
          referencedCohortIds,
        );
      case 'flags':
        return orderParentsFirst(
          live(await listAll(`${base}/feature_flags/?limit=${pageSize}`, 'flags')),
          parentFlagIds,
        );
      case 'insights':
        return byIdOrder(live(await listAll(`${base}/insights/?saved=true&limit=${pageSize}`, 'insights')));
      case 'dashboards':
        return byIdOrder(live(await listAll(`${base}/dashboards/?limit=${pageSize}`, 'dashboards')));
      case 'experiments':
        return byIdOrder(live(await listAll(`${base}/experiments/?limit=${pageSize}`, 'experiments')));
    }
  }

  async function staticMembers(base: string, cohortId: number): Promise<string[]> {
    const ids = new Set<string>();
    for (
      let next: string | null = `${base}/cohorts/${cohortId}/persons/?limit=${pageSize}`;
      next !== null;
    ) {
      const page = pageOf(await client.get(next), `cohort ${cohortId} persons`);
      for (const person of page.results) {
        const record = mapPerson(person);
        for (const id of record?.distinctIds ?? []) if (ids.size < MAX_STATIC_MEMBERS) ids.add(id);
      }
      next = page.next;
    }
    return [...ids];
  }

  async function toRecord(stage: ListStage, item: JsonObject, base: string): Promise<ImportRecord | null> {
    const sourceId = numberOf(item.id);
    if (stage === 'group_types') {
      const index = numberOf(item.group_type_index);
      const groupType = stringOf(item.group_type);
      if (index === null || groupType === null) return null;
      return {
        kind: 'group_type',
        index,
        groupType,
        nameSingular: stringOf(item.name_singular),
        namePlural: stringOf(item.name_plural),
      };
    }
    if (sourceId === null) return null;
    switch (stage) {
      case 'cohorts': {
        const members = item.is_static === true ? await staticMembers(base, sourceId) : null;
        return { kind: 'cohort', sourceId, body: mapCohort(item, members) };
      }
      case 'flags':
        return { kind: 'flag', sourceId, body: mapFlag(item) };
      case 'insights':
        return { kind: 'insight', sourceId, body: mapInsight(item) };
      case 'dashboards': {
        // The list answers without tiles; the dashboard itself has them.
        const full = await client.get(`${base}/dashboards/${sourceId}/`);
        if (!isObject(full))
          throw new PosthogSourceError('POSTHOG_BAD_RESPONSE', `dashboard ${sourceId} is not an object`);
        return { kind: 'dashboard', sourceId, ...mapDashboard(full) };
      }
      case 'experiments':
        return { kind: 'experiment', sourceId, body: mapExperiment(item) };
    }
  }

  async function* records(
    resume: ImportCursor | undefined,
  ): AsyncGenerator<{ record: ImportRecord; cursor: ImportCursor }> {
    const { id } = await project();
    const base = `/api/projects/${id}`;
    const before = stringOf(resume?.before) ?? options.before ?? new Date().toISOString();
    const resumeStage = STAGES.indexOf(resume?.stage as Stage);
    for (let s = Math.max(0, resumeStage); s < STAGES.length; s++) {
      const stage = STAGES[s]!;
      const from = s === resumeStage ? resume : undefined;
      if (stage === 'persons') {
        yield* persons(base, before, from);
      } else if (stage === 'events') {
        yield* events(base, before, from);
      } else {
        const items = await rawList(stage, base);
        const skip = numberOf(from?.index) ?? 0;
        for (let i = skip; i < items.length; i++) {
          const record = await toRecord(stage, items[i]!, base);
          if (record) yield { record, cursor: { stage, index: i + 1, before } };
        }
      }
    }
  }

  // PostHog lists persons newest first by offset, and offers a next page only when a page came back full, so
  // the page size stays at its default (a larger `limit` cut down by the server would end the list early).
  // Persons created between two runs push older ones to later offsets: a resumed run reads a few twice (the
  // writer merges by distinct id) but never skips one.
  async function* persons(base: string, before: string, from: ImportCursor | undefined) {
    let page: string | null = stringOf(from?.page) ?? `${base}/persons/?limit=100`;
    let skip = numberOf(from?.index) ?? 0;
    while (page !== null) {
      const { results, next } = pageOf(await client.get(page), 'persons');
      for (let i = skip; i < results.length; i++) {
        const record = mapPerson(results[i]!);
        if (record) yield { record, cursor: { stage: 'persons', page, index: i + 1, before } };
      }
      page = next === null ? null : pathOf(client, next);
      skip = 0;
    }
  }

  async function* events(base: string, before: string, from: ImportCursor | undefined) {
    const perRecord = Math.max(1, options.eventsPerRecord ?? 1000);
    let position: EventPosition = {
      ts: stringOf(from?.ts) ?? options.after ?? '1970-01-01T00:00:00Z',
      uuid: stringOf(from?.uuid) ?? '',
    };
    for (;;) {
      const page = await readEventsPage(client, base, position, before, options.eventsPageSize ?? 10_000);
      for (let i = 0; i < page.events.length; i += perRecord) {
        const chunk = page.events.slice(i, i + perRecord);
        const last = chunk.at(-1)!;
        yield {
          record: { kind: 'events', events: chunk } as const,
          cursor: { stage: 'events', ts: last.timestamp, uuid: last.uuid, before },
        };
      }
      if (!page.more || !page.last) return;
      position = page.last;
    }
  }

  return {
    name: 'posthog',
    client,
    project,
    async check() {
      if (options.personalApiKey.startsWith('phc_')) {
        throw new PosthogSourceError(
          'POSTHOG_BAD_KEY',
          'phc_… is a project API key, which only sends events; the import needs a personal API key (phx_…)',
        );
      }
      const { id } = await project();
      // One cheap read of every kind the import will read, so a key missing a scope fails here, not half-way.
      const base = `/api/projects/${id}`;
      for (const list of [
        'groups_types/',
        'cohorts/',
        'feature_flags/',
        'insights/',
        'dashboards/',
        'experiments/',
        'persons/',
      ]) {
        await client.get(`${base}/${list}${list === 'groups_types/' ? '' : '?limit=1'}`);
      }
      await client.post(`${base}/query/`, { query: { kind: 'HogQLQuery', query: 'SELECT 1' } });
    },
    records,
    async totals() {
      const { id } = await project();
      const base = `/api/projects/${id}`;
      const totals: Partial<Record<ImportRecord['kind'], number>> = {};
      // A page of one answers DRF's `count`.
      const lists = [
        ['cohort', 'cohorts'],
        ['flag', 'feature_flags'],
        ['insight', 'insights'],
        ['dashboard', 'dashboards'],
        ['experiment', 'experiments'],
        ['person', 'persons'],
      ] as const;
      for (const [kind, list] of lists) {
        // The persons list counts only when asked (`include_total`), at the cost of one more ClickHouse query.
        const extra = list === 'insights' ? '&saved=true' : list === 'persons' ? '&include_total' : '';
        const page = await client.get(`${base}/${list}/?limit=1${extra}`);
        const count = isObject(page) ? numberOf(page.count) : null;
        if (count !== null) totals[kind] = count;
      }
      totals.group_type = (await listAll(`${base}/groups_types/`, 'group types')).length;
      const events = await countEvents(
        client,
        base,
        options.after ?? '1970-01-01T00:00:00Z',
        options.before ?? new Date().toISOString(),
      );
      // Events are handed on in records of `eventsPerRecord`; the bar counts records.
      if (events !== null) totals.events = Math.ceil(events / Math.max(1, options.eventsPerRecord ?? 1000));
      return totals;
    },
  };
}

/** A `next` URL kept as a path on our host, so a saved cursor never points the key elsewhere. */
function pathOf(client: PosthogClient, next: string): string {
  const url = new URL(client.resolve(next));
  return `${url.pathname}${url.search}`;
}
