import type {
  AliasMessage,
  CaptureMessage,
  FlagOptions,
  FlagsAndPayloads,
  FlagValue,
  GroupIdentifyMessage,
  IdentifyMessage,
  Properties,
  SignpostClientApi,
} from '@signpost/node';
import type { PostHog } from 'posthog-node';
import type { ExperimentMarkers } from './experiment-markers.ts';

/**
 * The same app on posthog-node: this adapter maps the interface the app is written against onto posthog-node's
 * calls. What differs: flag calls take `(key, distinctId)`; there is no `default` (an unreachable server gives
 * `undefined`, so `??` supplies it); identify takes `$set`/`$set_once` inside `properties`; there are no super
 * properties, experiments list or interaction helper, so they are built here from plain calls (the experiments
 * list with the `has_experiment` markers that `markers` reads from posthog-node's own flag requests).
 */
export class PosthogNodeAnalytics implements SignpostClientApi {
  private readonly superProperties: Properties = {};

  constructor(
    private readonly posthog: PostHog,
    private readonly markers: ExperimentMarkers,
  ) {}

  capture(message: CaptureMessage): void {
    this.posthog.capture({
      distinctId: message.distinctId,
      event: message.event,
      properties: { ...this.superProperties, ...message.properties },
      ...(message.groups ? { groups: message.groups } : {}),
      ...(message.timestamp ? { timestamp: message.timestamp } : {}),
    });
  }

  identify(message: IdentifyMessage): void {
    this.posthog.identify({
      distinctId: message.distinctId,
      properties: { $set: message.set ?? {}, $set_once: message.setOnce ?? {} },
    });
  }

  alias(message: AliasMessage): void {
    this.posthog.alias({ distinctId: message.distinctId, alias: message.alias });
  }

  groupIdentify(message: GroupIdentifyMessage): void {
    this.posthog.groupIdentify({
      groupType: message.groupType,
      groupKey: message.groupKey,
      properties: message.properties ?? {},
      ...(message.distinctId ? { distinctId: message.distinctId } : {}),
    });
  }

  register(properties: Properties): void {
    Object.assign(this.superProperties, properties);
  }

  async getFeatureFlag(
    distinctId: string,
    key: string,
    options: FlagOptions = {},
  ): Promise<FlagValue | undefined> {
    const value = await this.posthog.getFeatureFlag(key, distinctId, evaluation(options));
    return value ?? options.default;
  }

  async isFeatureEnabled(
    distinctId: string,
    key: string,
    options: FlagOptions = {},
  ): Promise<boolean | undefined> {
    const value = await this.getFeatureFlag(distinctId, key, options);
    return value === undefined ? undefined : value !== false;
  }

  async getFeatureFlagPayload(distinctId: string, key: string, options: FlagOptions = {}): Promise<unknown> {
    return this.posthog.getFeatureFlagPayload(key, distinctId, undefined, evaluation(options));
  }

  async getAllFlags(distinctId: string, options: FlagOptions = {}): Promise<Record<string, FlagValue>> {
    return (await this.getAllFlagsAndPayloads(distinctId, options)).flags;
  }

  async getAllFlagsAndPayloads(distinctId: string, options: FlagOptions = {}): Promise<FlagsAndPayloads> {
    const all = await this.posthog.getAllFlagsAndPayloads(distinctId, evaluation(options));
    return { flags: { ...all.featureFlags }, payloads: { ...all.featureFlagPayloads } };
  }

  /**
   * posthog-node has no such call: the flags that handed this user a variant and that the server marks as running
   * an experiment (every such flag if it marks none). Each is then read with getFeatureFlag, which is what makes
   * posthog-node send the exposure (`$feature_flag_called`).
   */
  async getActiveExperiments(distinctId: string, options: FlagOptions = {}): Promise<Record<string, string>> {
    const experiments: Record<string, string> = {};
    for (const [key, value] of Object.entries(await this.getAllFlags(distinctId, options))) {
      if (typeof value !== 'string' || !this.markers.isRunningExperiment(key)) continue;
      experiments[key] = value;
      if (options.sendFeatureFlagEvents !== false) await this.getFeatureFlag(distinctId, key, options);
    }
    return experiments;
  }

  async trackFeatureFlagInteraction(
    distinctId: string,
    flagKey: string,
    action: string,
    properties: Properties = {},
  ): Promise<void> {
    const variant = await this.posthog.getFeatureFlag(flagKey, distinctId, { sendFeatureFlagEvents: false });
    this.capture({
      distinctId,
      event: '$feature_interaction',
      properties: {
        ...properties,
        $feature_flag: flagKey,
        $feature_flag_response: variant ?? null,
        action,
        $set: { [`$feature_interaction/${flagKey}`]: true },
      },
    });
  }

  flush(): Promise<void> {
    return this.posthog.flush();
  }

  shutdown(timeoutMs?: number): Promise<void> {
    return this.posthog.shutdown(timeoutMs);
  }
}

function evaluation(options: FlagOptions) {
  return {
    ...(options.personProperties ? { personProperties: stringProperties(options.personProperties) } : {}),
    ...(options.groups ? { groups: options.groups } : {}),
    ...(options.groupProperties
      ? {
          groupProperties: Object.fromEntries(
            Object.entries(options.groupProperties).map(([type, p]) => [type, stringProperties(p)]),
          ),
        }
      : {}),
    ...(options.sendFeatureFlagEvents === false ? { sendFeatureFlagEvents: false } : {}),
  };
}

// posthog-node types property values as strings; it sends them as given, so booleans keep their JSON type.
const stringProperties = (properties: Properties) => properties as Record<string, string>;
