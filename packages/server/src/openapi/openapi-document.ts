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
import { createFlagSchema, listFlagsQuerySchema, updateFlagSchema } from '../flags/flag-schemas.ts';
import { errorSchema } from '../http/error-schema.ts';
import { captureResponseSchema, envelopeSchema, rawEventSchema } from '../ingestion/capture-schema.ts';

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
      '/api/projects/{projectId}/events/': {
        get: {
          security: secured,
          parameters: [project, ...queryParameters(eventsQuerySchema)],
          responses: ok(page(eventResponseSchema)),
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
    },
  };
}
