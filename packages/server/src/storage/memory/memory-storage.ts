import { FakeActivityLogStore } from '../../activity-log/fake-activity-log-store.ts';
import { FakeAlertStore } from '../../alerts/fake-alert-store.ts';
import { FakeAnnotationStore } from '../../annotations/fake-annotation-store.ts';
import { FakeAuthStore } from '../../auth/fake-auth-store.ts';
import { FakeChangeRequestStore } from '../../change-requests/fake-change-request-store.ts';
import { FakeCohortStore } from '../../cohorts/fake-cohort-store.ts';
import { MemoryDashboardStore } from '../../dashboards/dashboard-memory-store.ts';
import { FakeDataSettingsStore } from '../../data-settings/fake-data-settings-store.ts';
import type { DefinitionScan } from '../../definitions/definition-scan.ts';
import { DefinitionTally } from '../../definitions/definition-tally.ts';
import { FakeDefinitionStore } from '../../definitions/fake-definition-store.ts';
import { FakeEarlyAccessStore } from '../../early-access/fake-early-access-store.ts';
import { FakeErasureStore } from '../../erasure/fake-erasure-store.ts';
import type { PersonEraser } from '../../erasure/person-eraser.ts';
import type { StoredEvent } from '../../events/event.ts';
import type { EventQuery, EventStore } from '../../events/event-store.ts';
import { FakeExperimentStore } from '../../experiments/fake-experiment-store.ts';
import { FakeFlagUsageStore } from '../../flag-usage/fake-flag-usage-store.ts';
import { FakeFlagStore } from '../../flags/fake-flag-store.ts';
import type { Group, GroupType } from '../../groups/group.ts';
import type { GroupQuery, GroupStore } from '../../groups/group-store.ts';
import { IdentityConflictError } from '../../ingestion/identity-conflict.ts';
import { distinctKey, groupKey } from '../../ingestion/ingestion-state.ts';
import type { IdentityVisitor, IngestionStore, WriteSet } from '../../ingestion/write-set.ts';
import { MemoryInsightStore } from '../../insights/insight-memory-store.ts';
import type { Person } from '../../persons/person.ts';
import type { PersonFilter, PersonQuery, PersonStore } from '../../persons/person-store.ts';
import { FakeProjectStore } from '../../projects/fake-project-store.ts';
import {
  type DailyVolume,
  type EventRetentionStore,
  ROW_OVERHEAD_BYTES,
} from '../../retention/event-retention-store.ts';
import { FakeScheduledChangeStore } from '../../schedules/fake-scheduled-change-store.ts';
import { FakeProjectSecretKeyStore } from '../../secret-keys/fake-project-secret-key-store.ts';
import { FakeWebhookStore } from '../../webhooks/fake-webhook-store.ts';
import type { Storage } from '../storage.ts';
import { eraseFromMemory } from './memory-person-eraser.ts';

const clone = <T>(value: T): T => structuredClone(value);
const matches = (haystack: unknown, needle: string) =>
  JSON.stringify(haystack).toLowerCase().includes(needle);

