import { z } from 'zod';
import {
  eventResponseSchema,
  eventsQuerySchema,
  groupFindQuerySchema,
  groupResponseSchema,
  groupsQuerySchema,
  personResponseSchema,
  personsQuerySchema,
} from '../api/api-schemas.ts';
import { createCohortSchema, updateCohortSchema } from '../cohorts/cohort-schemas.ts';
import { createDashboardSchema, updateDashboardSchema } from '../dashboards/dashboard-schemas.ts';
import {
  createExperimentSchema,
  listExperimentsQuerySchema,
  resultsQuerySchema,
  shipVariantSchema,
  updateExperimentSchema,
} from '../experiments/experiment-schemas.ts';
import { exportQuerySchema } from '../exports/export-schemas.ts';
import { createFlagSchema, listFlagsQuerySchema, updateFlagSchema } from '../flags/flag-schemas.ts';
import { errorSchema } from '../http/error-schema.ts';
import { captureResponseSchema, envelopeSchema, rawEventSchema } from '../ingestion/capture-schema.ts';
import { listInsightsQuerySchema } from '../insights/insight-routes.ts';
import { createInsightSchema, updateInsightSchema } from '../insights/insight-schemas.ts';
import { updateProjectSchema } from '../projects/project-routes.ts';
import { queryRequestSchema } from '../query/query-schemas.ts';

// The OpenAPI document is generated from the same zod schemas that validate requests, so it cannot drift.

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
const body = (schema: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema: json(schema) } },
});
const ok = (schema: z.ZodType, status = '200') => ({
  [status]: { description: 'OK', content: { 'application/json': { schema: json(schema) } } },
  default: { description: 'Error', content: { 'application/json': { schema: json(errorSchema) } } },
});
const page = (item: z.ZodType) => z.object({ results: z.array(item), next: z.string().nullable() });

function queryParameters(schema: z.ZodObject) {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: !(field as z.ZodType).safeParse(undefined).success,
    schema: json(field as z.ZodType),
  }));
}

const project = {
  name: 'projectId',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'A project id or @current',
};
const id = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };
const secured = [{ personalApiKey: [] }];

