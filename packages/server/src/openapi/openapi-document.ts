import { z } from 'zod';
import { activityListQuerySchema } from '../activity-log/activity-log-schemas.ts';
import {
  alertResponseSchema,
  createAlertSchema,
  createGuardrailSchema,
  guardrailResponseSchema,
  updateAlertSchema,
  updateGuardrailSchema,
} from '../alerts/alert-schemas.ts';
import {
  annotationResponseSchema,
  createAnnotationSchema,
  listAnnotationsQuerySchema,
  updateAnnotationSchema,
} from '../annotations/annotation-schemas.ts';
import {
  eventResponseSchema,
  eventsQuerySchema,
  groupFindQuerySchema,
  groupResponseSchema,
  groupsQuerySchema,
  personResponseSchema,
  personsQuerySchema,
} from '../api/api-schemas.ts';
import { backupLineSchema, createBackupSchema } from '../backup/backup-schemas.ts';
import { createCohortSchema, updateCohortSchema } from '../cohorts/cohort-schemas.ts';
import { createDashboardSchema, updateDashboardSchema } from '../dashboards/dashboard-schemas.ts';
import {
  dataSettingsResponseSchema,
  dataUsageResponseSchema,
  updateDataSettingsSchema,
} from '../data-settings/data-settings-schemas.ts';
import {
  eventDefinitionResponseSchema,
  listEventDefinitionsQuerySchema,
  listPropertyDefinitionsQuerySchema,
  propertyDefinitionResponseSchema,
  updateDefinitionSchema,
} from '../definitions/definition-schemas.ts';
import {
  bulkErasureResponseSchema,
  bulkErasureSchema,
  erasureByDistinctIdQuerySchema,
  erasureByIdQuerySchema,
  erasureResponseSchema,
  erasuresQuerySchema,
} from '../erasure/erasure-schemas.ts';
import {
  createExperimentSchema,
  listExperimentsQuerySchema,
  resultsQuerySchema,
  shipVariantSchema,
  updateExperimentSchema,
} from '../experiments/experiment-schemas.ts';
import { exportQuerySchema } from '../exports/export-schemas.ts';
import { promoteSchema } from '../flags/flag-environment-routes.ts';
import { createFlagSchema, listFlagsQuerySchema, updateFlagSchema } from '../flags/flag-schemas.ts';
import { errorSchema } from '../http/error-schema.ts';
import { importPersonsResponseSchema, importPersonsSchema } from '../imports/person-import-schemas.ts';
import { captureResponseSchema, envelopeSchema, rawEventSchema } from '../ingestion/capture-schema.ts';
import { listInsightsQuerySchema } from '../insights/insight-routes.ts';
import { createInsightSchema, updateInsightSchema } from '../insights/insight-schemas.ts';
import {
  createEnvironmentSchema,
  createProjectSchema,
  updateProjectSchema,
} from '../projects/project-schemas.ts';
import { queryRequestSchema } from '../query/query-schemas.ts';
import {
  createPlanSchema,
  createScheduledChangeSchema,
  listScheduledChangesQuerySchema,
  planResponseSchema,
  scheduledChangeResponseSchema,
} from '../schedules/scheduled-change-schemas.ts';
import {
  createWebhookSchema,
  deliveryResponseSchema,
  updateWebhookSchema,
  webhookResponseSchema,
} from '../webhooks/webhook-schemas.ts';

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
/** A flag write in an environment that needs approvals: answered with the change request(s) made instead. */
const HELD_FOR_APPROVAL = { description: 'Held as change request(s) until another member approves' };
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

interface OperationOptions {
  summary?: string;
  /** The path also carries the object's {id}. */
  item?: boolean;
  query?: z.ZodObject;
  request?: z.ZodType;
}

