// @signpost/node/fastify: route protection by feature flag, request context and deployment super properties.
export {
  type DeploymentContextOptions,
  type DeploymentProperties,
  registerDeploymentContext,
} from './frameworks/deployment-context.ts';
export {
  type FastifyDisabledHandler,
  type FastifyFlagHook,
  type FastifyFlagOptions,
  featureFlagRequired,
  requestContext,
} from './frameworks/fastify.ts';
export type { OnDisabled } from './frameworks/flag-gate.ts';
export { IntegrationError, type IntegrationErrorCode } from './frameworks/integration-error.ts';
export type { RequestContext } from './frameworks/request-context.ts';
