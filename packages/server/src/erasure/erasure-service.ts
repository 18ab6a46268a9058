import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import type { Person } from '../persons/person.ts';
import { personIdFor } from '../persons/person-processor.ts';
import type { PersonStore } from '../persons/person-store.ts';
import type { ErasureCounts, ErasureMode, ErasurePlan, ErasureRecord } from './erasure.ts';
import type { ErasureStore } from './erasure-store.ts';
import { anonymousTokens } from './erasure-token.ts';
import type { PersonEraser } from './person-eraser.ts';
import { noPersonalKeys, type PersonalKeysOf } from './personal-keys.ts';

/** What of the ingestion writer erasure needs: its exclusive section and its identity cache. */
export interface ErasureWriter {
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  forget(stale: {
    distinctIds: { projectId: number; distinctId: string }[];
    personIds: string[];
    groups: [];
    groupTypeProjects: [];
  }): void;
}

export interface ErasureServiceDeps {
  persons: PersonStore;
  eraser: PersonEraser;
  store: ErasureStore;
  writer: ErasureWriter;
  /** Removes distinct ids from every static cohort of an environment; answers how many memberships went. */
  removeFromStaticCohorts: (projectId: number, distinctIds: readonly string[]) => Promise<number>;
  personalKeysOf?: PersonalKeysOf;
  /** Told which environments lost events, so cached insight results are dropped. */
  onErased?: (projectId: number) => void;
  now?: () => Date;
}

export type PersonRef = { personId: string } | { distinctId: string };

export interface ErasureRequest {
  projectId: number;
  person: PersonRef;
  mode: ErasureMode;
  requestedBy: string;
  /** Personal keys named in the request, added to the project's own. */
  personalKeys?: readonly string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Person erasure (GDPR art. 17): resolve the person, remove its rows everywhere, leave a record. */
export class ErasureService {
  private readonly now: () => Date;

  constructor(private readonly deps: ErasureServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  list(projectId: number, limit: number, offset: number): Promise<ErasureRecord[]> {
    return this.deps.store.list(projectId, limit, offset);
  }

  async erase(request: ErasureRequest): Promise<ErasureRecord> {
    const { projectId } = request;
    const secret = await this.deps.store.tokenSecret();
    const projectKeys = await (this.deps.personalKeysOf ?? noPersonalKeys)(projectId);
    const early = request.mode === 'anonymise' ? undefined : await this.deleteEventsAside(request);
    // Resolved inside the writer's exclusive section, so no commit can add a distinct id in between.
    const counts = await this.deps.writer.exclusive(async () => {
      const person = await this.find(projectId, request.person);
      if (!person) throw new AppError('PERSON_NOT_FOUND', 'No person with this id or distinct id.');
      const plan = planFor(person, request.mode);
      if (request.mode === 'anonymise') {
        plan.anonymise = {
          ...anonymousTokens(secret, projectId, person.id),
          personalKeys: [...new Set([...projectKeys, ...(request.personalKeys ?? [])])],
        };
      }
      const rows: ErasureCounts = await this.deps.eraser.erase(
        plan,
        early && { ...early, covers: plan.distinctIds.every((d) => early.distinctIds.has(d)) },
      );
      if (request.mode !== 'events_only') {
        rows.cohort_static_members = await this.deps.removeFromStaticCohorts(projectId, plan.distinctIds);
        // The next event of any of these ids must make a new person, not find the erased one in memory.
        this.deps.writer.forget({
          distinctIds: plan.distinctIds.map((distinctId) => ({ projectId, distinctId })),
          personIds: plan.personIds,
          groups: [],
          groupTypeProjects: [],
        });
      }
      return rows;
    });
    this.deps.onErased?.(projectId);
    const record: ErasureRecord = {
      id: randomUUID(),
      projectId,
      mode: request.mode,
      requestedBy: request.requestedBy,
      createdAt: this.now(),
      counts,
    };
    await this.deps.store.add(record);
    return record;
  }

  /** The engine's long event scan, outside the exclusive section, for the ids the person has now. */
  private async deleteEventsAside(request: ErasureRequest) {
    const aside = this.deps.eraser.deleteEventsAside?.bind(this.deps.eraser);
    if (!aside) return undefined;
    const person = await this.find(request.projectId, request.person);
    if (!person) return undefined;
    const plan = planFor(person, request.mode);
    const done = await aside(plan);
    return done && { ...done, distinctIds: new Set(plan.distinctIds) };
  }

  private async find(projectId: number, ref: PersonRef): Promise<Person | undefined> {
    if ('distinctId' in ref) {
      const [person] = await this.deps.persons.findPersonsByDistinctIds(projectId, [ref.distinctId]);
      return person;
    }
    // The persons API shows one id (the uuid); anything else cannot name a person here.
    if (!UUID.test(ref.personId)) return undefined;
    const found = await this.deps.persons.listPersons({
      projectId,
      search: ref.personId.toLowerCase(),
      limit: 20,
      offset: 0,
    });
    return found.find((p) => p.id.toLowerCase() === ref.personId.toLowerCase());
  }
}

function planFor(person: Person, mode: ErasureMode): ErasurePlan {
  const personIds = new Set([person.id, ...person.distinctIds.map((d) => personIdFor(person.projectId, d))]);
  return {
    projectId: person.projectId,
    mode,
    personIds: [...personIds],
    distinctIds: [...person.distinctIds],
  };
}
