import {
  compileLinearRegex,
  type Definitions,
  evaluate,
  type FlagDefinition,
  PROPERTY_OPERATORS,
  type PropertyGroup,
} from '@signpost/flags-engine';
import { AppError } from '../errors/app-error.ts';
import type { Person } from '../persons/person.ts';
import type { PersonStore } from '../persons/person-store.ts';
import { getOrCreate } from '../util/get-or-create.ts';
import { LocalWrites } from '../util/local-writes.ts';
import { behavioralLeaf, hasBehavioral } from './behavioral-leaf.ts';
import type { Cohort } from './cohort.ts';
import type { CreateCohortInput, PropertyGroupInput, UpdateCohortInput } from './cohort-schemas.ts';
import type { CohortStore } from './cohort-store.ts';
import type { ComputedMembership } from './computed-membership.ts';

const operators = new Set<string>(PROPERTY_OPERATORS);
const invalid = (detail: string, attr: string) => new AppError('INVALID_COHORT', detail, attr);
const PAGE = 1000;

export interface CohortServiceDeps {
  store: CohortStore;
  persons: PersonStore;
  /** Refuses deleting a cohort that a live flag targets. */
  isUsedByFlag: (projectId: number, cohortId: number) => boolean;
  /**
   * A cohort's distinct ids in one environment, computed now by the query engine; absent without an SQL
   * engine (memory storage), where behavioural cohorts answer from their last stored membership.
   */
  computeMembers?: (environmentId: number, cohortId: number) => Promise<string[]>;
  /** A behavioural cohort was saved: its membership is recomputed soon (the job decides when). */
  onBehavioralSaved?: (cohort: Cohort) => void;
  /** How often the membership job runs (shown next to behavioural cohorts); absent = it does not run. */
  recomputeIntervalMs?: number;
  now?: () => Date;
}

/** Cohorts live in memory like flags (flag evaluation reads them on every request); static members too. */
export class CohortService {
  private readonly cohorts = new Map<number, Cohort>();
  private readonly members = new Map<number, Set<string>>();
  /** Dynamic cohorts whose definition reads events: flags answer them from `computed`, never locally. */
  private readonly behavioral = new Set<number>();
  /** The membership job's last answer, by `cohortId:environmentId`. */
  private readonly computed = new Map<string, { ids: Set<string>; at: Date }>();
  private nextId = 1;
  private revisionCounter = 0;
  private readonly now: () => Date;
  private readonly writes = new LocalWrites();

  constructor(private readonly deps: CohortServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    await this.reload();
  }

  /** Re-reads cohorts and static members (another node changed some); never undoes a write of this node. */
  async reload(): Promise<void> {
    const { store } = this.deps;
    const read = await this.writes.readStable(async () => ({
      cohorts: await store.listCohorts(),
      members: await store.listStaticMembers(),
      computed: await store.listComputedMemberships(),
    }));
    if (!read) return;
    this.cohorts.clear();
    this.behavioral.clear();
    for (const c of read.cohorts) {
      this.remember(c);
      this.nextId = Math.max(this.nextId, c.id + 1);
    }
    // Memberships this node computed since its last read are as new as the stored ones: the newer one stays.
    for (const m of read.computed) this.keepMembership(m);
    this.members.clear();
    for (const m of read.members)
      getOrCreate(this.members, m.cohortId, () => new Set<string>()).add(m.distinctId);
    this.revisionCounter += 1;
  }

  get revision(): number {
    return this.revisionCounter;
  }

  list(projectId: number): Cohort[] {
    return [...this.cohorts.values()]
      .filter((c) => c.projectId === projectId && !c.deleted)
      .sort((a, b) => b.id - a.id);
  }

  ids(projectId: number): Set<number> {
    return new Set(this.list(projectId).map((c) => c.id));
  }

  get(projectId: number, id: number): Cohort {
    const c = this.cohorts.get(id);
    if (!c || c.projectId !== projectId || c.deleted)
      throw new AppError('COHORT_NOT_FOUND', `No cohort with id ${id}.`);
    return c;
  }

  /**
   * Dynamic cohorts as local-evaluation definitions. Static and behavioural ones are left out, as PostHog
   * does: an SDK missing a cohort cannot decide the flag and asks the server, which answers from membership.
   */
  definitions(projectId: number): Record<string, PropertyGroup> {
    const out: Record<string, PropertyGroup> = {};
    for (const c of this.list(projectId))
      if (!c.isStatic && c.filters && !this.behavioral.has(c.id)) out[String(c.id)] = c.filters.properties;
    return out;
  }

  /** Static-cohort membership of a person with these distinct ids; undefined for other cohorts. */
  staticMembership(cohortId: number, distinctIds: readonly string[]): boolean | undefined {
    const c = this.cohorts.get(cohortId);
    if (!c?.isStatic || c.deleted) return undefined;
    const set = this.members.get(cohortId);
    return distinctIds.some((d) => set?.has(d) ?? false);
  }

