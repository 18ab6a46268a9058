import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_EARLY_ACCESS_PATH } from '../early-access/public-early-access-routes.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { scopeFor } from './require-scope.ts';
import { ROUTE_SCOPES } from './route-scopes.ts';

// The route table is the access policy: every authenticated route must have exactly its row, or it would be
// unreachable (missing row) or the table would promise a route that does not exist (stale row).
describe('route scope table', () => {
  let sp: InProcess;
  beforeAll(async () => {
    sp = await inProcess('memory');
  });
  afterAll(async () => {
    await sp.stop();
  });

  const authenticated = () =>
    sp.signpost.app.routes.filter(
      (r) =>
        (r.path.startsWith('/api/') || r.path === '/flags/definitions') &&
        // Public like /flags: authenticated by the project key, ahead of the /api key check.
        r.path !== PUBLIC_EARLY_ACCESS_PATH &&
        r.method !== 'ALL' &&
        !r.path.endsWith('*'),
    );

  it('has a row for every authenticated route the app registers', () => {
    const missing = authenticated()
      .filter((r) => !ROUTE_SCOPES.some(([m, p]) => m === r.method && p === r.path))
      .map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('has no row for a route the app does not register', () => {
    const registered = new Set(authenticated().map((r) => `${r.method} ${r.path}`));
    const stale = ROUTE_SCOPES.map(([m, p]) => `${m} ${p}`).filter((k) => !registered.has(k));
    expect(stale).toEqual([]);
  });

  it('matches concrete paths, with or without the trailing slash, literal segments before parameters', () => {
    expect(scopeFor('GET', '/api/projects/@current/feature_flags/')).toBe('feature_flag:read');
    expect(scopeFor('PATCH', '/api/projects/1/feature_flags/7')).toBe('feature_flag:write');
    expect(scopeFor('HEAD', '/api/projects/@current/insights')).toBe('insight:read');
    expect(scopeFor('GET', '/api/projects/@current/feature_flags/local_evaluation')).toBe(
      'feature_flag:read',
    );
    expect(scopeFor('DELETE', '/api/projects/@current/events')).toBeUndefined();
    expect(scopeFor('GET', '/api/projects/@current/nothing-here')).toBeUndefined();
  });

  it('answers 404 for an /api path outside the table, even with full rights', async () => {
    const res = await sp.signpost.app.request('/api/projects/@current/not-a-route/', {
      headers: { authorization: 'Bearer phx_test_personal_key_0001' },
    });
    expect(res.status).toBe(404);
  });
});
