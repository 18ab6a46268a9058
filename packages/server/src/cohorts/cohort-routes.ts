import { type Context, Hono } from 'hono';
import { type ApiEnv, environmentOf, projectOf } from '../api/api-auth.ts';
import { idParam, parseJsonBody, validateInput } from '../api/json-body.ts';
import { AppError } from '../errors/app-error.ts';
import { readText } from '../http/read-json.ts';
import type { Person } from '../persons/person.ts';
import type { Cohort } from './cohort.ts';
import { createCohortSchema, updateCohortSchema } from './cohort-schemas.ts';
import type { CohortService } from './cohort-service.ts';
import { parseMemberCsv } from './parse-member-csv.ts';
import { readMultipart } from './read-multipart.ts';

const BASE = '/api/projects/:projectId/cohorts';

const cohortJson = (c: Cohort, count: number | null, cohorts: CohortService) => {
  const status = cohorts.membershipStatus(c.id);
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    filters: c.filters,
    is_static: c.isStatic,
    deleted: c.deleted,
    count,
    is_calculating: false,
    // PostHog's field: when flags' copy of a behavioural cohort's membership was last computed.
    last_calculation: status?.lastComputed?.toISOString() ?? null,
    /** Signpost's: behavioural cohorts only, how often that copy is recomputed (null: it is not). */
    recompute_interval_minutes: status?.intervalMs ? status.intervalMs / 60_000 : null,
    is_behavioral: status !== null,
    version: c.version,
    created_by: c.createdBy,
    created_at: c.createdAt.toISOString(),
  };
};

const personJson = (p: Person) => ({
  id: p.id,
  uuid: p.id,
  distinct_ids: p.distinctIds,
  properties: p.properties,
  created_at: p.createdAt.toISOString(),
  is_identified: p.isIdentified,
});

/** A CSV upload: a `text/csv` body, or a multipart form whose `csv` (or `file`) field holds the file. */
async function csvUpload(
  c: Context<ApiEnv>,
): Promise<{ ids: string[]; fields: Record<string, string> } | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('text/csv') || type.startsWith('text/plain'))
    return { ids: parseMemberCsv(await readText(c)), fields: {} };
  if (!type.startsWith('multipart/form-data')) return undefined;
  const form = await readMultipart(c, type);
  const file = form.get('csv') ?? form.get('file');
  if (!file || typeof file === 'string')
    throw new AppError('INVALID_BODY', 'Attach the members as a "csv" file field.', 'csv');
  // Entries, not assignment: field names are the caller's, and `fields['__proto__'] = v` would not store one.
  const fields = Object.fromEntries(
    [...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return { ids: parseMemberCsv(await file.text()), fields };
}

/** PostHog's cohort API: dynamic (person-property filters) and static (uploaded distinct ids) cohorts. */
export function cohortRoutes(cohorts: CohortService): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  // Counts are of the request's environment's persons (cohorts are the project's, persons each environment's).
  const counter = (ctx: Context<ApiEnv>) => async (c: Cohort) =>
    cohortJson(c, (await cohorts.persons(c.projectId, c.id, environmentOf(ctx).id)).length, cohorts);
  // After a committed write the count is extra: failing to read it (storage went away in between) must not
  // turn the answer into an error for a cohort that was stored.
  const savedCounter = (ctx: Context<ApiEnv>) => (c: Cohort) =>
    counter(ctx)(c).catch(() => cohortJson(c, null, cohorts));

  app.get(BASE, async (c) => {
    const list = cohorts.list(projectOf(c).id);
    return c.json({
      count: list.length,
      next: null,
      previous: null,
      results: await Promise.all(list.map(counter(c))),
    });
  });

  app.post(BASE, async (c) => {
    const project = projectOf(c);
    const upload = await csvUpload(c);
    const input = upload
      ? validateInput(createCohortSchema, {
          name: upload.fields.name ?? 'Uploaded cohort',
          description: upload.fields.description,
          is_static: true,
          distinct_ids: upload.ids,
        })
      : await parseJsonBody(c, createCohortSchema);
    return c.json(await savedCounter(c)(await cohorts.create(project.id, input, c.get('actor'))), 201);
  });

  app.get(`${BASE}/:id/persons`, async (c) => {
    const persons = await cohorts.persons(projectOf(c).id, idParam(c), environmentOf(c).id);
    return c.json({ results: persons.map(personJson), next: null });
  });

  app.get(`${BASE}/:id`, async (c) => c.json(await counter(c)(cohorts.get(projectOf(c).id, idParam(c)))));

  app.patch(`${BASE}/:id`, async (c) => {
    const project = projectOf(c);
    const upload = await csvUpload(c);
    const input = upload ? { distinct_ids: upload.ids } : await parseJsonBody(c, updateCohortSchema);
    return c.json(await savedCounter(c)(await cohorts.update(project.id, idParam(c), input)));
  });

  app.delete(`${BASE}/:id`, async (c) => {
    await cohorts.update(projectOf(c).id, idParam(c), { deleted: true });
    return c.body(null, 204);
  });
  return app;
}
