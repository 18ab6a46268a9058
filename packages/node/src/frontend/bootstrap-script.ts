import type { FrontendFlags } from './inject-feature-flags.ts';

export interface BootstrapScriptOptions {
  /** The `window` property to set. Default `featureFlags`. */
  globalName?: string;
  /** CSP nonce for the inline script. */
  nonce?: string;
}

/** The page-side shape: posthog-js takes it unchanged as `bootstrap`. */
export interface BootstrapData {
  featureFlags: FrontendFlags['flags'];
  featureFlagPayloads: FrontendFlags['payloads'];
  distinctID: string;
}

const UNSAFE_IN_SCRIPT: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON that stays data inside an HTML `<script>`: with `<` and `>` escaped no `</script>` or `<!--` can end or
 * bend the element, and U+2028/U+2029 (legal in JSON, line breaks in older JavaScript) are escaped too. Every
 * escape is inside a JSON string, where `\uXXXX` reads back as the same character.
 */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => UNSAFE_IN_SCRIPT[c] ?? c);
}

const escapeAttribute = (value: string) => value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * An inline `<script>` that sets `window.featureFlags` (or `globalName`) before first paint, in the shape
 * posthog-js accepts as `bootstrap`, so neither your code nor posthog-js flickers.
 *
 * @example
 * // server: `<head>${bootstrapScript(await injectFeatureFlagsToFrontend(signpost, user.id))}</head>`
 * // page:   if (window.featureFlags.featureFlags['new-timer-ui']) loadNewTimer();
 * //         posthog.init(key, { api_host, bootstrap: window.featureFlags });
 */
export function bootstrapScript(data: FrontendFlags, options: BootstrapScriptOptions = {}): string {
  const bootstrap: BootstrapData = {
    featureFlags: data.flags,
    featureFlagPayloads: data.payloads,
    distinctID: data.distinctId,
  };
  const nonce = options.nonce === undefined ? '' : ` nonce="${escapeAttribute(options.nonce)}"`;
  const target = `window[${inlineJson(options.globalName ?? 'featureFlags')}]`;
  return `<script${nonce}>${target} = ${inlineJson(bootstrap)};</script>`;
}
