import type { Environment } from './environments-api.ts';

/** The production environment first, then the others by name: the order of every list and column set. */
export function sortEnvironments(environments: readonly Environment[]): Environment[] {
  return [...environments].sort(
    (a, b) => Number(b.production) - Number(a.production) || a.name.localeCompare(b.name) || a.id - b.id,
  );
}

/** An environment's name as switchers and questions show it: production in capitals, whatever it is called. */
export function environmentTitle(environment: Environment): string {
  if (!environment.production) return environment.name;
  return environment.name.toLowerCase() === 'production' ? 'PRODUCTION' : `PRODUCTION (${environment.name})`;
}

/** How a flag switch in this environment asks before it moves. */
export interface ToggleQuestion {
  /** False outside production: a staging switch flips at once, so trying things there stays cheap. */
  confirm: boolean;
  title: string;
  body: string;
  action: string;
}

/**
 * Production switches change what real users see on the SDKs' next poll, so they alone ask first, and say
 * in the question that this is production.
 */
export function toggleQuestion(flagKey: string, environment: Environment, turnOn: boolean): ToggleQuestion {
  const verb = turnOn ? 'Enable' : 'Disable';
  const where = environmentTitle(environment);
  return {
    confirm: environment.production,
    title: `${verb} ${flagKey} in ${where}?`,
    body: turnOn
      ? `Users of ${environment.name} matching its release conditions start getting this flag.`
      : `Every user of ${environment.name} gets false from now on, whatever its release conditions say.`,
    action: `${verb} in ${environment.name}`,
  };
}

/** Where the promote screen starts: from the current non-production environment (or the first) into production. */
export function defaultPromotion(
  environments: readonly Environment[],
  currentId: number,
): { from: number; to: number } | null {
  if (environments.length < 2) return null;
  const sorted = sortEnvironments(environments);
  const current = sorted.find((e) => e.id === currentId);
  const from = current && !current.production ? current : sorted.find((e) => !e.production);
  const to = sorted.find((e) => e.production && e.id !== from?.id) ?? sorted.find((e) => e.id !== from?.id);
  return from && to ? { from: from.id, to: to.id } : null;
}
