import { type Context, Hono } from 'hono';
import type { ApiEnv } from '../api/api-auth.ts';
import { AppError } from '../errors/app-error.ts';
import { exceedsJsonDepth } from '../http/json-depth.ts';
import { readBody } from '../http/read-body.ts';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../http/read-json.ts';
import { sdkCors } from '../http/sdk-cors.ts';
import { decodeBody } from '../ingestion/decode-body.ts';
import type { ProjectService } from '../projects/project-service.ts';
import { remoteConfig } from '../remote-config/remote-config.ts';
import type { FlagEvaluationService } from './flag-evaluation-service.ts';
import { parseFlagsRequest } from './flags-request.ts';
import { decideLegacy, flagsV1, flagsV2, flagsV2Json } from './flags-response.ts';

export interface FlagsRoutesDeps {
  projects: ProjectService;
  evaluation: FlagEvaluationService;
  hasFlags: (projectId: number) => boolean;
  maxBodyBytes: number;
  /** Called once the request's project key is known, before evaluation; throws to refuse it (rate limits). */
  admit?: (projectToken: string) => void;
  now?: () => Date;
}

const DECIDE_CONFIG = {
  config: { enable_collect_everything: true },
  toolbarParams: {},
  isAuthenticated: false,
};

const JSON_TYPE = { 'content-type': 'application/json' };

/** `/flags` and legacy `/decide` (compat notes §1.4): every version's response shape, every body encoding. */
export function flagsRoutes(deps: FlagsRoutesDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  const now = deps.now ?? (() => new Date());
  app.use('/flags', sdkCors());
  app.use('/decide', sdkCors());

  app.on(['GET', 'POST'], ['/flags', '/decide'], async (c) => {
    const decide = c.req.path.startsWith('/decide');
    const v = c.req.query('v');
    const configParam = c.req.query('config');
    // PostHog: /flags with neither v nor config means v2 with config; /decide always carries config.
    const version = v ? Number.parseInt(v, 10) || 1 : decide ? 1 : configParam === undefined ? 2 : 1;
    const withConfig = decide || configParam === 'true' || (v === undefined && configParam === undefined);
    const bytes = c.req.method === 'POST' ? await readBody(c.req.raw, deps.maxBodyBytes) : new Uint8Array(0);
    if (bytes.length === 0 && !c.req.query('data')) {
      return c.json(
        decide ? { featureFlags: {}, ...DECIDE_CONFIG } : { errorsWhileComputingFlags: false, flags: {} },
      );
    }
    const json = decodeBody({
      bytes,
      contentType: c.req.header('content-type'),
      contentEncoding: c.req.header('content-encoding'),
      compression: c.req.query('compression'),
      queryData: c.req.query('data'),
      maxDecodedBytes: deps.maxBodyBytes,
    });
    // Person and group properties are merged and walked recursively by the engine: bound the depth first.
    if (exceedsJsonDepth(json, MAX_JSON_DEPTH)) throw jsonTooDeep(MAX_JSON_DEPTH);
    const request = parseFlagsRequest(json, c.req.query('token'));
    if (!request.token)
      throw new AppError('MISSING_TOKEN', 'No project API key: send it as "token" in the body.', 'token');
    if (request.token.startsWith('phx_') || request.token.startsWith('phs_')) {
      throw new AppError(
        'PERSONAL_KEY_AS_TOKEN',
        'Use the project API key (phc_…) to evaluate flags, not a personal or secret key.',
        'token',
      );
    }
    // The key decides the environment: its flag settings and its persons answer.
    const environment = deps.projects.environmentByToken(request.token);
    if (!environment)
      throw new AppError('INVALID_TOKEN', 'The project API key is not known to this server.', 'token');
    deps.admit?.(request.token);

    const results = await deps.evaluation.evaluate(environment.id, request);
    const config = withConfig ? remoteConfig(environment.apiToken, deps.hasFlags(environment.id)) : {};
    if (decide) {
      const body =
        version >= 4
          ? flagsV2(results, now())
          : version === 3
            ? flagsV1(results)
            : decideLegacy(results, version);
      return c.json({ ...config, ...DECIDE_CONFIG, ...body });
    }
    if (version >= 2) return c.body(flagsV2Json(results, now(), config), 200, JSON_TYPE);
    return c.json({ ...config, ...flagsV1(results) });
  });
  return app;
}

/** Local-evaluation definitions for server SDKs, behind a personal key, with ETag revalidation. */
export function definitionsRoutes(
  evaluation: FlagEvaluationService,
  usage?: { recordPolled(environmentId: number, flagKeys: Iterable<string>): void },
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  const handler = (c: Context<ApiEnv>) => {
    // The key's environment: a `phs_` key's own, a personal key's project's first (or `?environment=`-less
    // default); its flag settings are what local evaluation must match.
    const environmentId = c.get('environment').id;
    const snapshot = evaluation.definitions(environmentId);
    // A poll (answered or 304) means an SDK holds these flags and may evaluate them: they are in use.
    usage?.recordPolled(environmentId, snapshot.flagKeys);
    const headers = { etag: snapshot.etag, 'cache-control': 'no-cache' };
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === snapshot.etag)) {
      return c.body(null, 304, headers);
    }
    return c.body(snapshot.body, 200, { ...headers, 'content-type': 'application/json' });
  };
  app.get('/flags/definitions', handler);
  app.get('/api/feature_flag/local_evaluation', handler);
  return app;
}
