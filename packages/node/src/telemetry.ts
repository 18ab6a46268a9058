// @signpost/node/telemetry: anonymous installation telemetry for self-hosted apps (the guide's "Installations").
export {
  type ContainerProbe,
  type DeploymentMethod,
  detectDeploymentMethod,
  hostProbe,
} from './telemetry/deployment-method.ts';
export {
  type InstallationFacts,
  installationGroups,
  installationPersonProperties,
  telemetryEventProperties,
} from './telemetry/installation-properties.ts';
export { type InstallationState, STATE_FILE } from './telemetry/installation-state.ts';
export {
  createInstallationTelemetry,
  InstallationTelemetry,
  type InstallationTelemetryOptions,
  type TelemetryClient,
  type TelemetryStart,
} from './telemetry/installation-telemetry.ts';
export { doNotTrack, type TelemetryEnv } from './telemetry/opt-out.ts';
export { currentPlatform, type PlatformInfo } from './telemetry/platform-info.ts';
export {
  type AnnotationApi,
  annotateOnce,
  type VersionAnnotationOutcome,
} from './telemetry/version-annotation.ts';
