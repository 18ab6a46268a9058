import { describe, expect, it } from 'vitest';
import { grants, isRole } from './permissions.ts';

describe('grants', () => {
  it('lets * cover everything and write cover read of the same object only', () => {
    expect(grants(new Set(['*']), 'organization_member:write')).toBe(true);
    expect(grants(new Set(['feature_flag:write']), 'feature_flag:read')).toBe(true);
    expect(grants(new Set(['feature_flag:write']), 'experiment:read')).toBe(false);
    expect(grants(new Set(['feature_flag:read']), 'feature_flag:write')).toBe(false);
    expect(grants(new Set(), 'insight:read')).toBe(false);
  });

  it('knows the four built-in roles and nothing else', () => {
    expect(['viewer', 'analyst', 'flag_editor', 'admin'].every(isRole)).toBe(true);
    expect(isRole('owner')).toBe(false);
    expect(isRole(null)).toBe(false);
  });
});