export function openApiDocument(): Record<string, unknown> {
  const captureOp = {
    summary: 'Capture events (PostHog wire format: envelope, array or single event; gzip, base64, lz64)',
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: json(z.union([envelopeSchema, z.array(rawEventSchema), rawEventSchema])),
        },
      },
    },
    responses: ok(captureResponseSchema),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Signpost API',
      version: '0.1.0',
      description: 'PostHog-compatible analytics and feature flags.',
    },
    components: {
      securitySchemes: {
        personalApiKey: { type: 'http', scheme: 'bearer', description: 'phx_… personal API key' },
      },
    },
    paths: {
      '/batch/': { post: captureOp },
      '/e/': { post: captureOp },
      '/i/v0/e/': { post: captureOp },
      '/api/projects/{projectId}/': {
        get: { security: secured, parameters: [project], responses: ok(z.object({})) },
        patch: {
          summary: 'Rename the project or set the IANA timezone its insights bucket by',
          security: secured,
          parameters: [project],
          requestBody: body(updateProjectSchema),
          responses: ok(z.object({})),
        },
      },
      '/api/projects/{projectId}/events/': {
        get: {
          security: secured,
          parameters: [project, ...queryParameters(eventsQuerySchema)],
          responses: ok(page(eventResponseSchema)),
        },
      },
      '/api/projects/{projectId}/events/export': {
        get: {
          summary: 'Every matching event, streamed as NDJSON, CSV or Parquet (no row limit)',
          security: secured,
          parameters: [project, ...queryParameters(exportQuerySchema)],
          responses: ok(z.string()),
        },
      },
      '/api/projects/{projectId}/persons/': {
        get: {
          security: secured,
          parameters: [project, ...queryParameters(personsQuerySchema)],
          responses: ok(page(personResponseSchema)),
        },
      },
      '/api/projects/{projectId}/groups/': {
        get: {
          security: secured,
          parameters: [project, ...queryParameters(groupsQuerySchema)],
          responses: ok(page(groupResponseSchema)),
        },
      },
      '/api/projects/{projectId}/groups/find': {
        get: {
          security: secured,
          parameters: [project, ...queryParameters(groupFindQuerySchema)],
          responses: ok(groupResponseSchema),
        },
      },
      '/api/projects/{projectId}/feature_flags/': {
        get: {
          security: secured,
          parameters: [project, ...queryParameters(listFlagsQuerySchema)],
          responses: ok(z.object({})),
        },
        post: {
          security: secured,
          parameters: [project],
          requestBody: body(createFlagSchema),
          responses: ok(z.object({}), '201'),
        },
      },
      '/api/projects/{projectId}/feature_flags/{id}/': {
        patch: {
          security: secured,
          parameters: [project, id],
          requestBody: body(updateFlagSchema),
          responses: ok(z.object({})),
        },
      },
      '/api/projects/{projectId}/cohorts/': {
        post: {
          security: secured,
          parameters: [project],
          requestBody: body(createCohortSchema),
          responses: ok(z.object({}), '201'),
        },
      },
      '/api/projects/{projectId}/cohorts/{id}/': {
        patch: {
          security: secured,
          parameters: [project, id],
          requestBody: body(updateCohortSchema),
          responses: ok(z.object({})),
        },
      },
      '/api/projects/{projectId}/query/': {
        post: {
          summary: "Run an insight query (TrendsQuery, EventsQuery) in PostHog's request and response shapes",
          security: secured,
          parameters: [project],
          requestBody: body(queryRequestSchema),
          responses: ok(z.object({ results: z.array(z.unknown()), is_cached: z.boolean() })),
        },
      },
      '/api/projects/{projectId}/insights/': {
        get: {
          security: secured,
          parameters: [project, ...queryParameters(listInsightsQuerySchema)],
          responses: ok(page(z.object({}))),
        },
        post: {
          summary: 'Save an insight (its query is validated like POST /query/)',
          security: secured,
          parameters: [project],
          requestBody: body(createInsightSchema),
          responses: ok(z.object({}), '201'),
        },
      },
      '/api/projects/{projectId}/insights/{id}/': {
        get: {
          summary: 'An insight with its result (?refresh=true recomputes)',
          security: secured,
          parameters: [project, id],
          responses: ok(z.object({ result: z.unknown() })),
        },
        patch: {
          security: secured,
          parameters: [project, id],
          requestBody: body(updateInsightSchema),
          responses: ok(z.object({})),
        },
        delete: {
          summary: 'Soft delete',
          security: secured,
          parameters: [project, id],
          responses: { '204': { description: 'Deleted' } },
        },
      },
      '/api/projects/{projectId}/dashboards/': {
        get: { security: secured, parameters: [project], responses: ok(page(z.object({}))) },
        post: {
          summary: 'Create a dashboard, empty or from a template (use_template)',
          security: secured,
          parameters: [project],
          requestBody: body(createDashboardSchema),
          responses: ok(z.object({}), '201'),
        },
      },
      '/api/projects/{projectId}/dashboards/{id}/': {
        get: {
          summary: 'A dashboard with its tiles, insights and results',
          security: secured,
          parameters: [project, id],
          responses: ok(z.object({ tiles: z.array(z.unknown()) })),
        },
        patch: {
          security: secured,
          parameters: [project, id],
          requestBody: body(updateDashboardSchema),
          responses: ok(z.object({})),
        },
        delete: {
          summary: 'Soft delete',
          security: secured,
          parameters: [project, id],
          responses: { '204': { description: 'Deleted' } },
        },
      },
      '/api/projects/{projectId}/experiments/': {
        get: {
          security: secured,
          parameters: [project, ...queryParameters(listExperimentsQuerySchema)],
          responses: ok(page(z.object({}))),
        },
        post: {
          summary:
            'Create an experiment on a new or existing multivariate flag (launch: start_date; stop: end_date)',
          security: secured,
          parameters: [project],
          requestBody: body(createExperimentSchema),
          responses: ok(z.object({}), '201'),
        },
      },
      '/api/projects/{projectId}/experiments/{id}/': {
        get: { security: secured, parameters: [project, id], responses: ok(z.object({})) },
        patch: {
          security: secured,
          parameters: [project, id],
          requestBody: body(updateExperimentSchema),
          responses: ok(z.object({})),
        },
        delete: {
          summary: 'Soft delete (the flag stays)',
          security: secured,
          parameters: [project, id],
          responses: { '204': { description: 'Deleted' } },
        },
      },
      '/api/projects/{projectId}/experiments/{id}/results/': {
        get: {
          summary:
            'Exposures and statistics per variant from the event store (cached; ?refresh=true recomputes)',
          security: secured,
          parameters: [project, id, ...queryParameters(resultsQuerySchema)],
          responses: ok(z.object({ exposures: z.record(z.string(), z.number()), analysis: z.unknown() })),
        },
      },
      '/api/projects/{projectId}/experiments/{id}/ship_variant/': {
        post: {
          summary: 'Roll the flag to 100% of one variant and end the experiment',
          security: secured,
          parameters: [project, id],
          requestBody: body(shipVariantSchema),
          responses: ok(z.object({})),
        },
      },
      '/api/projects/{projectId}/dashboard_templates/': {
        get: {
          summary: 'Built-in dashboard templates',
          security: secured,
          parameters: [project],
          responses: ok(page(z.object({}))),
        },
      },
    },
  };
}
