import { describe, expect, it } from 'vitest';
import { matchPath } from './match-path.ts';

describe('matchPath', () => {
  it('extracts named, decoded segments', () => {
    expect(matchPath('/feature_flags/:id', '/feature_flags/12')).toEqual({ id: '12' });
    expect(matchPath('/persons/:distinctId', '/persons/user%40x.io')).toEqual({ distinctId: 'user@x.io' });
    expect(matchPath('/feature_flags/:id/edit', '/feature_flags/12/edit/')).toEqual({ id: '12' });
  });

  it('refuses other shapes', () => {
    expect(matchPath('/feature_flags/:id', '/feature_flags')).toBeNull();
    expect(matchPath('/feature_flags/:id', '/cohorts/12')).toBeNull();
  });
});
