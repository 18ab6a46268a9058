import type { Properties } from '../client-api.ts';
import type { PlatformInfo } from './platform-info.ts';

/** Everything the telemetry kit says about one installation. */
export interface InstallationFacts {
  appVersion: string;
  environment: string;
  deploymentMethod: string;
  authMethod: string | undefined;
  platform: PlatformInfo;
}

/** The person properties of the guide's "For Installations" section, for `identify`. */
export function installationPersonProperties(
  facts: InstallationFacts,
  now: Date,
): { set: Properties; setOnce: Properties } {
  const set: Properties = {
    current_version: facts.appVersion,
    current_platform: facts.platform.name,
    environment: facts.environment,
    deployment_method: facts.deploymentMethod,
    timezone: facts.platform.timezone,
    last_seen: now.toISOString(),
  };
  if (facts.authMethod !== undefined) set.auth_method = facts.authMethod;
  return {
    set,
    setOnce: {
      first_seen_platform: facts.platform.name,
      first_seen_version: facts.appVersion,
      first_seen_runtime_version: facts.platform.runtimeVersion,
    },
  };
}

/** The `version` and `platform` groups of the guide's "Group Analytics" section. */
export function installationGroups(facts: InstallationFacts): {
  keys: { version: string; platform: string };
  properties: { version: Properties; platform: Properties };
} {
  return {
    keys: { version: facts.appVersion, platform: facts.platform.name },
    properties: {
      version: { version_number: facts.appVersion, runtime_versions: [facts.platform.runtimeVersion] },
      platform: { platform_name: facts.platform.name, platform_release: facts.platform.release },
    },
  };
}

/** Properties every telemetry event carries: platform details, environment, deployment, auth and time zone. */
export function telemetryEventProperties(facts: InstallationFacts): Properties {
  const properties: Properties = {
    app_version: facts.appVersion,
    platform: facts.platform.name,
    platform_release: facts.platform.release,
    machine: facts.platform.machine,
    runtime_version: facts.platform.runtimeVersion,
    environment: facts.environment,
    deployment_method: facts.deploymentMethod,
    timezone: facts.platform.timezone,
  };
  if (facts.authMethod !== undefined) properties.auth_method = facts.authMethod;
  return properties;
}