/** A personal-key operation under /api/projects/{projectId}/: its parameters follow from the options. */
function operation(responses: Record<string, unknown>, options: OperationOptions = {}) {
  const { summary, item = false, query, request } = options;
  return {
    ...(summary === undefined ? {} : { summary }),
    security: secured,
    parameters: [project, ...(item ? [id] : []), ...(query ? queryParameters(query) : [])],
    ...(request === undefined ? {} : { requestBody: body(request) }),
    responses,
  };
}
const create = (request: z.ZodType, summary?: string) =>
  operation(ok(z.object({}), '201'), { summary, request });
const update = (request: z.ZodType) => operation(ok(z.object({})), { item: true, request });
const softDelete = (summary: string) =>
  operation({ '204': { description: 'Deleted' } }, { summary, item: true });

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
      '/api/backups/': {
        post: {
          summary:
            'Write an online backup of the whole instance into a folder on the server (NDJSON progress lines, then the manifest); admins with a full-rights key only',
          security: secured,
          requestBody: body(createBackupSchema),
          responses: {
            '200': {
              description: 'NDJSON lines',
              content: { 'application/x-ndjson': { schema: json(backupLineSchema) } },
            },
          },
        },
      },
      '/api/projects/{projectId}/data_settings/': {
        get: operation(ok(dataSettingsResponseSchema), {
          summary: 'Personal-data controls, event retention, rollups and stale-flag days of the project',
        }),
        patch: operation(ok(dataSettingsResponseSchema), {
          summary: 'Change the data settings (admins); event_retention_days under 1 is RETENTION_TOO_SHORT',
          request: updateDataSettingsSchema,
        }),
      },
      '/api/projects/{projectId}/data_usage/': {
        get: operation(ok(dataUsageResponseSchema), {
          summary: 'Stored events and approximate bytes of the project, in total and per day for 30 days',
        }),
      },
      '/api/projects/': {
        get: { summary: 'The projects you can reach', security: secured, responses: ok(z.object({})) },
        post: {
          summary: 'Create a project with a "production" environment',
          security: secured,
          requestBody: body(createProjectSchema),
          responses: ok(z.object({})),
        },
      },
      '/api/projects/{projectId}/environments/': {
        get: { security: secured, parameters: [project], responses: ok(z.object({})) },
        post: {
          summary: 'Add an environment with its own phc_ key, data and flag settings',
          security: secured,
          parameters: [project],
          requestBody: body(createEnvironmentSchema),
          responses: ok(z.object({})),
        },
      },
      '/api/projects/{projectId}/feature_flags/promote/': {
        post: {
          summary: "Copy flags' settings from one environment to another, all or nothing, with a reason",
          security: secured,
          parameters: [project],
          requestBody: body(promoteSchema),
          responses: { ...ok(z.object({})), '202': HELD_FOR_APPROVAL },
        },
      },
      '/api/projects/{projectId}/events/': {
        get: operation(ok(page(eventResponseSchema)), { query: eventsQuerySchema }),
      },
      '/api/projects/{projectId}/events/export': {
        get: operation(ok(z.string()), {
          summary: 'Every matching event, streamed as NDJSON, CSV or Parquet (no row limit)',
          query: exportQuerySchema,
        }),
      },
      '/api/projects/{projectId}/persons/': {
        get: operation(ok(page(personResponseSchema).extend({ count: z.number().int() })), {
          query: personsQuerySchema,
        }),
        delete: operation(ok(erasureResponseSchema), {
          summary: 'Erase, anonymise or delete the events of the person owning distinct_id (admins only)',
          query: erasureByDistinctIdQuerySchema,
        }),
      },
      '/api/projects/{projectId}/persons/{id}/': {
        delete: {
          ...operation(ok(erasureResponseSchema), {
            summary: 'Erase, anonymise or delete the events of a person by its uuid (admins only)',
          }),
          parameters: [
            project,
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
            ...queryParameters(erasureByIdQuerySchema),
          ],
        },
      },
      '/api/projects/{projectId}/persons/bulk_delete/': {
        post: operation(ok(bulkErasureResponseSchema), {
          summary: 'PostHog bulk form: erase persons by uuid and/or distinct id (admins only)',
          request: bulkErasureSchema,
        }),
      },
      '/api/projects/{projectId}/erasures/': {
        get: operation(ok(page(erasureResponseSchema)), {
          summary: 'Erasure records, newest first: who, when, which mode, rows per table (admins only)',
          query: erasuresQuerySchema,
        }),
      },
      '/api/projects/{projectId}/groups/': {
        get: operation(ok(page(groupResponseSchema)), { query: groupsQuerySchema }),
      },
      '/api/projects/{projectId}/groups/find': {
        get: operation(ok(groupResponseSchema), { query: groupFindQuerySchema }),
      },
      '/api/projects/{projectId}/feature_flags/': {
        get: operation(ok(z.object({})), { query: listFlagsQuerySchema }),
        post: create(createFlagSchema),
      },
      '/api/projects/{projectId}/feature_flags/{id}/': { patch: update(updateFlagSchema) },
      '/api/projects/{projectId}/activity_log/': {
        get: operation(ok(page(z.object({}))), {
          summary: 'Every change in the project, newest first (append-only; filters and cursor paging)',
          query: activityListQuerySchema,
        }),
      },
      '/api/projects/{projectId}/feature_flags/{id}/activity/{entryId}/revert/': {
        post: {
          summary: "Restore one history entry's before values as a new change, logged as reverted",
          security: secured,
          parameters: [
            project,
            id,
            { name: 'entryId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: { ...ok(z.object({})), '202': HELD_FOR_APPROVAL },
        },
      },
      '/api/projects/{projectId}/cohorts/': { post: create(createCohortSchema) },
      '/api/projects/{projectId}/persons/import/': {
        post: operation(ok(importPersonsResponseSchema), {
          summary: 'Persons with all their distinct ids and properties, for imports (admins); idempotent',
          request: importPersonsSchema,
        }),
      },
      '/api/projects/{projectId}/cohorts/{id}/': { patch: update(updateCohortSchema) },
      '/api/projects/{projectId}/query/': {
        post: operation(ok(z.object({ results: z.array(z.unknown()), is_cached: z.boolean() })), {
          summary:
            "Run an insight query (TrendsQuery, EventsQuery, WebOverviewQuery, WebStatsTableQuery, …) in PostHog's request and response shapes",
          request: queryRequestSchema,
        }),
      },
      '/api/projects/{projectId}/insights/': {
        get: operation(ok(page(z.object({}))), { query: listInsightsQuerySchema }),
        post: create(createInsightSchema, 'Save an insight (its query is validated like POST /query/)'),
      },
      '/api/projects/{projectId}/insights/{id}/': {
        get: operation(ok(z.object({ result: z.unknown() })), {
          summary: 'An insight with its result (?refresh=true recomputes)',
          item: true,
        }),
        patch: update(updateInsightSchema),
        delete: softDelete('Soft delete'),
      },
      '/api/projects/{projectId}/annotations/': {
        get: operation(ok(page(annotationResponseSchema).extend({ count: z.number() })), {
          summary: 'Annotations, newest date first (?search= in the content, ?after=/?before= date bounds)',
          query: listAnnotationsQuerySchema,
        }),
        post: create(createAnnotationSchema, 'Annotate a date (content up to 400 characters)'),
      },
      '/api/projects/{projectId}/annotations/{id}/': {
        get: operation(ok(annotationResponseSchema), { item: true }),
        patch: update(updateAnnotationSchema),
        delete: softDelete('Soft delete (as PATCH {"deleted": true}, which PostHog’s app sends)'),
      },
      '/api/projects/{projectId}/event_definitions/': {
        get: operation(ok(page(eventDefinitionResponseSchema).extend({ count: z.number() })), {
          summary:
            'Every event name seen in the environment, most used first (?search=, ?exclude_hidden=true)',
          query: listEventDefinitionsQuerySchema,
        }),
      },
      '/api/projects/{projectId}/event_definitions/{id}/': {
        get: operation(ok(eventDefinitionResponseSchema), { item: true }),
        patch: update(updateDefinitionSchema),
      },
      '/api/projects/{projectId}/property_definitions/': {
        get: operation(ok(page(propertyDefinitionResponseSchema).extend({ count: z.number() })), {
          summary:
            'Every property key seen, by name (?type=event|person|group, ?group_type_index=, ?search=)',
          query: listPropertyDefinitionsQuerySchema,
        }),
      },
      '/api/projects/{projectId}/property_definitions/{id}/': {
        get: operation(ok(propertyDefinitionResponseSchema), { item: true }),
        patch: update(updateDefinitionSchema),
      },
      '/api/projects/{projectId}/dashboards/': {
        get: operation(ok(page(z.object({})))),
        post: create(createDashboardSchema, 'Create a dashboard, empty or from a template (use_template)'),
      },
      '/api/projects/{projectId}/dashboards/{id}/': {
        get: operation(ok(z.object({ tiles: z.array(z.unknown()) })), {
          summary: 'A dashboard with its tiles, insights and results',
          item: true,
        }),
        patch: update(updateDashboardSchema),
        delete: softDelete('Soft delete'),
      },
      '/api/projects/{projectId}/experiments/': {
        get: operation(ok(page(z.object({}))), { query: listExperimentsQuerySchema }),
        post: create(
          createExperimentSchema,
          'Create an experiment on a new or existing multivariate flag (launch: start_date; stop: end_date)',
        ),
      },
      '/api/projects/{projectId}/experiments/{id}/': {
        get: operation(ok(z.object({})), { item: true }),
        patch: update(updateExperimentSchema),
        delete: softDelete('Soft delete (the flag stays)'),
      },
      '/api/projects/{projectId}/experiments/{id}/results/': {
        get: operation(ok(z.object({ exposures: z.record(z.string(), z.number()), analysis: z.unknown() })), {
          summary:
            'Exposures and statistics per variant from the event store (cached; ?refresh=true recomputes)',
          item: true,
          query: resultsQuerySchema,
        }),
      },
      '/api/projects/{projectId}/experiments/{id}/ship_variant/': {
        post: operation(ok(z.object({})), {
          summary: 'Roll the flag to 100% of one variant and end the experiment',
          item: true,
          request: shipVariantSchema,
        }),
      },
      '/api/projects/{projectId}/dashboard_templates/': {
        get: operation(ok(page(z.object({}))), { summary: 'Built-in dashboard templates' }),
      },
      ...webhookPaths(),
      ...schedulePaths(),
      ...alertPaths(),
    },
  };
}

