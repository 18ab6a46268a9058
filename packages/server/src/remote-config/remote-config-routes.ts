import { Hono } from 'hono';
import { AppError } from '../errors/app-error.ts';
import { sdkCors } from '../http/sdk-cors.ts';
import type { ProjectService } from '../projects/project-service.ts';
import { remoteConfig } from './remote-config.ts';

export function remoteConfigRoutes(projects: ProjectService, hasFlags: (projectId: number) => boolean): Hono {
  const app = new Hono({ strict: false });
  app.use('/array/*', sdkCors());
  app.get('/array/:token/:file', (c) => {
    const token = c.req.param('token');
    const file = c.req.param('file');
    if (file !== 'config' && file !== 'config.js') throw new AppError('NOT_FOUND', `No such file: ${file}.`);
    const environment = projects.environmentByToken(token);
    if (!environment) throw new AppError('INVALID_TOKEN', 'The project API key is not known.');
    // With no flags defined, posthog-js skips its /flags request entirely.
    const config = remoteConfig(token, hasFlags(environment.id));
    if (file === 'config') return c.json(config);
    return c.body(`(function(){window._POSTHOG_CONFIG = ${JSON.stringify(config)};})();`, 200, {
      'content-type': 'application/javascript',
    });
  });
  return app;
}
