import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../errors/app-error.ts';
import type { FlagEvaluationService } from '../flags/flag-evaluation-service.ts';
import { errorBody } from '../http/error-response.ts';
import { readBody } from '../http/read-body.ts';
import { sdkCors } from '../http/sdk-cors.ts';
import type { IngestionService } from '../ingestion/ingestion-service.ts';
import type { Environment } from '../projects/environment.ts';
import type { ProjectService } from '../projects/project-service.ts';
import { flagsRequestFromOfrep } from './ofrep-context.ts';
import { OfrepExposures } from './ofrep-exposures.ts';
import { ofrepJson } from './ofrep-json.ts';
import { toOfrep } from './ofrep-result.ts';

export interface OfrepRoutesDeps {
  projects: ProjectService;
  evaluation: FlagEvaluationService;
  ingestion: IngestionService;
  maxBodyBytes: number;
}

/** Our error codes as OFREP error codes; anything else (a wrong key, say) answers with the usual contract. */
const OFREP_CODES: Partial<Record<AppError['code'], string>> = {
  INVALID_JSON: 'PARSE_ERROR',
  INVALID_CONTEXT: 'INVALID_CONTEXT',
  TARGETING_KEY_MISSING: 'TARGETING_KEY_MISSING',
  FLAG_NOT_FOUND: 'FLAG_NOT_FOUND',
};

const JSON_TYPE = { 'content-type': 'application/json' };

function projectOf(c: Context, projects: ProjectService): Environment {
  const auth = c.req.header('authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const token = auth ?? c.req.header('x-api-key')?.trim();
  if (!token)
    throw new AppError(
      'MISSING_TOKEN',
      'Send the project API key as "Authorization: Bearer phc_…" or "X-API-Key".',
    );
  if (token.startsWith('phx_'))
    throw new AppError('PERSONAL_KEY_AS_TOKEN', 'Use the project API key (phc_…), not a personal key.');
  const environment = projects.environmentByToken(token);
  if (!environment) throw new AppError('INVALID_TOKEN', 'The project API key is not known to this server.');
  return environment;
}

async function jsonBody(c: Context, maxBytes: number): Promise<unknown> {
  const bytes = await readBody(c.req.raw, maxBytes);
  if (bytes.length === 0) return {};
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new AppError('INVALID_JSON', 'The body is not valid JSON.');
  }
}

/** An OFREP failure body that is also our error contract: `errorCode` for providers, `code` for people. */
function failure(c: Context, error: unknown, key?: string): Response {
  if (!(error instanceof AppError)) throw error;
  const errorCode = OFREP_CODES[error.code];
  if (!errorCode) throw error;
  const body = {
    ...(key === undefined ? {} : { key }),
    errorCode,
    errorDetails: error.detail,
    ...errorBody(error),
  };
  return c.json(body, error.status as ContentfulStatusCode);
}

/**
 * The OpenFeature Remote Evaluation Protocol (compat notes "OFREP") over Signpost's flag evaluation: any
 * OpenFeature SDK with an OFREP provider evaluates PostHog flags, authenticated with the project API key.
 */
export function ofrepRoutes(deps: OfrepRoutesDeps): Hono {
  const app = new Hono({ strict: false });
  const exposures = new OfrepExposures(deps.ingestion);
  app.use('/ofrep/*', sdkCors());

  app.post('/ofrep/v1/evaluate/flags/:key', async (c) => {
    const project = projectOf(c, deps.projects);
    const key = c.req.param('key');
    try {
      const request = flagsRequestFromOfrep(await jsonBody(c, deps.maxBodyBytes), [key]);
      const result = (await deps.evaluation.evaluate(project.id, request)).find((r) => r.flag.key === key);
      if (!result) throw new AppError('FLAG_NOT_FOUND', `No flag "${key}" in this project.`, 'key');
      const evaluation = toOfrep(result);
      await exposures.record(project.apiToken, request.distinctId, request.groups, [evaluation]);
      return c.json(evaluation);
    } catch (error) {
      return failure(c, error, key);
    }
  });

  app.post('/ofrep/v1/evaluate/flags', async (c) => {
    const project = projectOf(c, deps.projects);
    try {
      const request = flagsRequestFromOfrep(await jsonBody(c, deps.maxBodyBytes), undefined);
      const results = await deps.evaluation.evaluate(project.id, request);
      // Reads of a bulk answer happen in the client, unseen: flags running an experiment count as exposed.
      const inExperiment = results.filter((r) => r.hasExperiment).map(toOfrep);
      await exposures.record(project.apiToken, request.distinctId, request.groups, inExperiment);
      let flags = '';
      for (const r of results) flags += `${flags === '' ? '' : ','}${ofrepJson(r)}`;
      const body = `{"flags":[${flags}]}`;
      const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
      const ifNoneMatch = c.req.header('if-none-match');
      if (ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))
        return c.body(null, 304, { etag });
      return c.body(body, 200, { ...JSON_TYPE, etag });
    } catch (error) {
      return failure(c, error);
    }
  });

  app.get('/ofrep/v1/configuration', (c) => {
    projectOf(c, deps.projects);
    return c.json({
      name: 'Signpost',
      capabilities: {
        cacheInvalidation: { polling: { enabled: true, minPollingIntervalMs: 1000 } },
        flagEvaluation: { supportedTypes: ['boolean', 'string', 'int', 'float', 'object'] },
      },
    });
  });
  return app;
}