/** Insight alerts and flag guardrails; their ids are uuids too. */
function alertPaths() {
  const uuid = (name: string) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  });
  const flag = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };
  const onAlert = (op: ReturnType<typeof operation>) => ({ ...op, parameters: [project, uuid('alertId')] });
  const onFlag = (op: ReturnType<typeof operation>) => ({ ...op, parameters: [project, flag] });
  const onGuardrail = (op: ReturnType<typeof operation>) => ({
    ...op,
    parameters: [project, flag, uuid('guardrailId')],
  });
  return {
    '/api/projects/{projectId}/alerts/': {
      get: operation(ok(page(alertResponseSchema)), {
        summary: 'Alerts on saved trends insights (?insight=)',
      }),
      post: operation(ok(alertResponseSchema, '201'), {
        summary: 'Alert when a trends series leaves its bounds, optionally turning a flag off',
        request: createAlertSchema,
      }),
    },
    '/api/projects/{projectId}/alerts/{alertId}/': {
      get: onAlert(operation(ok(alertResponseSchema))),
      patch: onAlert(operation(ok(alertResponseSchema), { request: updateAlertSchema })),
      delete: onAlert(operation({ '204': { description: 'Deleted' } })),
    },
    '/api/projects/{projectId}/feature_flags/{id}/guardrails/': {
      get: onFlag(operation(ok(page(guardrailResponseSchema)), { summary: "The flag's guardrails" })),
      post: onFlag(
        operation(ok(guardrailResponseSchema, '201'), {
          summary: 'Watch an event rate among the flag’s users; a critical guardrail turns the flag off',
          request: createGuardrailSchema,
        }),
      ),
    },
    '/api/projects/{projectId}/feature_flags/{id}/guardrails/{guardrailId}/': {
      patch: onGuardrail(operation(ok(guardrailResponseSchema), { request: updateGuardrailSchema })),
      delete: onGuardrail(operation({ '204': { description: 'Deleted' } })),
    },
  };
}

