/**
 * The public surface of the Signpost client that framework adapters, the telemetry kit, the OpenFeature provider
 * and the test client are written against, so each can take the real client or the test double.
 */

export type FlagValue = boolean | string;
export type Properties = Record<string, unknown>;

export interface FlagOptions {
  /** Returned when the flag is unknown or Signpost cannot be reached in time (the kill-switch idiom). */
  default?: FlagValue;
  personProperties?: Properties;
  /** Group type → group key, e.g. `{ company: 'acme' }`. */
  groups?: Record<string, string>;
  /** Group type → properties of that group. */
  groupProperties?: Record<string, Properties>;
  /** Skip the `$feature_flag_called` event for this call. */
  sendFeatureFlagEvents?: boolean;
}

export interface CaptureMessage {
  distinctId: string;
  event: string;
  properties?: Properties;
  groups?: Record<string, string>;
  timestamp?: Date;
}

export interface IdentifyMessage {
  distinctId: string;
  set?: Properties;
  setOnce?: Properties;
}

export interface AliasMessage {
  distinctId: string;
  alias: string;
}

export interface GroupIdentifyMessage {
  groupType: string;
  groupKey: string;
  properties?: Properties;
  /** The distinct id the `$groupidentify` event is attributed to; defaults to `$<groupType>_<groupKey>`. */
  distinctId?: string;
}

export interface FlagsAndPayloads {
  flags: Record<string, FlagValue>;
  /** Parsed JSON payloads, keyed by flag. */
  payloads: Record<string, unknown>;
}

export interface SignpostClientApi {
  capture(message: CaptureMessage): void;
  identify(message: IdentifyMessage): void;
  alias(message: AliasMessage): void;
  groupIdentify(message: GroupIdentifyMessage): void;
  getFeatureFlag(distinctId: string, key: string, options?: FlagOptions): Promise<FlagValue | undefined>;
  isFeatureEnabled(distinctId: string, key: string, options?: FlagOptions): Promise<boolean | undefined>;
  getFeatureFlagPayload(distinctId: string, key: string, options?: FlagOptions): Promise<unknown>;
  getAllFlags(distinctId: string, options?: FlagOptions): Promise<Record<string, FlagValue>>;
  getAllFlagsAndPayloads(distinctId: string, options?: FlagOptions): Promise<FlagsAndPayloads>;
  /** `{ flagKey: variant }` for the multivariate flags that are running experiments. */
  getActiveExperiments(distinctId: string, options?: FlagOptions): Promise<Record<string, string>>;
  trackFeatureFlagInteraction(
    distinctId: string,
    flagKey: string,
    action: string,
    properties?: Properties,
  ): Promise<void>;
  /** Properties added to every captured event (deployment context: environment, app_version, …). */
  register(properties: Properties): void;
  flush(): Promise<void>;
  shutdown(timeoutMs?: number): Promise<void>;
}
