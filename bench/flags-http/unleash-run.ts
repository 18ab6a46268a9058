import type { LoadRequest } from './load-generator.ts';
import { loadTarget, type TargetMeasurement } from './load-target.ts';
import { type Company, STATIC_COHORT_EVERY, type User, unleashBody } from './population.ts';
import {
  ensureInstalled,
  FRONTEND_TOKEN,
  seedUnleash,
  startUnleash,
  UNLEASH_VERSION,
  unavailable,
} from './unleash-setup.ts';

export const UNLEASH_ROW = `Unleash ${UNLEASH_VERSION} \`POST /api/frontend\` (PostgreSQL 15)`;

/** The Unleash row of the table, or why there is none. */
export async function measureUnleash(options: {
  users: User[];
  companies: Company[];
  load: (url: string, flagKeys: string[]) => LoadRequest;
}): Promise<{ row?: TargetMeasurement; note?: string }> {
  const why = unavailable();
  if (why) return { note: `Unleash was not run: ${why}` };
  ensureInstalled();
  const server = await startUnleash();
  try {
    const companies = new Map(options.companies.map((c) => [c.key, c]));
    const members = options.users.filter((u, i) => u.identified && i % STATIC_COHORT_EVERY === 0);
    const probeUser = members[0] as User;
    const probe = async () => {
      const response = await fetch(`${server.url}/api/frontend`, {
        method: 'POST',
        headers: { authorization: FRONTEND_TOKEN, 'content-type': 'application/json' },
        body: unleashBody(probeUser, companies),
      });
      if (!response.ok) return [];
      return ((await response.json()) as { toggles: { name: string }[] }).toggles.map((t) => t.name);
    };
    const toggles = await seedUnleash(
      server,
      members.map((u) => u.distinctId),
      probe,
    );
    console.log(`Unleash: ${toggles.length} toggles; ${UNLEASH_ROW}…`);
    const request: LoadRequest = {
      ...options.load(server.url, toggles),
      kind: 'unleash',
      token: FRONTEND_TOKEN,
    };
    return { row: await loadTarget(UNLEASH_ROW, server.pid, request) };
  } finally {
    await server.stop();
  }
}
