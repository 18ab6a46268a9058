import express, { type Express } from 'express';
import type { AppDeps } from './app-deps.ts';
import { LOGIN_PAGE } from './login-page.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { betaRoutes } from './routes/beta-routes.ts';
import { dashboardRoutes } from './routes/dashboard-routes.ts';
import { exportRoutes } from './routes/export-routes.ts';
import { projectRoutes } from './routes/project-routes.ts';
import { timerRoutes } from './routes/timer-routes.ts';

/** The Express app: every route, with analytics and flags from `deps.analytics`. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));
  app.get('/', (_req, res) => {
    res.type('html').send(LOGIN_PAGE);
  });
  app.use(authRoutes(deps));
  app.use(dashboardRoutes(deps));
  app.use('/api/projects', projectRoutes(deps));
  app.use('/api/timer', timerRoutes(deps));
  app.use('/api/export', exportRoutes(deps));
  app.use('/beta', betaRoutes(deps));
  return app;
}
