import { randomBytes } from 'node:crypto';
import { injectFeatureFlagsToFrontend } from '@signpost/node';
import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { dashboardPage } from '../dashboard-page.ts';
import { dashboardConfigFrom, FeatureFlags } from '../feature-flags.ts';
import { sessionOf } from '../sessions.ts';
import { flagOptionsFor } from '../tracking.ts';

export function dashboardRoutes({ analytics, sessions, store }: AppDeps): Router {
  const router = Router();

  router.get('/dashboard', sessions.required(), async (_req, res) => {
    const session = sessionOf(res);
    const id = session.user.id;
    const options = flagOptionsFor(session);
    const [newDashboard, payload, experiments, frontend] = await Promise.all([
      analytics.isFeatureEnabled(id, FeatureFlags.NEW_DASHBOARD, options),
      analytics.getFeatureFlagPayload(id, FeatureFlags.DASHBOARD_CONFIG, options),
      analytics.getActiveExperiments(id, options),
      injectFeatureFlagsToFrontend(analytics, id, options),
    ]);
    const nonce = randomBytes(16).toString('base64');
    res.set('content-security-policy', `script-src 'nonce-${nonce}'`);
    res.type('html').send(
      dashboardPage({
        username: session.user.username,
        newDashboard: newDashboard === true,
        config: dashboardConfigFrom(payload),
        experiments,
        frontend,
        projects: store.projectsOf(id),
        nonce,
      }),
    );
  });

  /** The guide's `get_active_experiments(user.id)`, for the frontend and for checks. */
  router.get('/api/experiments', sessions.required(), async (_req, res) => {
    const session = sessionOf(res);
    res.json(await analytics.getActiveExperiments(session.user.id, flagOptionsFor(session)));
  });

  return router;
}
