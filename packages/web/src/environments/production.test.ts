import { describe, expect, it } from 'vitest';
import type { Environment } from './environments-api.ts';
import { defaultPromotion, environmentTitle, sortEnvironments, toggleQuestion } from './production.ts';

const env = (id: number, name: string, production = false): Environment => ({
  id,
  project_id: 1,
  name,
  api_token: `phc_${name}`,
  production,
  created_at: '2026-01-01T00:00:00Z',
});
const prod = env(1, 'production', true);
const staging = env(2, 'staging');
const dev = env(3, 'dev');

describe('production marking', () => {
  it('lists production first, then the others by name', () => {
    expect(sortEnvironments([staging, dev, prod]).map((e) => e.name)).toEqual([
      'production',
      'dev',
      'staging',
    ]);
  });

  it('asks before a production switch moves, and says it is production', () => {
    const q = toggleQuestion('checkout', prod, false);
    expect(q.confirm).toBe(true);
    expect(q.title).toBe('Disable checkout in PRODUCTION?');
    expect(q.action).toBe('Disable in production');
  });

  it('flips a staging switch without asking', () => {
    const q = toggleQuestion('checkout', staging, true);
    expect(q.confirm).toBe(false);
    expect(q.title).not.toContain('PRODUCTION');
  });

  it('follows the production mark, not the name', () => {
    const live = env(4, 'live', true);
    expect(toggleQuestion('x', live, true)).toMatchObject({
      confirm: true,
      title: 'Enable x in PRODUCTION (live)?',
    });
    expect(toggleQuestion('x', env(5, 'production'), true).confirm).toBe(false);
  });
});

describe('environment titles', () => {
  it('capitalise production and name a production environment called otherwise', () => {
    expect(environmentTitle(prod)).toBe('PRODUCTION');
    expect(environmentTitle(env(4, 'live', true))).toBe('PRODUCTION (live)');
    expect(environmentTitle(staging)).toBe('staging');
  });
});

describe('default promotion', () => {
  it('goes from the current non-production environment into production', () => {
    expect(defaultPromotion([prod, staging, dev], 2)).toEqual({ from: 2, to: 1 });
    expect(defaultPromotion([prod, staging, dev], 3)).toEqual({ from: 3, to: 1 });
  });

  it('starts from the first other environment when production is current', () => {
    expect(defaultPromotion([prod, staging, dev], 1)).toEqual({ from: 3, to: 1 });
  });

  it('needs two environments', () => {
    expect(defaultPromotion([prod], 1)).toBeNull();
  });

  it('picks another target when no environment is marked production', () => {
    expect(defaultPromotion([staging, dev], 2)).toEqual({ from: 2, to: 3 });
  });
});
