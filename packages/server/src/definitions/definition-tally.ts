import type { Properties, StoredEvent } from '../events/event.ts';
import type { Group } from '../groups/group.ts';
import type { Person } from '../persons/person.ts';
import type { EventSighting, PropertyKind, PropertySighting } from './definition.ts';
import { inferPropertyType, SKIPPED_KEYS } from './property-type.ts';

/** What a tally is fed: a committed write set, or stored rows read back for a backfill. */
export interface TallyInput {
  events: readonly StoredEvent[];
  persons: readonly { person: Person; deleted: boolean }[];
  groups: readonly Group[];
}

/** Per environment: every property key met so far (`kind:index:name`) → whether it has a type yet. */
type KeysSeen = Map<string, boolean>;

/**
 * Counts event names and collects property keys not seen before, between two writes to the store. Per event it
 * costs one Map lookup for the name and one per property key; only a key never met (or met untyped) does more.
 * `seen` outlives the tally (the recorder keeps it), so a key is written once per process.
 */
export class DefinitionTally {
  readonly events = new Map<string, EventSighting>();
  readonly properties: PropertySighting[] = [];
  /** The newest creation time among the events counted, for the store's watermark. */
  newestCreatedAt: Date | null = null;

  constructor(
    private readonly seen: Map<number, KeysSeen>,
    private readonly now: Date,
  ) {}

  add(input: TallyInput): void {
    for (const e of input.events) this.addEvent(e);
    for (const p of input.persons)
      if (!p.deleted)
        this.addKeys(p.person.projectId, 'person', null, p.person.properties, p.person.createdAt);
    for (const g of input.groups)
      this.addKeys(g.projectId, 'group', g.groupTypeIndex, g.properties, g.createdAt);
  }

  isEmpty(): boolean {
    return this.events.size === 0 && this.properties.length === 0;
  }

  private addEvent(e: StoredEvent): void {
    // Environment ids are small integers and names are short: one string key keeps this to one lookup.
    const key = `${e.projectId}\u0000${e.event}`;
    const s = this.events.get(key);
    if (s) {
      s.count += 1;
      if (e.timestamp < s.firstSeenAt) s.firstSeenAt = e.timestamp;
      if (e.timestamp > s.lastSeenAt) s.lastSeenAt = e.timestamp;
    } else {
      const at = e.timestamp;
      this.events.set(key, {
        projectId: e.projectId,
        name: e.event,
        firstSeenAt: at,
        lastSeenAt: at,
        count: 1,
      });
    }
    if (this.newestCreatedAt === null || e.createdAt > this.newestCreatedAt)
      this.newestCreatedAt = e.createdAt;
    this.addKeys(e.projectId, 'event', null, e.properties, e.timestamp);
  }

  private addKeys(
    projectId: number,
    kind: PropertyKind,
    groupTypeIndex: number | null,
    properties: Properties,
    seenAt: Date,
  ): void {
    let seen = this.seen.get(projectId);
    if (!seen) {
      seen = new Map();
      this.seen.set(projectId, seen);
    }
    const prefix = kind === 'group' ? `group:${groupTypeIndex}:` : `${kind}::`;
    for (const name in properties) {
      const typed = seen.get(prefix + name);
      if (typed === true) continue;
      if (SKIPPED_KEYS.has(name)) continue;
      const propertyType = inferPropertyType(name, properties[name], this.now);
      // An untyped key is written again only once a value gives it a type.
      if (typed === false && propertyType === null) continue;
      seen.set(prefix + name, propertyType !== null);
      this.properties.push({ projectId, name, kind, groupTypeIndex, propertyType, seenAt });
    }
  }
}
