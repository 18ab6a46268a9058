import type { FlagOptions, FlagValue, SignpostClientApi } from '../client-api.ts';

/** What a page needs to render with the right flags before any script asks Signpost. */
export interface FrontendFlags {
  flags: Record<string, FlagValue>;
  /** Parsed JSON payloads, keyed by flag. */
  payloads: Record<string, unknown>;
  distinctId: string;
}

export interface InjectOptions extends FlagOptions {
  /** Only these flags reach the page (keep server-only flags and their payloads private). */
  only?: readonly string[];
}

/**
 * Evaluates every flag for this user on the server side, for the page to read synchronously: pass the result to
 * `bootstrapScript()`. Works with the real client and with `createTestClient()`.
 *
 * @example
 * const data = await injectFeatureFlagsToFrontend(signpost, user.id, { personProperties: { role: user.role } });
 * res.send(`<head>${bootstrapScript(data, { nonce })}</head>…`);
 */
export async function injectFeatureFlagsToFrontend(
  client: Pick<SignpostClientApi, 'getAllFlagsAndPayloads'>,
  distinctId: string,
  options: InjectOptions = {},
): Promise<FrontendFlags> {
  const { only, ...flagOptions } = options;
  const { flags, payloads } = await client.getAllFlagsAndPayloads(distinctId, flagOptions);
  if (!only) return { flags, payloads, distinctId };
  const keep = new Set(only);
  const pick = <T>(record: Record<string, T>) =>
    Object.fromEntries(Object.entries(record).filter(([key]) => keep.has(key)));
  return { flags: pick(flags), payloads: pick(payloads), distinctId };
}
