/**
 * The two SDKs as `System`s of bench/flags: the same 10k users and two flags, local evaluation from definitions
 * fetched once, no exposure events, per-user options built outside the timing.
 */
import { Signpost } from '@signpost/node';
import { PostHog } from 'posthog-node';
import type { FlagValue, System } from '../flags/measure.ts';
import { FLAG_A, FLAG_B, type User } from '../flags/workload.ts';

const DAY_MS = 24 * 3600 * 1000;

function system(
  name: string,
  how: string,
  users: User[],
  get: (key: string, i: number) => Promise<FlagValue>,
  close: () => Promise<void>,
): System {
  return {
    name,
    how,
    evaluationsPerRound: users.length * 2,
    async round() {
      let sum = 0;
      for (let i = 0; i < users.length; i++) {
        if ((await get(FLAG_A, i)) === true) sum++;
        if ((await get(FLAG_B, i)) === 'control') sum++;
      }
      return sum;
    },
    async values(i): Promise<[FlagValue, FlagValue]> {
      return [await get(FLAG_A, i), await get(FLAG_B, i)];
    },
    close,
  };
}

export async function signpostClient(host: string, users: User[]): Promise<System> {
  const client = new Signpost('phc_bench', {
    host,
    personalApiKey: 'phx_bench',
    featureFlagsPollingIntervalMs: DAY_MS,
    flushAt: 1_000_000,
    flushIntervalMs: DAY_MS,
    maxQueueSize: 1_000_000,
  });
  await client.reloadFeatureFlags();
  if (client.stats().definitions?.flagCount !== 2)
    throw new Error('@signpost/node did not load the definitions');
  const ids = users.map((u) => u.distinctId);
  const options = users.map((u) => ({ personProperties: u.properties, sendFeatureFlagEvents: false }));
  return system(
    '@signpost/node `getFeatureFlag` (local)',
    'await signpost.getFeatureFlag(id, key, {personProperties, sendFeatureFlagEvents: false})',
    users,
    (key, i) => client.getFeatureFlag(ids[i] ?? '', key, options[i]),
    () => client.shutdown(100),
  );
}

export async function posthogClient(host: string, users: User[]): Promise<System> {
  const client = new PostHog('phc_bench', {
    host,
    personalApiKey: 'phx_bench',
    featureFlagsPollingInterval: DAY_MS,
    flushAt: 1_000_000,
    flushInterval: 0,
    disableGeoip: true,
  });
  if (!(await client.waitForLocalEvaluationReady(10_000))) {
    throw new Error('posthog-node did not load the definitions');
  }
  const ids = users.map((u) => u.distinctId);
  const options = users.map((u) => ({
    personProperties: u.properties as Record<string, string>,
    onlyEvaluateLocally: true,
    sendFeatureFlagEvents: false,
  }));
  return system(
    'posthog-node 5.70 `getFeatureFlag` (local)',
    'await posthog.getFeatureFlag(key, id, {personProperties, onlyEvaluateLocally: true, sendFeatureFlagEvents: false})',
    users,
    (key, i) => client.getFeatureFlag(key, ids[i] ?? '', options[i]),
    () => client.shutdown(100),
  );
}
