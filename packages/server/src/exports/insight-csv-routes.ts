import type { Context } from 'hono';
import { Hono } from 'hono';
import { type ApiEnv, projectOf, queryTargetOf } from '../api/api-auth.ts';
import { idParam } from '../api/json-body.ts';
import { readJson } from '../http/read-json.ts';
import { insightSource } from '../insights/insight-query.ts';
import type { InsightService } from '../insights/insight-service.ts';
import type { QueryService } from '../insights/query-service.ts';
import { csvFilename, resultTable, tableCsv } from './insight-csv.ts';

const wantsCsv = (c: Context) =>
  c.req.query('format') === 'csv' || (c.req.header('accept') ?? '').includes('text/csv');

const csvResponse = (c: Context, name: string, csv: string) =>
  c.body(csv, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${csvFilename(name)}"`,
  });

/**
 * `?format=csv` (or `Accept: text/csv`) on the query endpoint and on an insight: the same result as a
 * table. Registered ahead of the JSON routes, which answer every other request unchanged.
 */
export function insightCsvRoutes(deps: { insights: InsightService; queries: QueryService }): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  app.post('/api/projects/:projectId/query', async (c, next) => {
    if (!wantsCsv(c)) return next();
    const body = await readJson(c);
    const response = await deps.queries.run(queryTargetOf(c), body);
    const kind = String((body as { query: { kind: string } }).query.kind);
    return csvResponse(c, kind.replace(/Query$/, ''), tableCsv(resultTable(kind, response)));
  });
  app.get('/api/projects/:projectId/insights/:id', async (c, next) => {
    if (!wantsCsv(c)) return next();
    const project = projectOf(c);
    const insight = deps.insights.get(project.id, idParam(c));
    const source = insightSource(insight.query);
    const refresh = c.req.query('refresh');
    const response = await deps.queries.run(queryTargetOf(c), { query: source, refresh: refresh === 'true' });
    return csvResponse(c, insight.name ?? source.kind, tableCsv(resultTable(source.kind, response)));
  });
  return app;
}
