import type { SignpostClientApi } from '../client-api.ts';
import { type ContainerProbe, detectDeploymentMethod } from '../telemetry/deployment-method.ts';

export interface DeploymentContextOptions {
  /** e.g. `production`, `staging`, `development`. */
  environment: string;
  appVersion: string;
  /** Detected (`docker` or `native`) when omitted. */
  deploymentMethod?: string;
  probe?: ContainerProbe;
}

export interface DeploymentProperties {
  environment: string;
  app_version: string;
  deployment_method: string;
}

/**
 * Registers `environment`, `app_version` and `deployment_method` as super properties, so every event the app
 * captures can be broken down by release and deployment.
 *
 * @example registerDeploymentContext(signpost, { environment: 'production', appVersion: pkg.version });
 */
export function registerDeploymentContext(
  client: Pick<SignpostClientApi, 'register'>,
  options: DeploymentContextOptions,
): DeploymentProperties {
  const properties: DeploymentProperties = {
    environment: options.environment,
    app_version: options.appVersion,
    deployment_method: options.deploymentMethod ?? detectDeploymentMethod(options.probe),
  };
  client.register({ ...properties });
  return properties;
}
