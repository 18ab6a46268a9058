import { AppError } from '../errors/app-error.ts';
import type { IncomingEvent } from '../events/event.ts';
import type { IngestionQueue } from '../ingestion/ingestion-queue.ts';
import { isIllegalDistinctId } from '../persons/illegal-ids.ts';
import type { IngestionWarning } from '../persons/person-processor.ts';
import { uuidv5 } from '../util/uuid.ts';
import type { ImportedPerson } from './person-import-schemas.ts';

// Fixed namespace: the synthetic events of one person get the same uuids on every run (they are never stored).
const IMPORT_NAMESPACE = '4f0c1c9e-2b9a-4d0e-9a51-0d6f0f3c7a11';

/**
 * Persons taken whole from another system (an import), written through the ingestion queue's person path so
 * merges, the identity caches and other nodes' change feeds behave as for captured events. Each person becomes
 * `$merge_dangerously` of every further distinct id into the first (the source already decided they are one
 * person) and a `$set` of its properties, timestamped at its creation; no event row is stored. Sending the same
 * person again changes nothing: the ids already share the person and the properties are equal.
 */
export class PersonImportService {
  constructor(private readonly queue: Pick<IngestionQueue, 'submit'>) {}

  async importPersons(
    environmentId: number,
    persons: ImportedPerson[],
    groupTypes: string[] = [],
  ): Promise<{ imported: number; warnings: IngestionWarning[] }> {
    // A personless event naming a group registers its type and touches no person and no group row.
    const events: IncomingEvent[] = groupTypes.map((type) => ({
      uuid: uuidv5(`group-type:${type}`, IMPORT_NAMESPACE),
      event: '$import_group_type',
      distinctId: 'signpost-import',
      properties: {
        $process_person_profile: false,
        $groups: Object.fromEntries([[type, 'signpost-import']]),
      },
      timestamp: new Date(0),
    }));
    persons.forEach((person, i) => {
      const illegal = person.distinct_ids.find(isIllegalDistinctId);
      if (illegal !== undefined)
        throw new AppError(
          'INVALID_BODY',
          `"${illegal}" is not a real user id and cannot name an imported person.`,
          `persons.${i}.distinct_ids`,
        );
      events.push(...eventsOf(person));
    });
    if (events.length === 0) return { imported: 0, warnings: [] };
    const result = await this.queue.submit(environmentId, events, { personsOnly: true });
    return { imported: persons.length, warnings: result.warnings };
  }
}

function eventsOf(person: ImportedPerson): IncomingEvent[] {
  const [first, ...others] = person.distinct_ids as [string, ...string[]];
  const timestamp = new Date(person.created_at);
  const event = (name: string, properties: Record<string, unknown>, n: number): IncomingEvent => ({
    uuid: uuidv5(`${first}:${n}`, IMPORT_NAMESPACE),
    event: name,
    distinctId: first,
    properties,
    timestamp,
  });
  return [
    ...others.map((alias, n) => event('$merge_dangerously', { alias }, n + 1)),
    event('$set', { $set: person.properties }, 0),
  ];
}