/** Webhook ids are uuids, not the integer `{id}` of the other collections. */
function webhookPaths() {
  const hook = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
  const onHook = (op: ReturnType<typeof operation>) => ({ ...op, parameters: [project, hook] });
  return {
    '/api/projects/{projectId}/webhooks/': {
      get: operation(ok(page(webhookResponseSchema)), { summary: "The project's webhook subscriptions" }),
      post: operation(ok(webhookResponseSchema, '201'), {
        summary: 'Subscribe a URL to events; the answer carries the signing secret, shown this once',
        request: createWebhookSchema,
      }),
    },
    '/api/projects/{projectId}/webhooks/{id}/': {
      get: onHook(operation(ok(webhookResponseSchema))),
      patch: onHook(operation(ok(webhookResponseSchema), { request: updateWebhookSchema })),
      delete: onHook(operation({ '204': { description: 'Deleted, with its delivery log' } })),
    },
    '/api/projects/{projectId}/webhooks/{id}/deliveries/': {
      get: onHook(operation(ok(page(deliveryResponseSchema)), { summary: 'The delivery log, newest first' })),
    },
    '/api/projects/{projectId}/webhooks/{id}/test/': {
      post: onHook(operation(ok(deliveryResponseSchema, '202'), { summary: 'Queue a ping to this webhook' })),
    },
  };
}

