/** Where a property key was seen: on events, on persons (`$set`), or on groups of one type (`$groupidentify`). */
export const PROPERTY_KINDS = ['event', 'person', 'group'] as const;
export type PropertyKind = (typeof PROPERTY_KINDS)[number];

/** PostHog's `property_type` values, inferred from the first non-empty value seen (see property-type.ts). */
export const PROPERTY_VALUE_TYPES = ['String', 'Numeric', 'Boolean', 'DateTime'] as const;
export type PropertyValueType = (typeof PROPERTY_VALUE_TYPES)[number];

/** What members add to a definition by hand; everything else comes from ingestion. */
export interface DefinitionMarks {
  description: string;
  verified: boolean;
  /** When it was last marked verified (null once unmarked). */
  verifiedAt: Date | null;
  /** Hidden ones are left out of every picker in the app. */
  hidden: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** One event name seen in one environment (definitions are keyed by environment id, like events). */
export interface EventDefinition extends DefinitionMarks {
  /** A UUID, as PostHog's ids are. */
  id: string;
  projectId: number;
  name: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** Events of this name stored since the definition began (see definition-recorder.ts for what a crash costs). */
  volume: number;
}

export interface PropertyDefinition extends DefinitionMarks {
  id: string;
  projectId: number;
  name: string;
  kind: PropertyKind;
  /** The group type's index 0–4 for `group` properties, null otherwise. */
  groupTypeIndex: number | null;
  /** Null while only empty values (null, objects, arrays) have been seen. */
  propertyType: PropertyValueType | null;
  firstSeenAt: Date;
}

/** Events of one name seen together: a flush of the recorder or a slice of the backfill. */
export interface EventSighting {
  projectId: number;
  name: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  count: number;
}

export interface PropertySighting {
  projectId: number;
  name: string;
  kind: PropertyKind;
  groupTypeIndex: number | null;
  propertyType: PropertyValueType | null;
  seenAt: Date;
}

export type DefinitionChanges = Partial<Pick<DefinitionMarks, 'description' | 'verified' | 'hidden'>>;
