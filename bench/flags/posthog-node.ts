/**
 * posthog-node local evaluation with no network: a custom `fetch` serves the definitions and counts every
 * other request, so a silent fallback to remote `/flags` evaluation would show up.
 */
import { PostHog } from 'posthog-node';
import type { FlagValue, System } from './measure.ts';
import { FLAG_A, FLAG_B, posthogDefinitions, type User } from './workload.ts';

export interface PosthogSystem extends System {
  /** Requests other than the definitions fetch (expected: 0). */
  otherRequests(): string[];
}

export async function posthogNode(users: User[]): Promise<PosthogSystem> {
  const other: string[] = [];
  let definitionFetches = 0;
  const body = JSON.stringify(posthogDefinitions);
  const client = new PostHog('phc_bench', {
    personalApiKey: 'phx_bench',
    host: 'http://127.0.0.1:1',
    featureFlagsPollingInterval: 24 * 3600 * 1000,
    flushAt: 1_000_000,
    flushInterval: 0,
    disableGeoip: true,
    fetch: async (url) => {
      if (url.includes('/flags/definitions') || url.includes('/api/feature_flag/local_evaluation')) {
        definitionFetches++;
        return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
      }
      other.push(url);
      return new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });
    },
  });
  if (!(await client.waitForLocalEvaluationReady(10_000)) || definitionFetches === 0) {
    throw new Error('posthog-node did not load the local-evaluation definitions');
  }
  const options = users.map((u) => ({
    personProperties: u.properties as Record<string, string>,
    onlyEvaluateLocally: true,
    sendFeatureFlagEvents: false,
  }));
  const ids = users.map((u) => u.distinctId);
  const get = (key: string, i: number) => client.getFeatureFlag(key, ids[i]!, options[i]);
  return {
    name: 'posthog-node 5.70 local evaluation',
    how: 'await getFeatureFlag(key, id, {personProperties, onlyEvaluateLocally: true, sendFeatureFlagEvents: false})',
    evaluationsPerRound: users.length * 2,
    async round() {
      let sum = 0;
      for (let i = 0; i < ids.length; i++) {
        if ((await get(FLAG_A, i)) === true) sum++;
        if ((await get(FLAG_B, i)) === 'control') sum++;
      }
      return sum;
    },
    async values(i): Promise<[FlagValue, FlagValue]> {
      return [await get(FLAG_A, i), await get(FLAG_B, i)];
    },
    otherRequests: () => other,
    async close() {
      await client.shutdown();
      if (other.length > 0) throw new Error(`posthog-node made a network request: ${other[0]}`);
    },
  };
}