/** Scheduled changes (uuid ids, PostHog's shape) and a flag's rollout plans. */
function schedulePaths() {
  const uuid = (name: string) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  });
  const change = { ...operation(ok(scheduledChangeResponseSchema)), parameters: [project, uuid('changeId')] };
  const onFlag = (op: ReturnType<typeof operation>) => ({ ...op, parameters: [project, id] });
  return {
    '/api/projects/{projectId}/scheduled_changes/': {
      get: operation(ok(page(scheduledChangeResponseSchema)), {
        summary: "The environment's scheduled flag changes, in due order",
        query: listScheduledChangesQuerySchema,
      }),
      post: operation(ok(scheduledChangeResponseSchema, '201'), {
        summary: 'Schedule a change to a flag at a time, or "now" (answered applied)',
        request: createScheduledChangeSchema,
      }),
    },
    '/api/projects/{projectId}/scheduled_changes/{changeId}/': {
      get: change,
      delete: {
        ...operation({ '204': { description: 'Cancelled (kept, shown as cancelled)' } }),
        parameters: [project, uuid('changeId')],
      },
    },
    '/api/projects/{projectId}/feature_flags/{id}/rollout_plans/': {
      get: onFlag(
        operation(ok(page(planResponseSchema)), { summary: "The flag's rollout plans, newest first" }),
      ),
      post: onFlag(
        operation(ok(planResponseSchema, '201'), {
          summary: 'A plan of steps applied in time order; one active plan per flag and environment',
          request: createPlanSchema,
        }),
      ),
    },
    '/api/projects/{projectId}/feature_flags/{id}/rollout_plans/{planId}/': {
      delete: {
        ...operation(ok(planResponseSchema), { summary: "Cancel the plan's pending (or paused) steps" }),
        parameters: [project, id, uuid('planId')],
      },
    },
    '/api/projects/{projectId}/feature_flags/{id}/rollout_plans/{planId}/resume/': {
      post: {
        ...operation(ok(planResponseSchema), {
          summary: 'Resume a paused plan: the step that paused applies now, its failing guardrails waived',
        }),
        parameters: [project, id, uuid('planId')],
      },
    },
  };
}
