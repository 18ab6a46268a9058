import { Hono } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import type { StoredEvent } from '../events/event.ts';
import type { GroupIndex } from '../events/event-store.ts';
import type { Group } from '../groups/group.ts';
import type { Person } from '../persons/person.ts';
import type { Storage } from '../storage/storage.ts';
import { type ApiEnv, environmentOf } from './api-auth.ts';
import {
  type eventResponseSchema,
  eventsQuerySchema,
  groupFindQuerySchema,
  type groupResponseSchema,
  groupsQuerySchema,
  type personResponseSchema,
  personsQuerySchema,
} from './api-schemas.ts';
import { page, parseQuery } from './query-params.ts';

const eventJson = (e: StoredEvent): z.infer<typeof eventResponseSchema> => ({
  id: e.uuid,
  uuid: e.uuid,
  distinct_id: e.distinctId,
  event: e.event,
  properties: e.properties,
  timestamp: e.timestamp.toISOString(),
  person_id: e.personId,
  elements: [],
  elements_chain: typeof e.properties.$elements_chain === 'string' ? e.properties.$elements_chain : '',
});

const personName = (p: Person): string => {
  const email = p.properties.email;
  return typeof email === 'string' ? email : (p.distinctIds[0] ?? p.id);
};

const personJson = (p: Person): z.infer<typeof personResponseSchema> => ({
  id: p.id,
  uuid: p.id,
  name: personName(p),
  distinct_ids: p.distinctIds,
  properties: p.properties,
  created_at: p.createdAt.toISOString(),
  is_identified: p.isIdentified,
});

const groupJson = (g: Group): z.infer<typeof groupResponseSchema> => ({
  group_type_index: g.groupTypeIndex,
  group_key: g.groupKey,
  group_properties: g.properties,
  created_at: g.createdAt.toISOString(),
});

/** The read API under /api/projects/:projectId (PostHog's shapes); authentication is the caller's job. */
export function readRoutes(storage: Storage): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });

  app.get('/api/projects/:projectId/events', async (c) => {
    const project = environmentOf(c);
    const q = parseQuery(c, eventsQuerySchema);
    let distinctIds = q.distinct_id ? [q.distinct_id] : undefined;
    if (q.person_id) {
      const [person] = (
        await storage.persons.listPersons({ projectId: project.id, limit: 1, offset: 0, search: q.person_id })
      ).filter((p) => p.id === q.person_id);
      distinctIds = (person?.distinctIds ?? []).filter((d) => !distinctIds || distinctIds.includes(d));
    }
    const events = await storage.events.listEvents({
      projectId: project.id,
      event: q.event,
      distinctIds,
      after: q.after,
      before: q.before,
      group:
        q.group_type_index !== undefined && q.group_key !== undefined
          ? { index: q.group_type_index as GroupIndex, key: q.group_key }
          : undefined,
      limit: q.limit,
      offset: q.offset,
    });
    return c.json(page(c, events.map(eventJson), q.limit, q.offset));
  });

  app.get('/api/projects/:projectId/persons', async (c) => {
    const project = environmentOf(c);
    const q = parseQuery(c, personsQuerySchema);
    const filter = { projectId: project.id, distinctId: q.distinct_id, search: q.search };
    // The total lets a list say "1–100 of 23,410" and page to the end (PostHog's list omits it; SDKs ignore it).
    const [persons, count] = await Promise.all([
      storage.persons.listPersons({ ...filter, limit: q.limit, offset: q.offset }),
      storage.persons.countPersons(filter),
    ]);
    return c.json({ ...page(c, persons.map(personJson), q.limit, q.offset), count });
  });

  app.get('/api/projects/:projectId/groups_types', async (c) => {
    const project = environmentOf(c);
    const types = await storage.groups.listGroupTypes(project.id);
    return c.json(
      types.map((t) => ({
        group_type: t.groupType,
        group_type_index: t.groupTypeIndex,
        name_singular: null,
        name_plural: null,
      })),
    );
  });

  app.get('/api/projects/:projectId/groups/find', async (c) => {
    const project = environmentOf(c);
    const q = parseQuery(c, groupFindQuerySchema);
    const [group] = await storage.groups.findGroups(project.id, [
      { groupTypeIndex: q.group_type_index, groupKey: q.group_key },
    ]);
    if (!group)
      throw new AppError('NOT_FOUND', `No group "${q.group_key}" of type index ${q.group_type_index}.`);
    return c.json(groupJson(group));
  });

  app.get('/api/projects/:projectId/groups', async (c) => {
    const project = environmentOf(c);
    const q = parseQuery(c, groupsQuerySchema);
    const groups = await storage.groups.listGroups({
      projectId: project.id,
      groupTypeIndex: q.group_type_index,
      search: q.search,
      limit: q.limit,
      offset: q.offset,
    });
    return c.json(page(c, groups.map(groupJson), q.limit, q.offset));
  });
  return app;
}
