import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { timeEntriesCsv } from '../csv.ts';
import { FeatureFlags } from '../feature-flags.ts';
import { sessionOf } from '../sessions.ts';
import { flagOptionsFor, track } from '../tracking.ts';

export function exportRoutes({ analytics, sessions, store }: AppDeps): Router {
  const router = Router();
  router.use(sessions.required());

  router.get('/csv', async (req, res) => {
    const session = sessionOf(res);
    const userId = session.user.id;
    // The kill switch: `default: true` keeps exports working when Signpost is down or the flag is missing;
    // switching the flag off (or rolling it to 0%) turns them off without a deployment.
    const enabled = await analytics.getFeatureFlag(
      userId,
      FeatureFlags.ENABLE_EXPORTS,
      flagOptionsFor(session, { default: true }),
    );
    if (!enabled) {
      res
        .status(503)
        .json({ type: 'server_error', code: 'EXPORTS_DISABLED', detail: 'Exports temporarily disabled' });
      return;
    }
    const entries = store.entriesOf(userId);
    const csv = timeEntriesCsv(entries, store.projectsOf(userId));
    track(analytics, req, session, 'export.csv', { rows: entries.length });
    await analytics.trackFeatureFlagInteraction(userId, FeatureFlags.NEW_DASHBOARD, 'clicked_export_button', {
      export_type: 'csv',
      rows: entries.length,
    });
    res.type('text/csv').attachment('time-entries.csv').send(csv);
  });

  return router;
}
