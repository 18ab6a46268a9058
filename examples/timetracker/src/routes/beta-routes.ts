import { featureFlagRequired } from '@signpost/node/express';
import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { FeatureFlags } from '../feature-flags.ts';
import { flagOptionsFor } from '../tracking.ts';

/** Beta pages behind `beta-features`: without the flag they answer 404, as if they did not exist. */
export function betaRoutes({ analytics, sessions }: AppDeps): Router {
  const router = Router();
  const gate = featureFlagRequired(analytics, FeatureFlags.BETA_FEATURES, {
    distinctId: (req) => sessions.current(req)?.user.id,
    evaluationOptions: (req) => {
      const session = sessions.current(req);
      return session ? flagOptionsFor(session) : {};
    },
    onDisabled: 404,
  });

  router.get('/advanced-analytics', gate, (_req, res) => {
    res
      .type('html')
      .send('<!doctype html><title>Advanced analytics (beta)</title><h1>Advanced analytics</h1>');
  });

  return router;
}
