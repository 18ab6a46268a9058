import { groupPropertiesWithKeys } from '../client/group-properties.ts';
import type { FlagOptions, FlagValue } from '../client-api.ts';
import { TEST_PROJECT_KEY } from './sdk-test-server.ts';

interface FlagDetails {
  enabled: boolean;
  variant: string | null;
  failed?: boolean;
  metadata: { payload: string | null };
}

/**
 * The server's own `/flags?v=2` answer for a user, as values and parsed payloads: the reference the SDK's
 * results are compared with. Sent with plain fetch, not through the SDK.
 */
export async function serverFlags(
  url: string,
  distinctId: string,
  options: FlagOptions = {},
): Promise<{ flags: Record<string, FlagValue>; payloads: Record<string, unknown> }> {
  const response = await fetch(`${url}/flags/?v=2`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token: TEST_PROJECT_KEY,
      distinct_id: distinctId,
      person_properties: options.personProperties ?? {},
      groups: options.groups ?? {},
      group_properties: groupPropertiesWithKeys(options),
      evaluation_runtime: 'server',
    }),
  });
  if (!response.ok) throw new Error(`POST /flags → ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { flags: Record<string, FlagDetails> };
  const flags: Record<string, FlagValue> = {};
  const payloads: Record<string, unknown> = {};
  for (const [key, d] of Object.entries(body.flags)) {
    if (d.failed) continue;
    flags[key] = d.enabled ? (d.variant ?? true) : false;
    if (d.enabled && d.metadata.payload != null) payloads[key] = JSON.parse(d.metadata.payload);
  }
  return { flags, payloads };
}
