import { describe, expect, it } from 'vitest';
import { scopeGroups, scopesFor } from './scope-groups.ts';

describe('scopeGroups', () => {
  it('offers read only where the role only reads, and write where it writes', () => {
    const groups = scopeGroups([
      'feature_flag:read',
      'insight:read',
      'insight:write',
      'personal_api_key:write',
    ]);
    expect(groups).toEqual([
      { object: 'feature_flag', label: 'Feature flags', canRead: true, canWrite: false },
      { object: 'insight', label: 'Insights', canRead: true, canWrite: true },
      { object: 'personal_api_key', label: 'Personal API keys', canRead: true, canWrite: true },
    ]);
  });

  it('ignores * and names an unknown object by itself', () => {
    expect(scopeGroups(['*', 'widget:read'])).toEqual([
      { object: 'widget', label: 'widget', canRead: true, canWrite: false },
    ]);
  });
});

describe('scopesFor', () => {
  it('sends * for everything, otherwise one scope per chosen object', () => {
    expect(scopesFor(true, { insight: 'write' })).toEqual(['*']);
    expect(scopesFor(false, { insight: 'write', cohort: 'none', feature_flag: 'read' })).toEqual([
      'feature_flag:read',
      'insight:write',
    ]);
    expect(scopesFor(false, { cohort: 'none' })).toEqual([]);
  });
});
