import type { Context } from 'hono';
import { Hono } from 'hono';
import { AppError } from '../errors/app-error.ts';
import { sdkCors } from '../http/sdk-cors.ts';
import type { ProjectService } from '../projects/project-service.ts';
import { type EarlyAccessStage, PUBLIC_STAGES } from './early-access-feature.ts';
import { publicEarlyAccessJson } from './early-access-json.ts';
import type { EarlyAccessService } from './early-access-service.ts';

export const PUBLIC_EARLY_ACCESS_PATH = '/api/early_access_features';

const isPublicStage = (s: string): s is EarlyAccessStage => (PUBLIC_STAGES as readonly string[]).includes(s);

/** `stage=` may repeat (posthog-js sends one per stage); with none, PostHog lists the beta features only. */
function requestedStages(c: Context): ReadonlySet<EarlyAccessStage> {
  const given = c.req.queries('stage') ?? [];
  if (given.length === 0) return new Set(['beta']);
  const unknown = given.find((s) => !isPublicStage(s));
  if (unknown !== undefined) {
    throw new AppError(
      'INVALID_QUERY',
      `Query parameter "stage" is invalid: "${unknown.slice(0, 40)}" is not one of ${PUBLIC_STAGES.join(', ')}.`,
      'stage',
    );
  }
  return new Set(given.filter(isPublicStage));
}

/**
 * What posthog-js's `getEarlyAccessFeatures` reads: public, like `/flags`, so it authenticates with the
 * project key in `?token=` and answers browsers from any origin. Registered ahead of the `/api` key check,
 * which would refuse a project key.
 */
export function publicEarlyAccessRoutes(projects: ProjectService, features: EarlyAccessService): Hono {
  const app = new Hono({ strict: false });
  app.use(PUBLIC_EARLY_ACCESS_PATH, sdkCors());
  app.get(PUBLIC_EARLY_ACCESS_PATH, (c) => {
    const token = c.req.query('token') || c.req.query('api_key');
    if (!token) throw new AppError('MISSING_TOKEN', 'Send the project API key as "?token=phc_…".', 'token');
    const environment = projects.environmentByToken(token);
    if (!environment) throw new AppError('INVALID_TOKEN', 'The project API key is not known.', 'token');
    const list = features.list(environment.projectId, requestedStages(c));
    return c.json({ earlyAccessFeatures: list.map((f) => publicEarlyAccessJson(f, features.flagOf(f))) });
  });
  return app;
}
