import type { DefinitionMarks, EventDefinition, PropertyDefinition, PropertyKind } from './definition.ts';

/** PostHog's `PropertyDefinition.Type` numbers, which its API answers with. */
const KIND_NUMBER: Record<PropertyKind, number> = { event: 1, person: 2, group: 3 };

const iso = (d: Date | null) => d?.toISOString() ?? null;

const marksJson = (d: DefinitionMarks & { id: string; name: string }) => ({
  id: d.id,
  name: d.name,
  description: d.description,
  verified: d.verified,
  verified_at: iso(d.verifiedAt),
  hidden: d.hidden,
  updated_at: iso(d.updatedAt),
  updated_by: d.updatedBy,
  // PostHog's tags are an enterprise feature; the field is kept so its clients read the shape they expect.
  tags: [] as string[],
});

export function eventDefinitionJson(d: EventDefinition) {
  return {
    ...marksJson(d),
    created_at: d.firstSeenAt.toISOString(),
    last_seen_at: d.lastSeenAt.toISOString(),
    volume: d.volume,
    volume_30_day: null,
    query_usage_30_day: null,
  };
}

export function propertyDefinitionJson(d: PropertyDefinition) {
  return {
    ...marksJson(d),
    type: KIND_NUMBER[d.kind],
    group_type_index: d.groupTypeIndex,
    property_type: d.propertyType,
    is_numerical: d.propertyType === 'Numeric',
    is_seen_on_filtered_events: null,
  };
}
