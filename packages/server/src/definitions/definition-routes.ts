import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ChangeContextOf } from '../activity-log/change-context.ts';
import { type ApiEnv, environmentOf } from '../api/api-auth.ts';
import { parseJsonBody } from '../api/json-body.ts';
import { parseQuery } from '../api/query-params.ts';
import { eventDefinitionJson, propertyDefinitionJson } from './definition-json.ts';
import {
  listEventDefinitionsQuerySchema,
  listPropertyDefinitionsQuerySchema,
  updateDefinitionSchema,
} from './definition-schemas.ts';
import type { DefinitionService } from './definition-service.ts';

const EVENTS = '/api/projects/:projectId/event_definitions';
const PROPERTIES = '/api/projects/:projectId/property_definitions';

/** PostHog's `{count, next, previous, results}` page, with `next` keeping the caller's other parameters. */
function pageJson<T>(c: Context, total: number, results: T[], limit: number, offset: number) {
  const at = (o: number) => {
    const url = new URL(c.req.url);
    url.searchParams.set('offset', String(o));
    url.searchParams.set('limit', String(limit));
    return url.toString();
  };
  return {
    count: total,
    next: offset + limit < total ? at(offset + limit) : null,
    previous: offset > 0 ? at(Math.max(0, offset - limit)) : null,
    results,
  };
}

/**
 * PostHog's data-management API: every event name and property key seen in the current environment, with
 * members' descriptions and verified/hidden marks (GET, PATCH; definitions are never created by hand).
 */
export function definitionRoutes(definitions: DefinitionService, changeOf: ChangeContextOf): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  const by = (c: Context<ApiEnv>) => changeOf(c).actor.name;

  app.get(EVENTS, async (c) => {
    const q = parseQuery(c, listEventDefinitionsQuerySchema);
    const { total, results } = await definitions.listEvents({
      projectId: environmentOf(c).id,
      search: q.search,
      excludeHidden: q.exclude_hidden,
      limit: q.limit,
      offset: q.offset,
    });
    return c.json(pageJson(c, total, results.map(eventDefinitionJson), q.limit, q.offset));
  });

  app.get(`${EVENTS}/:id`, async (c) =>
    c.json(eventDefinitionJson(await definitions.getEvent(environmentOf(c).id, c.req.param('id')))),
  );

  app.patch(`${EVENTS}/:id`, async (c) => {
    const input = await parseJsonBody(c, updateDefinitionSchema);
    const d = await definitions.markEvent(environmentOf(c).id, c.req.param('id'), input, by(c));
    return c.json(eventDefinitionJson(d));
  });

  app.get(PROPERTIES, async (c) => {
    const q = parseQuery(c, listPropertyDefinitionsQuerySchema);
    const { total, results } = await definitions.listProperties({
      projectId: environmentOf(c).id,
      search: q.search,
      excludeHidden: q.exclude_hidden,
      kind: q.type,
      groupTypeIndex: q.type === 'group' ? q.group_type_index : undefined,
      limit: q.limit,
      offset: q.offset,
    });
    return c.json(pageJson(c, total, results.map(propertyDefinitionJson), q.limit, q.offset));
  });

  app.get(`${PROPERTIES}/:id`, async (c) =>
    c.json(propertyDefinitionJson(await definitions.getProperty(environmentOf(c).id, c.req.param('id')))),
  );

  app.patch(`${PROPERTIES}/:id`, async (c) => {
    const input = await parseJsonBody(c, updateDefinitionSchema);
    const d = await definitions.markProperty(environmentOf(c).id, c.req.param('id'), input, by(c));
    return c.json(propertyDefinitionJson(d));
  });
  return app;
}
