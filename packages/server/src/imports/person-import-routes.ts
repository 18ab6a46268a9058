import { Hono } from 'hono';
import { type ApiEnv, environmentOf } from '../api/api-auth.ts';
import { parseJsonBody } from '../api/json-body.ts';
import { importPersonsSchema } from './person-import-schemas.ts';
import type { PersonImportService } from './person-import-service.ts';

/** `POST …/persons/import/`: persons with all their distinct ids, for imports (admins: `person:write`). */
export function personImportRoutes(service: PersonImportService): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  app.post('/api/projects/:projectId/persons/import', async (c) => {
    const { persons, group_types } = await parseJsonBody(c, importPersonsSchema);
    const result = await service.importPersons(environmentOf(c).id, persons, group_types);
    return c.json({
      imported: result.imported,
      warnings: result.warnings.map((w) => ({ code: w.code, detail: w.detail })),
    });
  });
  return app;
}
