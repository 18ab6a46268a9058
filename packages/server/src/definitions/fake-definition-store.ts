import { randomUUID } from 'node:crypto';
import type { EventDefinition, PropertyDefinition } from './definition.ts';
import {
  byName,
  byVolumeThenName,
  type DefinitionPage,
  type DefinitionStore,
  type DefinitionWrite,
  type EventDefinitionQuery,
  type PropertyDefinitionQuery,
  type StoredMarks,
} from './definition-store.ts';

const unmarked = {
  description: '',
  verified: false,
  verifiedAt: null,
  hidden: false,
  updatedAt: null,
  updatedBy: null,
};

function page<T extends { name: string; hidden: boolean }>(
  rows: T[],
  q: { search?: string | undefined; excludeHidden?: boolean | undefined; limit: number; offset: number },
): DefinitionPage<T> {
  const needle = q.search?.toLowerCase();
  const kept = rows.filter(
    (r) => !(q.excludeHidden && r.hidden) && (!needle || r.name.toLowerCase().includes(needle)),
  );
  return { total: kept.length, results: structuredClone(kept.slice(q.offset, q.offset + q.limit)) };
}

export class FakeDefinitionStore implements DefinitionStore {
  private readonly events = new Map<string, EventDefinition>();
  private readonly properties = new Map<string, PropertyDefinition>();
  private watermark: Date | null = null;

  async record(write: DefinitionWrite): Promise<void> {
    for (const s of write.events) {
      const key = JSON.stringify([s.projectId, s.name]);
      const d = this.events.get(key);
      if (!d) {
        this.events.set(key, {
          id: randomUUID(),
          projectId: s.projectId,
          name: s.name,
          firstSeenAt: s.firstSeenAt,
          lastSeenAt: s.lastSeenAt,
          volume: s.count,
          ...unmarked,
        });
        continue;
      }
      if (s.firstSeenAt < d.firstSeenAt) d.firstSeenAt = s.firstSeenAt;
      if (s.lastSeenAt > d.lastSeenAt) d.lastSeenAt = s.lastSeenAt;
      d.volume += s.count;
    }
    for (const s of write.properties) {
      const key = JSON.stringify([s.projectId, s.kind, s.groupTypeIndex, s.name]);
      const d = this.properties.get(key);
      if (!d) {
        this.properties.set(key, {
          id: randomUUID(),
          projectId: s.projectId,
          name: s.name,
          kind: s.kind,
          groupTypeIndex: s.groupTypeIndex,
          propertyType: s.propertyType,
          firstSeenAt: s.seenAt,
          ...unmarked,
        });
        continue;
      }
      d.propertyType ??= s.propertyType;
      if (s.seenAt < d.firstSeenAt) d.firstSeenAt = s.seenAt;
    }
    if (write.accountedUntil) this.watermark = write.accountedUntil;
  }

  async accountedUntil(): Promise<Date | null> {
    return this.watermark;
  }

  async listEvents(q: EventDefinitionQuery): Promise<DefinitionPage<EventDefinition>> {
    const rows = [...this.events.values()].filter((d) => d.projectId === q.projectId).sort(byVolumeThenName);
    return page(rows, q);
  }

  async listProperties(q: PropertyDefinitionQuery): Promise<DefinitionPage<PropertyDefinition>> {
    const rows = [...this.properties.values()]
      .filter(
        (d) =>
          d.projectId === q.projectId &&
          (q.kind === undefined || d.kind === q.kind) &&
          (q.groupTypeIndex === undefined || d.groupTypeIndex === q.groupTypeIndex),
      )
      .sort(byName);
    return page(rows, q);
  }

  async getEvent(projectId: number, id: string): Promise<EventDefinition | undefined> {
    const d = [...this.events.values()].find((e) => e.id === id && e.projectId === projectId);
    return d && structuredClone(d);
  }

  async getProperty(projectId: number, id: string): Promise<PropertyDefinition | undefined> {
    const d = [...this.properties.values()].find((e) => e.id === id && e.projectId === projectId);
    return d && structuredClone(d);
  }

  async markEvent(projectId: number, id: string, marks: StoredMarks): Promise<boolean> {
    const d = [...this.events.values()].find((e) => e.id === id && e.projectId === projectId);
    if (d) Object.assign(d, marks);
    return d !== undefined;
  }

  async markProperty(projectId: number, id: string, marks: StoredMarks): Promise<boolean> {
    const d = [...this.properties.values()].find((e) => e.id === id && e.projectId === projectId);
    if (d) Object.assign(d, marks);
    return d !== undefined;
  }
}
