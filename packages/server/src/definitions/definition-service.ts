import { AppError } from '../errors/app-error.ts';
import type { DefinitionMarks, EventDefinition, PropertyDefinition } from './definition.ts';
import type { UpdateDefinitionInput } from './definition-schemas.ts';
import type {
  DefinitionPage,
  DefinitionStore,
  EventDefinitionQuery,
  PropertyDefinitionQuery,
  StoredMarks,
} from './definition-store.ts';

export interface DefinitionServiceDeps {
  store: DefinitionStore;
  now?: () => Date;
}

/** Ids are UUIDs; anything else cannot name a definition (and must not reach a UUID column). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads definitions per environment and applies members' marks (description, verified, hidden). */
export class DefinitionService {
  private readonly now: () => Date;

  constructor(private readonly deps: DefinitionServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  listEvents(query: EventDefinitionQuery): Promise<DefinitionPage<EventDefinition>> {
    return this.deps.store.listEvents(query);
  }

  listProperties(query: PropertyDefinitionQuery): Promise<DefinitionPage<PropertyDefinition>> {
    return this.deps.store.listProperties(query);
  }

  async getEvent(environmentId: number, id: string): Promise<EventDefinition> {
    const d = UUID.test(id) ? await this.deps.store.getEvent(environmentId, id) : undefined;
    if (!d) throw new AppError('EVENT_DEFINITION_NOT_FOUND', `No event definition with id "${id}".`);
    return d;
  }

  async getProperty(environmentId: number, id: string): Promise<PropertyDefinition> {
    const d = UUID.test(id) ? await this.deps.store.getProperty(environmentId, id) : undefined;
    if (!d) throw new AppError('PROPERTY_DEFINITION_NOT_FOUND', `No property definition with id "${id}".`);
    return d;
  }

  async markEvent(environmentId: number, id: string, input: UpdateDefinitionInput, by: string) {
    const current = await this.getEvent(environmentId, id);
    await this.deps.store.markEvent(environmentId, id, this.marks(current, input, by));
    return this.getEvent(environmentId, id);
  }

  async markProperty(environmentId: number, id: string, input: UpdateDefinitionInput, by: string) {
    const current = await this.getProperty(environmentId, id);
    await this.deps.store.markProperty(environmentId, id, this.marks(current, input, by));
    return this.getProperty(environmentId, id);
  }

  private marks(current: DefinitionMarks, input: UpdateDefinitionInput, by: string): StoredMarks {
    const now = this.now();
    const verified = input.verified ?? current.verified;
    return {
      description: input.description === undefined ? current.description : (input.description ?? ''),
      verified,
      // Stamped when it becomes verified, kept while it stays so, cleared when unmarked.
      verifiedAt: !verified ? null : current.verified ? current.verifiedAt : now,
      hidden: input.hidden ?? current.hidden,
      updatedAt: now,
      updatedBy: by,
    };
  }
}
