import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SignpostClientApi } from '@signpost/node';
import { registerDeploymentContext } from '@signpost/node/express';
import { createInstallationTelemetry, type TelemetryStart } from '@signpost/node/telemetry';
import { createAnalytics } from './analytics.ts';
import { createApp } from './app.ts';
import type { TimetrackerConfig } from './config.ts';
import { SessionStore } from './sessions.ts';
import { TimeStore } from './time-store.ts';
import { UserDirectory } from './users.ts';

export interface RunningTimetracker {
  url: string;
  analytics: SignpostClientApi;
  users: UserDirectory;
  telemetry: TelemetryStart;
  /** Stops listening, then delivers queued events (at most `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

/** Builds and starts the app: analytics client, deployment super properties, installation telemetry, HTTP. */
export async function startTimetracker(config: TimetrackerConfig): Promise<RunningTimetracker> {
  const analytics = createAnalytics(config);
  // environment, app_version and deployment_method on every event the app sends.
  registerDeploymentContext(analytics, { environment: config.environment, appVersion: config.appVersion });
  const installation = createInstallationTelemetry(analytics, {
    appVersion: config.appVersion,
    stateDir: config.dataDir,
    environment: config.environment,
    authMethod: config.authMethod,
    enabled: config.telemetry,
  });
  const telemetry = await installation.start();

  const users = new UserDirectory();
  const app = createApp({ analytics, users, sessions: new SessionStore(users), store: new TimeStore() });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.listenHost, (error?: Error) =>
      error ? reject(error) : resolve(s),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.listenHost}:${port}`,
    analytics,
    users,
    telemetry,
    async stop(timeoutMs = 5_000) {
      installation.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await analytics.shutdown(timeoutMs);
    },
  };
}
