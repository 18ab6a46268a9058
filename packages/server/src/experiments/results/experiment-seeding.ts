import { type Definitions, evaluate } from '@signpost/flags-engine';
import type { SeedEvent } from '../../insights/query-test-kit.ts';
import type { InProcess } from '../../testing/in-process.ts';
import { TEST_PROJECT_KEY } from '../../testing/test-server.ts';

/** The variant `/flags` gives this user for `key` (null when the flag gives them none). */
export async function variantFor(server: InProcess, key: string, distinctId: string): Promise<string | null> {
  const res = await server.signpost.app.request('/flags/?v=2', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: TEST_PROJECT_KEY, distinct_id: distinctId }),
  });
  const body = (await res.json()) as { flags: Record<string, { variant: string | null }> };
  return body.flags[key]?.variant ?? null;
}

/**
 * Bucketing for thousands of users: the served `/flags/definitions` evaluated by the flags engine, as an SDK
 * with local evaluation does (one `/flags` round trip per user costs ~2.5 ms in process).
 */
export async function localBucketing(
  server: InProcess,
  key: string,
): Promise<(distinctId: string) => string | null> {
  const definitions = await server.api<Definitions>('/flags/definitions');
  const flag = definitions.flags.find((f) => f.key === key);
  if (!flag) throw new Error(`flag ${key} is not served`);
  return (distinctId) => {
    const result = evaluate(flag, definitions, {
      distinctId,
      groups: {},
      personProperties: {},
      groupProperties: {},
      now: new Date(),
      mode: 'local',
    });
    return !result.inconclusive && typeof result.value === 'string' ? result.value : null;
  };
}

/** What posthog-node sends when a flag is read: the exposure event. */
export function exposure(key: string, distinctId: string, variant: string, at: Date): SeedEvent {
  return {
    event: '$feature_flag_called',
    distinct_id: distinctId,
    timestamp: at.toISOString(),
    properties: { $feature_flag: key, $feature_flag_response: variant },
  };
}

export const event = (
  name: string,
  distinctId: string,
  at: Date,
  properties: Record<string, unknown> = {},
) => ({
  event: name,
  distinct_id: distinctId,
  timestamp: at.toISOString(),
  properties,
});

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
