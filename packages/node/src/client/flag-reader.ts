import type { FlagOptions, FlagsAndPayloads, FlagValue, Properties } from '../client-api.ts';
import { activeExperiments } from './active-experiments.ts';
import type { FlagCalledCache } from './flag-called-cache.ts';
import type { FlagOutcome } from './flag-outcome.ts';
import type { FlagResolver } from './flag-resolver.ts';

export interface FlagReaderDeps {
  resolver: FlagResolver;
  calledCache: FlagCalledCache;
  /** Queues an event (the client's capture, with super properties). */
  capture: (
    distinctId: string,
    event: string,
    properties: Properties,
    groups?: Record<string, string>,
  ) => void;
  /** When false (client disabled), every read answers as if Signpost were unreachable. */
  enabled: boolean;
}

/** The flag half of the client: reads with the guide's argument order, and exposure events. */
export class FlagReader {
  constructor(private readonly deps: FlagReaderDeps) {}

  /**
   * The flag's value for this user, or `options.default` when the flag is unknown or Signpost cannot be
   * reached in time.
   *
   * @example
   * if (!(await signpost.getFeatureFlag(user.id, 'enable-exports', { default: true }))) return res.status(503);
   */
  async getFeatureFlag(
    distinctId: string,
    key: string,
    options: FlagOptions = {},
  ): Promise<FlagValue | undefined> {
    const outcome = await this.resolve(distinctId, key, options);
    if (!outcome) return options.default;
    if (options.sendFeatureFlagEvents !== false) this.reportCalled(distinctId, outcome, options.groups);
    return outcome.value;
  }

  async isFeatureEnabled(
    distinctId: string,
    key: string,
    options: FlagOptions = {},
  ): Promise<boolean | undefined> {
    const value = await this.getFeatureFlag(distinctId, key, options);
    return value === undefined ? undefined : value !== false;
  }

  /** The JSON payload of the value this user gets (remote config), parsed; undefined when there is none. */
  async getFeatureFlagPayload(distinctId: string, key: string, options: FlagOptions = {}): Promise<unknown> {
    return (await this.resolve(distinctId, key, options))?.payload;
  }

  async getAllFlagsAndPayloads(distinctId: string, options: FlagOptions = {}): Promise<FlagsAndPayloads> {
    const flags: Record<string, FlagValue> = {};
    const payloads: Record<string, unknown> = {};
    for (const outcome of await this.resolveAll(distinctId, options)) {
      flags[outcome.key] = outcome.value;
      if (outcome.payload !== undefined) payloads[outcome.key] = outcome.payload;
    }
    return { flags, payloads };
  }

  /** Experiments count as exposures: each variant handed out is reported once, like a flag read. */
  async getActiveExperiments(distinctId: string, options: FlagOptions = {}): Promise<Record<string, string>> {
    const outcomes = await this.resolveAll(distinctId, options);
    const experiments = activeExperiments(outcomes);
    if (options.sendFeatureFlagEvents !== false) {
      for (const outcome of outcomes) {
        if (outcome.key in experiments) this.reportCalled(distinctId, outcome, options.groups);
      }
    }
    return experiments;
  }

  private resolve(distinctId: string, key: string, options: FlagOptions): Promise<FlagOutcome | undefined> {
    if (!this.deps.enabled) return Promise.resolve(undefined);
    return this.deps.resolver.one(distinctId, key, options);
  }

  private async resolveAll(distinctId: string, options: FlagOptions): Promise<FlagOutcome[]> {
    if (!this.deps.enabled) return [];
    return Object.values(await this.deps.resolver.all(distinctId, options));
  }

  /** `$feature_flag_called` as PostHog's SDKs send it (compat notes §2.3), once per (user, flag, value). */
  private reportCalled(distinctId: string, outcome: FlagOutcome, groups?: Record<string, string>): void {
    if (!this.deps.calledCache.firstCall(distinctId, outcome.key, outcome.value)) return;
    const properties: Properties = {
      $feature_flag: outcome.key,
      $feature_flag_response: outcome.value,
      [`$feature/${outcome.key}`]: outcome.value,
      locally_evaluated: outcome.locallyEvaluated,
    };
    if (outcome.reason !== undefined) properties.$feature_flag_reason = outcome.reason;
    if (outcome.id !== undefined) properties.$feature_flag_id = outcome.id;
    if (outcome.version !== undefined) properties.$feature_flag_version = outcome.version;
    this.deps.capture(distinctId, '$feature_flag_called', properties, groups);
  }
}
