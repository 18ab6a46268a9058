// The fixed part of every generated module. It is plain, self-contained TypeScript (no imports, no parameter
// properties, no enums) so it compiles under `isolatedModules`, `erasableSyntaxOnly` and Node's type stripping.
export const TYPED_CLIENT_SOURCE = `export interface FlagEvaluationOptions {
  personProperties?: Record<string, unknown>;
  groups?: Record<string, string>;
  groupProperties?: Record<string, Record<string, unknown>>;
  sendFeatureFlagEvents?: boolean;
}

/** The flag methods of a Signpost client (or the test client) that \`typedFlags\` wraps. */
export interface FlagClient {
  getFeatureFlag(
    distinctId: string,
    key: string,
    options?: FlagEvaluationOptions & { default?: boolean | string },
  ): Promise<boolean | string | undefined>;
  isFeatureEnabled(
    distinctId: string,
    key: string,
    options?: FlagEvaluationOptions & { default?: boolean | string },
  ): Promise<boolean | undefined>;
  getFeatureFlagPayload(distinctId: string, key: string, options?: FlagEvaluationOptions): Promise<unknown>;
  getAllFlags(distinctId: string, options?: FlagEvaluationOptions): Promise<Record<string, boolean | string>>;
  trackFeatureFlagInteraction(
    distinctId: string,
    flagKey: string,
    action: string,
    properties?: Record<string, unknown>,
  ): Promise<void>;
}

/** Flag methods that accept only this project's keys and answer each flag's own value and payload types. */
export class TypedFlags {
  readonly #client: FlagClient;

  constructor(client: FlagClient) {
    this.#client = client;
  }

  /** With a \`default\` (the kill-switch idiom) the answer is never \`undefined\`. */
  getFeatureFlag<K extends FlagKey>(
    distinctId: string,
    key: K,
    options: FlagEvaluationOptions & { default: FlagValues[K] },
  ): Promise<FlagValues[K]>;
  getFeatureFlag<K extends FlagKey>(
    distinctId: string,
    key: K,
    options?: FlagEvaluationOptions,
  ): Promise<FlagValues[K] | undefined>;
  getFeatureFlag(
    distinctId: string,
    key: FlagKey,
    options?: FlagEvaluationOptions & { default?: boolean | string },
  ): Promise<boolean | string | undefined> {
    return this.#client.getFeatureFlag(distinctId, key, options);
  }

  isFeatureEnabled(
    distinctId: string,
    key: FlagKey,
    options?: FlagEvaluationOptions & { default?: boolean },
  ): Promise<boolean | undefined> {
    return this.#client.isFeatureEnabled(distinctId, key, options);
  }

  async getFeatureFlagPayload<K extends FlagKey>(
    distinctId: string,
    key: K,
    options?: FlagEvaluationOptions,
  ): Promise<FlagPayloads[K] | undefined> {
    // The server is the source of the payload; its type is the one inferred when this file was generated.
    return (await this.#client.getFeatureFlagPayload(distinctId, key, options)) as FlagPayloads[K] | undefined;
  }

  async getAllFlags(distinctId: string, options?: FlagEvaluationOptions): Promise<Partial<FlagValues>> {
    return (await this.#client.getAllFlags(distinctId, options)) as Partial<FlagValues>;
  }

  trackFeatureFlagInteraction(
    distinctId: string,
    flagKey: FlagKey,
    action: string,
    properties?: Record<string, unknown>,
  ): Promise<void> {
    return this.#client.trackFeatureFlagInteraction(distinctId, flagKey, action, properties);
  }
}

/**
 * Wraps a client so flag keys, variants and payloads are checked by tsc:
 * \`typedFlags(signpost).getFeatureFlag(userId, 'typo')\` does not compile.
 */
export function typedFlags(client: FlagClient): TypedFlags {
  return new TypedFlags(client);
}
`;
