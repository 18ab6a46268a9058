import { Hono } from 'hono';
import { type ApiEnv, projectOf } from '../api/api-auth.ts';
import { templateJson } from './dashboard-json.ts';
import { DASHBOARD_TEMPLATES } from './dashboard-templates.ts';

/** `GET /dashboard_templates/`: the built-in templates a dashboard can be created from with `use_template`. */
export function dashboardTemplateRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  app.get('/api/projects/:projectId/dashboard_templates', (c) => {
    projectOf(c);
    const results = DASHBOARD_TEMPLATES.map(templateJson);
    return c.json({ count: results.length, next: null, previous: null, results });
  });
  return app;
}
