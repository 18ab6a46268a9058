// @signpost/node/express: route protection by feature flag, request context and deployment super properties.
export {
  type DeploymentContextOptions,
  type DeploymentProperties,
  registerDeploymentContext,
} from './frameworks/deployment-context.ts';
export {
  type ExpressFlagOptions,
  featureFlagRequired,
  requestContext,
} from './frameworks/express.ts';
export type { OnDisabled } from './frameworks/flag-gate.ts';
export { IntegrationError, type IntegrationErrorCode } from './frameworks/integration-error.ts';
export type { RequestContext } from './frameworks/request-context.ts';
