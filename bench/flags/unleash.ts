/** unleash-client 6.x offline: bootstrapped features, in-memory storage, no polling and no metrics. */
import {
  type ClientFeaturesResponse,
  type Context,
  InMemStorageProvider,
  Unleash,
  UnleashEvents,
} from 'unleash-client';
import type { FlagValue, System } from './measure.ts';
import { FLAG_A, FLAG_B, type User, unleashFeatures } from './workload.ts';

export async function unleash(users: User[]): Promise<System> {
  const client = new Unleash({
    appName: 'signpost-bench',
    url: 'http://127.0.0.1:1/api/',
    refreshInterval: 0,
    disableMetrics: true,
    skipInstanceCountWarning: true,
    storageProvider: new InMemStorageProvider(),
    // The transport JSON as a server sends it; the SDK types operators as an enum it does not export.
    bootstrap: { data: unleashFeatures as unknown as ClientFeaturesResponse['features'] },
  });
  const problems: unknown[] = [];
  client.on(UnleashEvents.Error, (e: unknown) => problems.push(e));
  client.on(UnleashEvents.Warn, (e: unknown) => problems.push(e));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`unleash not ready: ${String(problems[0])}`)), 5000);
    client.once(UnleashEvents.Ready, () => {
      clearTimeout(timer);
      resolve();
    });
  });
  // Unleash context properties are strings (or numbers).
  const contexts: Context[] = users.map((u) => ({
    userId: u.distinctId,
    properties: Object.fromEntries(Object.entries(u.properties).map(([k, v]) => [k, String(v)])),
  }));
  const variantOf = (ctx: Context): string | null => {
    const v = client.getVariant(FLAG_B, ctx);
    return v.enabled ? v.name : null;
  };
  return {
    name: 'unleash-client 6.12 (bootstrap, offline)',
    how: 'isEnabled(A, context) + getVariant(B, context)',
    evaluationsPerRound: users.length * 2,
    round() {
      let sum = 0;
      for (const ctx of contexts) {
        if (client.isEnabled(FLAG_A, ctx)) sum++;
        if (variantOf(ctx) === 'control') sum++;
      }
      return sum;
    },
    async values(i): Promise<[FlagValue, FlagValue]> {
      const ctx = contexts[i]!;
      return [client.isEnabled(FLAG_A, ctx), variantOf(ctx)];
    },
    async close() {
      client.destroy();
    },
  };
}