  /**
   * Membership for flag evaluation (the hot path: set lookups only): static members, or a behavioural cohort's
   * last computed members in the environment asked about (none yet = not a member, as PostHog answers a cohort
   * still calculating); undefined for cohorts the definitions answer.
   */
  membership(cohortId: number, distinctIds: readonly string[], environmentId: number): boolean | undefined {
    if (!this.behavioral.has(cohortId)) return this.staticMembership(cohortId, distinctIds);
    if (this.cohorts.get(cohortId)?.deleted !== false) return undefined;
    const set = this.computed.get(`${cohortId}:${environmentId}`)?.ids;
    return set ? distinctIds.some((d) => set.has(d)) : false;
  }

  isBehavioral(cohortId: number): boolean {
    return this.behavioral.has(cohortId);
  }

  /** Live behavioural cohorts of every project, for the membership job. */
  behavioralCohorts(): Cohort[] {
    return [...this.behavioral].flatMap((id) => {
      const c = this.cohorts.get(id);
      return c && !c.deleted ? [c] : [];
    });
  }

  /** What flags know of a behavioural cohort's membership (null for other cohorts), for the API and the app. */
  membershipStatus(cohortId: number): { lastComputed: Date | null; intervalMs: number | null } | null {
    if (!this.behavioral.has(cohortId)) return null;
    return { lastComputed: this.lastComputed(cohortId), intervalMs: this.deps.recomputeIntervalMs ?? null };
  }

  /** When the membership job last finished this cohort (any environment); null before its first run. */
  lastComputed(cohortId: number): Date | null {
    let last: Date | null = null;
    for (const [key, m] of this.computed)
      if (key.startsWith(`${cohortId}:`) && (!last || m.at > last)) last = m.at;
    return last;
  }

  /** Stores a membership the job computed, then serves it. */
  async storeMembership(m: ComputedMembership): Promise<void> {
    await this.writes.track(this.deps.store.saveComputedMembership(m));
    this.keepMembership(m);
  }

  /**
   * Takes distinct ids out of every static cohort of an environment (person erasure); answers how many
   * memberships went. Each cohort is saved with its remaining members through the usual path, so every
   * engine (and the ClickHouse copy) drops them the same way.
   */
  async removeStaticMembers(projectId: number, distinctIds: readonly string[]): Promise<number> {
    let removed = 0;
    for (const cohort of this.list(projectId)) {
      const members = this.members.get(cohort.id);
      if (!cohort.isStatic || !members) continue;
      const kept = [...members].filter((d) => !distinctIds.includes(d));
      if (kept.length === members.size) continue;
      removed += members.size - kept.length;
      await this.save({ ...cohort, updatedAt: this.now() }, kept);
    }
    return removed;
  }

  async create(projectId: number, input: CreateCohortInput, actor: string): Promise<Cohort> {
    const isStatic = input.is_static ?? false;
    const now = this.now();
    const id = (await this.deps.store.allocateId?.()) ?? this.nextId++;
    const cohort: Cohort = {
      id,
      projectId,
      name: input.name,
      description: input.description ?? '',
      filters: isStatic ? null : this.validated(projectId, input.filters ?? null, undefined),
      isStatic,
      deleted: false,
      version: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: actor,
    };
    if (!isStatic && input.distinct_ids)
      throw invalid('Only static cohorts take a list of distinct ids.', 'distinct_ids');
    await this.save(cohort, isStatic ? (input.distinct_ids ?? []) : undefined);
    return cohort;
  }

  async update(projectId: number, id: number, input: UpdateCohortInput): Promise<Cohort> {
    const before = this.get(projectId, id);
    if (input.is_static !== undefined && input.is_static !== before.isStatic) {
      throw invalid('A cohort cannot switch between static and dynamic; create a new one.', 'is_static');
    }
    if (input.deleted && this.deps.isUsedByFlag(projectId, id)) {
      throw new AppError(
        'COHORT_IN_USE',
        'A feature flag targets this cohort; remove it from the flag first.',
        'deleted',
      );
    }
    if (!before.isStatic && input.distinct_ids)
      throw invalid('Only static cohorts take a list of distinct ids.', 'distinct_ids');
    const after: Cohort = {
      ...before,
      name: input.name ?? before.name,
      description: input.description ?? before.description,
      filters:
        input.filters !== undefined && !before.isStatic
          ? this.validated(projectId, input.filters, id)
          : before.filters,
      deleted: input.deleted ?? before.deleted,
      version: before.version + 1,
      updatedAt: this.now(),
    };
    await this.save(after, input.distinct_ids);
    return after;
  }

