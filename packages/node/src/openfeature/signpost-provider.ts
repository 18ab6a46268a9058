import {
  type EvaluationContext,
  FlagNotFoundError,
  type JsonValue,
  type Provider,
  type ResolutionDetails,
  StandardResolutionReasons,
  type TrackingEventDetails,
  TypeMismatchError,
} from '@openfeature/server-sdk';
import type { FlagValue, SignpostClientApi } from '../client-api.ts';
import { toSignpostTarget } from './evaluation-context.ts';

export type SignpostProviderClient = Pick<
  SignpostClientApi,
  'getFeatureFlag' | 'getFeatureFlagPayload' | 'capture' | 'flush'
>;

/**
 * An OpenFeature server provider backed by a Signpost client (or the test client).
 *
 * Booleans answer whether the flag is on for the user (a multivariate flag is on when a variant is assigned),
 * strings answer the variant, and numbers and objects answer the flag's payload. Details carry the variant and
 * a reason: `TARGETING_MATCH` (on), `SPLIT` (a variant), `DEFAULT` (off for this user: the flag's fallback, and
 * for strings, numbers and objects the caller's default).
 *
 * @example
 * await OpenFeature.setProviderAndWait(new SignpostProvider(signpost));
 * const enabled = await OpenFeature.getClient().getBooleanValue('beta-features', false, { targetingKey: userId });
 */
export class SignpostProvider implements Provider {
  readonly metadata = { name: 'signpost' } as const;
  readonly runsOn = 'server' as const;

  constructor(private readonly client: SignpostProviderClient) {}

  async resolveBooleanEvaluation(
    flagKey: string,
    // An off flag answers `false`, not the caller's default: "off" is the flag's own configured answer.
    _defaultValue: boolean,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<boolean>> {
    const value = await this.flagValue(flagKey, context);
    return { value: value !== false, ...describe(value) };
  }

  async resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<string>> {
    const value = await this.flagValue(flagKey, context);
    if (value === false) return { value: defaultValue, ...describe(value) };
    if (typeof value !== 'string') {
      throw new TypeMismatchError(`"${flagKey}" is an on/off flag; evaluate it as a boolean.`);
    }
    return { value, ...describe(value) };
  }

  async resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<number>> {
    const { value, payload } = await this.payload(flagKey, context);
    if (value === false) return { value: defaultValue, ...describe(value) };
    if (typeof payload !== 'number') {
      throw new TypeMismatchError(
        `The payload of "${flagKey}" is ${describePayload(payload)}, not a number.`,
      );
    }
    return { value: payload, ...describe(value) };
  }

  async resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    const { value, payload } = await this.payload(flagKey, context);
    if (value === false) return { value: defaultValue, ...describe(value) };
    if (typeof payload !== 'object' || payload === null) {
      throw new TypeMismatchError(
        `The payload of "${flagKey}" is ${describePayload(payload)}, not an object.`,
      );
    }
    // The payload is JSON parsed by the client; its shape is the caller's claim, as with any object flag.
    return { value: payload as T, ...describe(value) };
  }

  /** `client.track(name, context, details)` becomes an event of that name for the targeting key. */
  track(trackingEventName: string, context: EvaluationContext, details: TrackingEventDetails): void {
    const { distinctId, options } = toSignpostTarget(context);
    const properties = JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
    this.client.capture({
      distinctId,
      event: trackingEventName,
      properties,
      ...(options.groups ? { groups: options.groups } : {}),
    });
  }

  async onClose(): Promise<void> {
    await this.client.flush();
  }

  private async flagValue(flagKey: string, context: EvaluationContext): Promise<FlagValue> {
    const { distinctId, options } = toSignpostTarget(context);
    const value = await this.client.getFeatureFlag(distinctId, flagKey, options);
    // The client answers `undefined` both for an unknown key and when Signpost cannot be reached in time.
    if (value === undefined)
      throw new FlagNotFoundError(`"${flagKey}" is unknown, or Signpost is unreachable.`);
    return value;
  }

  private async payload(
    flagKey: string,
    context: EvaluationContext,
  ): Promise<{ value: FlagValue; payload: unknown }> {
    const value = await this.flagValue(flagKey, context);
    if (value === false) return { value, payload: undefined };
    const { distinctId, options } = toSignpostTarget(context);
    // No second `$feature_flag_called`: the value read above already reported this evaluation.
    const payload = await this.client.getFeatureFlagPayload(distinctId, flagKey, {
      ...options,
      sendFeatureFlagEvents: false,
    });
    return { value, payload };
  }
}

function describe(value: FlagValue): { variant?: string; reason: string } {
  if (typeof value === 'string') return { variant: value, reason: StandardResolutionReasons.SPLIT };
  return { reason: value ? StandardResolutionReasons.TARGETING_MATCH : StandardResolutionReasons.DEFAULT };
}

const describePayload = (payload: unknown): string =>
  payload === undefined
    ? 'missing'
    : payload === null
      ? 'null'
      : Array.isArray(payload)
        ? 'an array'
        : typeof payload;
