import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { FeatureFlags } from '../feature-flags.ts';
import { sessionOf } from '../sessions.ts';
import { flagOptionsFor, track } from '../tracking.ts';

export function timerRoutes({ analytics, sessions, store }: AppDeps): Router {
  const router = Router();
  router.use(sessions.required());

  router.post('/start', async (req, res) => {
    const session = sessionOf(res);
    const projectId = (req.body as Record<string, unknown> | undefined)?.projectId;
    const project = typeof projectId === 'string' ? store.project(session.user.id, projectId) : undefined;
    if (!project) {
      res.status(404).json({
        type: 'invalid_request',
        code: 'UNKNOWN_PROJECT',
        detail: 'No such project.',
        attr: 'projectId',
      });
      return;
    }
    if (store.running(session.user.id)) {
      res
        .status(409)
        .json({ type: 'invalid_request', code: 'TIMER_RUNNING', detail: 'Stop the running timer first.' });
      return;
    }
    const entry = store.start(session.user.id, project.id);
    // The experiment's variant goes on the event so timer usage can be broken down by it.
    const experiments = await analytics.getActiveExperiments(session.user.id, flagOptionsFor(session));
    const variant = experiments[FeatureFlags.TIMER_UI_EXPERIMENT];
    track(analytics, req, session, 'timer.started', {
      project_id: project.id,
      ...(variant ? { [`$feature/${FeatureFlags.TIMER_UI_EXPERIMENT}`]: variant } : {}),
    });
    await analytics.trackFeatureFlagInteraction(
      session.user.id,
      FeatureFlags.TIMER_UI_EXPERIMENT,
      'started_timer',
      {
        project_id: project.id,
      },
    );
    res.status(201).json(entry);
  });

  router.post('/stop', (req, res) => {
    const session = sessionOf(res);
    const entry = store.running(session.user.id);
    if (!entry) {
      res.status(409).json({ type: 'invalid_request', code: 'NO_TIMER', detail: 'No timer is running.' });
      return;
    }
    store.stop(entry);
    const seconds = Math.round(((entry.stoppedAt?.getTime() ?? 0) - entry.startedAt.getTime()) / 1000);
    track(analytics, req, session, 'timer.stopped', {
      project_id: entry.projectId,
      duration_seconds: seconds,
    });
    res.json(entry);
  });

  return router;
}