  /** The persons in a cohort, found by scanning the project's persons (no query engine yet). */
  /** The cohort's members among one environment's persons (a project's id is its first environment's). */
  async persons(projectId: number, id: number, environmentId = projectId): Promise<Person[]> {
    const cohort = this.get(projectId, id);
    if (this.behavioral.has(id)) return this.behavioralPersons(id, environmentId);
    const definitions: Definitions = { flags: [], cohorts: this.definitions(projectId) };
    const probe: FlagDefinition = {
      key: '$cohort',
      active: true,
      filters: {
        groups: [{ properties: [{ key: 'id', type: 'cohort', value: cohort.id }], rollout_percentage: 100 }],
      },
    };
    const found: Person[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.deps.persons.listPersons({ projectId: environmentId, limit: PAGE, offset });
      for (const person of page) {
        const result = evaluate(probe, definitions, {
          distinctId: person.distinctIds[0] ?? person.id,
          personProperties: person.properties,
          now: this.now(),
          mode: 'server',
          cohortMembership: (cid) => this.membership(Number(cid), person.distinctIds, environmentId),
        });
        if (!result.inconclusive && result.value === true) found.push(person);
      }
      if (page.length < PAGE) return found;
    }
  }

  /** Events decide: the query engine lists the members now (else the last stored membership). */
  private async behavioralPersons(id: number, environmentId: number): Promise<Person[]> {
    const ids = this.deps.computeMembers
      ? new Set(await this.deps.computeMembers(environmentId, id))
      : (this.computed.get(`${id}:${environmentId}`)?.ids ?? new Set<string>());
    // Looked up by the member ids (a few thousand at most per batch), not by paging through every person.
    const found = new Map<string, Person>();
    const list = [...ids];
    for (let i = 0; i < list.length; i += PAGE)
      for (const person of await this.deps.persons.findPersonsByDistinctIds(
        environmentId,
        list.slice(i, i + PAGE),
      ))
        found.set(person.id, person);
    return [...found.values()];
  }

  private remember(cohort: Cohort): void {
    this.cohorts.set(cohort.id, cohort);
    if (!cohort.isStatic && cohort.filters && hasBehavioral(cohort.filters.properties))
      this.behavioral.add(cohort.id);
    else this.behavioral.delete(cohort.id);
  }

  private keepMembership(m: ComputedMembership): void {
    const key = `${m.cohortId}:${m.environmentId}`;
    const held = this.computed.get(key);
    if (!held || held.at <= m.computedAt)
      this.computed.set(key, { ids: new Set(m.distinctIds), at: m.computedAt });
  }

  /**
   * The cohort and its members in one store call, and memory touched only once it succeeded: a request that
   * fails (a full disk) leaves no cohort behind, neither stored nor served.
   */
  private async save(cohort: Cohort, staticMembers?: string[]): Promise<void> {
    const unique = staticMembers && [...new Set(staticMembers)];
    await this.writes.track(this.deps.store.saveCohort(cohort, unique));
    this.remember(cohort);
    if (unique) this.members.set(cohort.id, new Set(unique));
    this.revisionCounter += 1;
    if (this.behavioral.has(cohort.id) && !cohort.deleted) this.deps.onBehavioralSaved?.(cohort);
  }

  private validated(
    projectId: number,
    filters: { properties: PropertyGroupInput } | null,
    selfId: number | undefined,
  ) {
    if (!filters) throw invalid('A dynamic cohort needs filters.properties.', 'filters');
    const check = (group: PropertyGroupInput, path: string) => {
      for (const [i, v] of group.values.entries()) {
        const at = `${path}.values.${i}`;
        if ('values' in v) {
          check(v as PropertyGroupInput, at);
          continue;
        }
        const leaf = v as { key: string; type: string; value: unknown; operator?: string | null };
        if (leaf.type === 'behavioral') {
          behavioralLeaf(leaf, at);
          continue;
        }
        if (leaf.type === 'cohort') {
          const id = Number(leaf.value);
          if (id === selfId || !this.ids(projectId).has(id))
            throw invalid(`Cohort ${String(leaf.value)} cannot be used here.`, at);
          continue;
        }
        const op = leaf.operator ?? 'exact';
        if (!operators.has(op)) throw invalid(`Unknown operator "${op}".`, `${at}.operator`);
        // Cohort regexes are evaluated by the flag engine's linear-time matcher (Rust regex syntax).
        if (op === 'regex' || op === 'not_regex') {
          const compiled = compileLinearRegex(
            typeof leaf.value === 'string' ? leaf.value : (JSON.stringify(leaf.value) ?? 'null'),
          );
          if ('message' in compiled)
            throw invalid(`Not a supported regular expression: ${compiled.message}.`, `${at}.value`);
        }
      }
    };
    check(filters.properties, 'filters.properties');
    return { properties: filters.properties as PropertyGroup };
  }
}
