/** GrowthBook 1.x multi-user client: one shared `GrowthBookClient`, user attributes passed per call. */
import { GrowthBookClient, type UserContext } from '@growthbook/growthbook';
import type { FlagValue, System } from './measure.ts';
import { FLAG_A, FLAG_B, growthbookFeatures, type User } from './workload.ts';

export function growthbook(users: User[]): System {
  const client = new GrowthBookClient();
  client.initSync({ payload: { features: growthbookFeatures }, streaming: false });
  const contexts: UserContext[] = users.map((u) => ({ attributes: { id: u.distinctId, ...u.properties } }));
  return {
    name: 'GrowthBook 1.8 `GrowthBookClient`',
    how: 'isOn(A, userContext) + getFeatureValue(B, null, userContext)',
    evaluationsPerRound: users.length * 2,
    round() {
      let sum = 0;
      for (const ctx of contexts) {
        if (client.isOn(FLAG_A, ctx)) sum++;
        if (client.getFeatureValue(FLAG_B, null, ctx) === 'control') sum++;
      }
      return sum;
    },
    async values(i): Promise<[FlagValue, FlagValue]> {
      const ctx = contexts[i]!;
      return [client.isOn(FLAG_A, ctx), client.getFeatureValue<string | null>(FLAG_B, null, ctx)];
    },
    async close() {
      client.destroy();
    },
  };
}