/** The in-memory fake of every store port, with the same "newest version wins" semantics as the adapters. */
export class MemoryStorage
  implements Storage, EventStore, PersonStore, GroupStore, IngestionStore, EventRetentionStore
{
  readonly projects = new FakeProjectStore();
  readonly activity = new FakeActivityLogStore();
  readonly secretKeys = new FakeProjectSecretKeyStore();
  readonly dataSettings = new FakeDataSettingsStore();
  readonly flags = new FakeFlagStore(this.activity);
  readonly flagUsage = new FakeFlagUsageStore();
  readonly cohorts = new FakeCohortStore();
  readonly insights = new MemoryInsightStore();
  readonly dashboards = new MemoryDashboardStore();
  readonly experiments = new FakeExperimentStore();
  readonly earlyAccess = new FakeEarlyAccessStore();
  readonly annotations = new FakeAnnotationStore();
  readonly definitions = new FakeDefinitionStore();
  /** The backfill over the fake's rows, through the same tally the recorder uses. */
  readonly definitionScan: DefinitionScan = {
    scan: async (after, before, now) => {
      const tally = new DefinitionTally(new Map(), now);
      tally.add({
        events: this.eventRows.filter((e) => e.createdAt < before && (!after || e.createdAt > after)),
        persons: [...this.personRows.values()],
        groups: [...this.groupRows.values()],
      });
      return { events: tally.events, properties: tally.properties };
    },
  };
  readonly auth = new FakeAuthStore();
  readonly webhooks = new FakeWebhookStore();
  readonly alerts = new FakeAlertStore();
  readonly changeRequests = new FakeChangeRequestStore();
  readonly schedules = new FakeScheduledChangeStore();
  readonly erasures = new FakeErasureStore();
  readonly eraser: PersonEraser = {
    erase: async (plan) =>
      eraseFromMemory({ events: this.eventRows, persons: this.personRows, mapping: this.mapping }, plan),
  };
  readonly events = this;
  readonly persons = this;
  readonly groups = this;
  readonly ingestion = this;
  readonly retention = this;
  private readonly eventRows: StoredEvent[] = [];
  private readonly personRows = new Map<string, { person: Person; deleted: boolean }>();
  private readonly mapping = new Map<string, { personId: string; version: number }>();
  private readonly groupRows = new Map<string, Group>();
  private readonly groupTypes: GroupType[] = [];
  /** Makes the next commit fail, to test that nothing is acknowledged or cached on failure. */
  failNextCommit = false;
  /** Checks each commit's bases as a store shared by several nodes must (see WriteSet.bases). */
  sharedByNodes = false;

  async commit(ws: WriteSet): Promise<void> {
    if (this.failNextCommit) {
      this.failNextCommit = false;
      throw new Error('simulated storage failure');
    }
    if (this.sharedByNodes) this.checkBases(ws);
    const copy = clone(ws);
    this.eventRows.push(...copy.events);
    for (const p of copy.persons) this.personRows.set(p.person.id, p);
    for (const d of copy.distinctIds) {
      this.mapping.set(`${d.projectId}:${d.distinctId}`, { personId: d.personId, version: d.version });
    }
    for (const g of copy.groups) this.groupRows.set(`${g.projectId}:${g.groupTypeIndex}:${g.groupKey}`, g);
    this.groupTypes.push(...copy.groupTypes);
  }

  private checkBases(ws: WriteSet): void {
    const stale: IdentityConflictError['stale'] = {
      distinctIds: [],
      personIds: [],
      groups: [],
      groupTypeProjects: [],
    };
    const bases = ws.bases;
    for (const { person } of ws.persons) {
      const stored = this.personRows.get(person.id)?.person.version ?? null;
      if ((bases?.persons.get(person.id) ?? null) !== stored) {
        stale.personIds.push(person.id);
      }
    }
    for (const d of ws.distinctIds) {
      const stored = this.mapping.get(`${d.projectId}:${d.distinctId}`)?.personId ?? null;
      if ((bases?.distinctIds.get(distinctKey(d.projectId, d.distinctId)) ?? null) !== stored)
        stale.distinctIds.push({ projectId: d.projectId, distinctId: d.distinctId });
    }
    for (const g of ws.groups) {
      const stored = this.groupRows.get(`${g.projectId}:${g.groupTypeIndex}:${g.groupKey}`)?.version ?? null;
      if ((bases?.groups.get(groupKey(g.projectId, g.groupTypeIndex, g.groupKey)) ?? null) !== stored)
        stale.groups.push(g);
    }
    for (const t of ws.groupTypes) {
      const taken = this.groupTypes.some(
        (o) =>
          o.projectId === t.projectId &&
          (o.groupType === t.groupType || o.groupTypeIndex === t.groupTypeIndex),
      );
      if (taken) stale.groupTypeProjects.push(t.projectId);
    }
    const count =
      stale.distinctIds.length +
      stale.personIds.length +
      stale.groups.length +
      stale.groupTypeProjects.length;
    if (count > 0) throw new IdentityConflictError(stale);
  }

  async maxDistinctIdVersion(): Promise<number> {
    return Math.max(0, ...[...this.mapping.values()].map((m) => m.version));
  }

  async scanIdentities(visit: IdentityVisitor): Promise<void> {
    for (const key of this.mapping.keys()) {
      const colon = key.indexOf(':');
      visit.distinctId(Number(key.slice(0, colon)), key.slice(colon + 1));
    }
    for (const g of this.groupRows.values()) visit.group(g.projectId, g.groupTypeIndex, g.groupKey);
  }

  async listEvents(q: EventQuery): Promise<StoredEvent[]> {
    return this.eventRows
      .filter(
        (e) =>
          e.projectId === q.projectId &&
          (q.event === undefined || e.event === q.event) &&
          (q.distinctIds === undefined || q.distinctIds.includes(e.distinctId)) &&
          (q.group === undefined || e.groups[q.group.index] === q.group.key) &&
          (!q.after || e.timestamp > q.after) &&
          (!q.before || e.timestamp < q.before),
      )
      .sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime() || (a.uuid < b.uuid ? 1 : -1))
      .slice(q.offset, q.offset + q.limit)
      .map(clone);
  }

  async deleteEventsBefore(environmentId: number, before: Date, limit: number): Promise<number> {
    let deleted = 0;
    for (let i = this.eventRows.length - 1; i >= 0 && deleted < limit; i--) {
      const e = this.eventRows[i];
      if (e?.projectId === environmentId && e.timestamp < before) {
        this.eventRows.splice(i, 1);
        deleted++;
      }
    }
    return deleted;
  }

  async volume(environmentIds: readonly number[], since: Date) {
    const ids = new Set(environmentIds);
    const days = new Map<string, DailyVolume>();
    const total = { events: 0, bytes: 0 };
    for (const e of this.eventRows) {
      if (!ids.has(e.projectId)) continue;
      const bytes = Buffer.byteLength(JSON.stringify(e.properties)) + ROW_OVERHEAD_BYTES;
      total.events++;
      total.bytes += bytes;
      if (e.timestamp < since) continue;
      const day = e.timestamp.toISOString().slice(0, 10);
      const d = days.get(day) ?? { day, events: 0, bytes: 0 };
      d.events++;
      d.bytes += bytes;
      days.set(day, d);
    }
    return { days: [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1)), total };
  }

  async recentEventUuids(limit: number): Promise<string[]> {
    return this.eventRows
      .slice(-limit)
      .reverse()
      .map((e) => `${e.projectId}:${e.uuid}`);
  }

  async *recentEventUuidPages(limit: number): AsyncIterable<string[]> {
    yield await this.recentEventUuids(limit);
  }

  async storedEventUuids(projectId: number, uuids: string[]): Promise<string[]> {
    const wanted = new Set(uuids);
    return this.eventRows.filter((e) => e.projectId === projectId && wanted.has(e.uuid)).map((e) => e.uuid);
  }

  private livePersons(projectId: number): Person[] {
    return [...this.personRows.values()]
      .filter((p) => !p.deleted && p.person.projectId === projectId)
      .map((p) => ({ ...clone(p.person), distinctIds: this.distinctIdsOf(projectId, p.person.id) }));
  }

  private distinctIdsOf(projectId: number, personId: string): string[] {
    const prefix = `${projectId}:`;
    return [...this.mapping.entries()]
      .filter(([k, m]) => k.startsWith(prefix) && m.personId === personId)
      .map(([k]) => k.slice(prefix.length))
      .sort();
  }

  async findPersonsByDistinctIds(projectId: number, distinctIds: string[]): Promise<Person[]> {
    const wanted = new Set(distinctIds);
    return this.livePersons(projectId).filter((p) => p.distinctIds.some((d) => wanted.has(d)));
  }

  async listPersons(q: PersonQuery): Promise<Person[]> {
    return this.filteredPersons(q)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(q.offset, q.offset + q.limit);
  }

  async countPersons(q: PersonFilter): Promise<number> {
    return this.filteredPersons(q).length;
  }

  private filteredPersons(q: PersonFilter): Person[] {
    const search = q.search?.toLowerCase();
    return this.livePersons(q.projectId)
      .filter((p) => q.distinctId === undefined || p.distinctIds.includes(q.distinctId))
      .filter(
        (p) =>
          !search || p.id.includes(search) || matches(p.properties, search) || matches(p.distinctIds, search),
      );
  }

  async listGroupTypes(projectId?: number): Promise<GroupType[]> {
    return this.groupTypes.filter((t) => projectId === undefined || t.projectId === projectId).map(clone);
  }

  async findGroups(
    projectId: number,
    refs: { groupTypeIndex: number; groupKey: string }[],
  ): Promise<Group[]> {
    return refs.flatMap((r) => {
      const g = this.groupRows.get(`${projectId}:${r.groupTypeIndex}:${r.groupKey}`);
      return g ? [clone(g)] : [];
    });
  }

  async listGroups(q: GroupQuery): Promise<Group[]> {
    const search = q.search?.toLowerCase();
    return [...this.groupRows.values()]
      .filter((g) => g.projectId === q.projectId && g.groupTypeIndex === q.groupTypeIndex)
      .filter((g) => !search || g.groupKey.toLowerCase().includes(search) || matches(g.properties, search))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(q.offset, q.offset + q.limit)
      .map(clone);
  }

  async close(): Promise<void> {}
}
