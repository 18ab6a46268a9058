import type { Flag } from '../api/types.ts';

export interface Snippet {
  label: string;
  code: string;
}

/** What kind of answer a flag gives, which decides the call a snippet shows. */
type Shape = 'boolean' | 'multivariate' | 'remote_config';

function shapeOf(flag: Flag): Shape {
  if (flag.is_remote_configuration) return 'remote_config';
  return (flag.filters.multivariate?.variants.length ?? 0) > 0 ? 'multivariate' : 'boolean';
}

const hasPayload = (flag: Flag) => Object.keys(flag.filters.payloads ?? {}).length > 0;
const quote = (text: string) => JSON.stringify(text);

function nodeSnippet(
  flag: Flag,
  shape: Shape,
  token: string,
  host: string,
  group: string | undefined,
): string {
  const key = quote(flag.key);
  const init = `import { PostHog } from 'posthog-node';\n\nconst posthog = new PostHog(${quote(token)}, { host: ${quote(host)} });\n`;
  if (shape === 'remote_config')
    return `${init.replace('});\n', ', personalApiKey: process.env.POSTHOG_PERSONAL_API_KEY });\n')}const config = await posthog.getRemoteConfigPayload(${key});`;
  const groups = group ? `, { groups: { ${quote(group)}: 'acme' } }` : '';
  if (shape === 'multivariate') {
    const variants = flag.filters.multivariate?.variants ?? [];
    const cases = variants.map((v) => `  case ${quote(v.key)}:\n    break;`).join('\n');
    const payload = hasPayload(flag)
      ? `\nconst payload = await posthog.getFeatureFlagPayload(${key}, 'user-123', variant${groups ? `, ${groups.slice(2)}` : ''});`
      : '';
    return `${init}const variant = await posthog.getFeatureFlag(${key}, 'user-123'${groups});${payload}\nswitch (variant) {\n${cases}\n  default: // off, or not yet loaded\n}`;
  }
  const payload = hasPayload(flag)
    ? `\n  const payload = await posthog.getFeatureFlagPayload(${key}, 'user-123', true${groups ? `, ${groups.slice(2)}` : ''});`
    : '';
  return `${init}if (await posthog.isFeatureEnabled(${key}, 'user-123'${groups})) {${payload}\n  // the new code path\n}`;
}

function browserSnippet(
  flag: Flag,
  shape: Shape,
  token: string,
  host: string,
  group: string | undefined,
): string {
  const key = quote(flag.key);
  const init = `import posthog from 'posthog-js';\n\nposthog.init(${quote(token)}, { api_host: ${quote(host)} });\n`;
  const groupCall = group ? `posthog.group(${quote(group)}, 'acme');\n` : '';
  if (shape === 'remote_config')
    return `${init}posthog.onFeatureFlags(() => {\n  const config = posthog.getFeatureFlagPayload(${key});\n});`;
  const payload = hasPayload(flag) ? `\n  const payload = posthog.getFeatureFlagPayload(${key});` : '';
  if (shape === 'multivariate')
    return `${init}${groupCall}posthog.onFeatureFlags(() => {\n  const variant = posthog.getFeatureFlag(${key});${payload}\n});`;
  return `${init}${groupCall}posthog.onFeatureFlags(() => {\n  if (posthog.isFeatureEnabled(${key})) {${payload.replace('\n  ', '\n    ')}\n    // the new code path\n  }\n});`;
}

function pythonSnippet(
  flag: Flag,
  shape: Shape,
  token: string,
  host: string,
  group: string | undefined,
): string {
  const key = quote(flag.key);
  const init = `from posthog import Posthog\n\nposthog = Posthog(${quote(token)}, host=${quote(host)})\n`;
  if (shape === 'remote_config')
    return `import os\n${init.replace(')\n', ', personal_api_key=os.environ["POSTHOG_PERSONAL_API_KEY"])\n')}config = posthog.get_remote_config_payload(${key})`;
  const groups = group ? `, groups={${quote(group)}: "acme"}` : '';
  const payload = hasPayload(flag)
    ? `\n    payload = posthog.get_feature_flag_payload(${key}, "user-123"${groups})`
    : '';
  if (shape === 'multivariate')
    return `${init}variant = posthog.get_feature_flag(${key}, "user-123"${groups})\nif variant == ${quote(flag.filters.multivariate?.variants[0]?.key ?? 'control')}:${payload || '\n    pass'}`;
  return `${init}if posthog.feature_enabled(${key}, "user-123"${groups}):${payload}\n    pass  # the new code path`;
}

/**
 * "Use it in code" for this flag: the call that fits its answer (a boolean, a variant, a remote-config payload),
 * its payload when it has one, and its group when it is aggregated by one — in posthog-node, posthog-js and Python.
 */
export function flagSnippets(flag: Flag, token: string, host: string, groupType?: string): Snippet[] {
  const shape = shapeOf(flag);
  const group = flag.filters.aggregation_group_type_index != null ? (groupType ?? 'company') : undefined;
  return [
    { label: 'posthog-node', code: nodeSnippet(flag, shape, token, host, group) },
    { label: 'posthog-js', code: browserSnippet(flag, shape, token, host, group) },
    { label: 'Python (posthog)', code: pythonSnippet(flag, shape, token, host, group) },
  ];
}
