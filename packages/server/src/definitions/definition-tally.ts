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

/** Property key → whether it has a type yet. */
type KeysSeen = Map<string, boolean>;
/**
 * Per environment, the keys met so far: one map for event keys, one for person keys, one per group type index.
 * Nested maps rather than one map of composed keys: composing a string per key per event was the tally's cost.
 */
export interface EnvironmentKeys {
  event: KeysSeen;
  person: KeysSeen;
  group: KeysSeen[];
}

/**
 * Counts event names and collects property keys not seen before, between two writes to the store. Per event it
 * costs one Map lookup for the name and one per property key; only a key never met (or met untyped) does more.
 * `seen` outlives the tally (the recorder keeps it), so a key is written once per process.
 */
export class DefinitionTally {
  /** Environment id → event name → sighting. */
  private readonly byEnvironment = new Map<number, Map<string, EventSighting>>();
  readonly properties: PropertySighting[] = [];
  /** The newest creation time among the events counted, for the store's watermark. */
  newestCreatedAt: Date | null = null;

  constructor(
    private readonly seen: Map<number, EnvironmentKeys>,
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
    return this.byEnvironment.size === 0 && this.properties.length === 0;
  }

  get events(): EventSighting[] {
    return [...this.byEnvironment.values()].flatMap((m) => [...m.values()]);
  }

  private addEvent(e: StoredEvent): void {
    let names = this.byEnvironment.get(e.projectId);
    if (!names) {
      names = new Map();
      this.byEnvironment.set(e.projectId, names);
    }
    const s = names.get(e.event);
    if (s) {
      s.count += 1;
      // getTime(): comparing Dates with < converts both through valueOf, several times slower.
      const t = e.timestamp.getTime();
      if (t < s.firstSeenAt.getTime()) s.firstSeenAt = e.timestamp;
      if (t > s.lastSeenAt.getTime()) s.lastSeenAt = e.timestamp;
    } else {
      const at = e.timestamp;
      names.set(e.event, {
        projectId: e.projectId,
        name: e.event,
        firstSeenAt: at,
        lastSeenAt: at,
        count: 1,
      });
    }
    if (this.newestCreatedAt === null || e.createdAt.getTime() > this.newestCreatedAt.getTime())
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
    let keys = this.seen.get(projectId);
    if (!keys) {
      keys = { event: new Map(), person: new Map(), group: [] };
      this.seen.set(projectId, keys);
    }
    let seen: KeysSeen | undefined = kind === 'group' ? keys.group[groupTypeIndex ?? 0] : keys[kind];
    if (!seen) {
      seen = new Map();
      keys.group[groupTypeIndex ?? 0] = seen;
    }
    for (const name in properties) {
      const typed = seen.get(name);
      if (typed === true) continue;
      if (SKIPPED_KEYS.has(name)) continue;
      const propertyType = inferPropertyType(name, properties[name], this.now);
      // An untyped key is written again only once a value gives it a type.
      if (typed === false && propertyType === null) continue;
      seen.set(name, propertyType !== null);
      this.properties.push({ projectId, name, kind, groupTypeIndex, propertyType, seenAt });
    }
  }
}
