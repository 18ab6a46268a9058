import { gzipSync } from 'node:zlib';
import { type Company, flagsBody, STATIC_COHORT_EVERY, type User } from './population.ts';

/**
 * Before the load: proves the seeded data is what the load exercises, i.e. that answers depend on the stored
 * person, group and cohort and not only on what the request sends. Returns one answer body for the raw server.
 */
export async function checkAnswers(options: {
  url: string;
  token: string;
  users: User[];
  companies: Company[];
  flagKeys: string[];
}): Promise<string> {
  const companies = new Map(options.companies.map((c) => [c.key, c]));
  const ask = async (user: User) => {
    const response = await fetch(`${options.url}/flags/?v=2`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: gzipSync(flagsBody(options.token, user, companies)),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`/flags → ${response.status} ${text}`);
    return { text, flags: (JSON.parse(text) as { flags: Record<string, { enabled: boolean }> }).flags };
  };
  const expectEnabled = async (what: string, user: User | undefined, flag: string) => {
    if (!user) throw new Error(`no user for the check "${what}"`);
    const { flags } = await ask(user);
    if (flags[flag]?.enabled !== true)
      throw new Error(
        `${what}: ${flag} is not enabled for ${user.distinctId}: ${JSON.stringify(flags[flag])}`,
      );
  };
  const { users } = options;
  await expectEnabled(
    'stored person properties',
    users.find((u) => u.identified && u.stored.plan === 'enterprise' && u.sent.plan === undefined),
    'pro-features',
  );
  await expectEnabled(
    'stored group properties',
    users.find((u) => u.company && companies.get(u.company)?.stored?.tier === 'enterprise'),
    'company-dashboards',
  );
  await expectEnabled(
    'static cohort',
    users.find((u, i) => u.identified && i % STATIC_COHORT_EVERY === 0),
    'hand-picked',
  );
  const sample = await ask(users[Math.floor(users.length / 2)] as User);
  const keys = Object.keys(sample.flags).sort();
  if (keys.join() !== [...options.flagKeys].sort().join())
    throw new Error(`the answer carries ${keys.join()}, not the ${options.flagKeys.length} flags created`);
  return sample.text;
}
