import { Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, projectOf } from '../api/api-auth.ts';
import { parseJsonBody } from '../api/json-body.ts';
import { storable } from '../api/storable-json.ts';
import type { Project } from './project.ts';
import type { ProjectService } from './project-service.ts';

/** Intl knows the IANA zones this Node build can convert to; anything else would break every insight. */
const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const updateProjectSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    timezone: z
      .string()
      .refine(isTimeZone, { message: 'not an IANA time zone such as "Europe/Berlin" or "UTC"' })
      .optional(),
  })
  .strict();

export const projectJson = (p: Project) => ({
  id: p.id,
  name: p.name,
  api_token: p.apiToken,
  timezone: p.timezone,
  created_at: p.createdAt.toISOString(),
});

/** `GET` and `PATCH /api/projects/@current/`: the project, its public key and the timezone insights use. */
export function projectRoutes(projects: ProjectService): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  app.get('/api/projects/:projectId', (c) => c.json(projectJson(projectOf(c))));
  app.patch('/api/projects/:projectId', async (c) => {
    const changes = await parseJsonBody(c, storable(updateProjectSchema));
    return c.json(projectJson(await projects.updateProject(projectOf(c).id, changes)));
  });
  return app;
}
