import type { Person } from './person.ts';

export interface PersonQuery {
  projectId: number;
  distinctId?: string | undefined;
  /** Matches a distinct id, the person uuid, or any property value (case-insensitive substring). */
  search?: string | undefined;
  limit: number;
  offset: number;
}

/** A person query's filters alone. */
export type PersonFilter = Omit<PersonQuery, 'limit' | 'offset'>;

export interface PersonStore {
  /** Persons owning any of these distinct ids, each with all of its distinct ids. */
  findPersonsByDistinctIds(projectId: number, distinctIds: string[]): Promise<Person[]>;
  listPersons(query: PersonQuery): Promise<Person[]>;
  /** How many persons `listPersons` would page through (its filters, no limit): the total a list shows. */
  countPersons(query: PersonFilter): Promise<number>;
}
