import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { sessionOf } from '../sessions.ts';
import { track } from '../tracking.ts';

export function projectRoutes({ analytics, sessions, store }: AppDeps): Router {
  const router = Router();
  router.use(sessions.required());

  router.get('/', (_req, res) => {
    res.json({ results: store.projectsOf(sessionOf(res).user.id) });
  });

  router.post('/', (req, res) => {
    const session = sessionOf(res);
    const name = (req.body as Record<string, unknown> | undefined)?.name;
    if (typeof name !== 'string' || name.trim() === '') {
      res.status(400).json({
        type: 'validation_error',
        code: 'INVALID_PROJECT_NAME',
        detail: 'A project needs a name.',
        attr: 'name',
      });
      return;
    }
    const project = store.createProject(session.user.id, name.trim());
    track(analytics, req, session, 'project.created', { project_id: project.id });
    res.status(201).json(project);
  });

  return router;
}
