import { describe, expect, it } from 'vitest';
import { compareSemver, compareVersions, parseVersion } from './semver-operators.ts';

describe('semver', () => {
  it('pads, strips v and leading zeros', () => {
    expect(parseVersion('v1.02')).toEqual({ major: 1, minor: 2, patch: 0, pre: [] });
    expect(parseVersion('1.2.3.4')).toBeNull();
    expect(parseVersion('1.x')).toBeNull();
  });

  it('orders pre-releases before their release', () => {
    const order = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0',
    ];
    for (let i = 1; i < order.length; i++) {
      expect(compareVersions(parseVersion(order[i - 1])!, parseVersion(order[i])!)).toBeLessThan(0);
    }
  });

  it('treats an unusable filter as null and an unusable property as no match', () => {
    expect(compareSemver('semver_gt', 'nope', '1.0.0')).toBeNull();
    expect(compareSemver('semver_gt', '1.0.0', 'nope')).toBe(false);
    expect(compareSemver('semver_wildcard', '*', '1.0.0')).toBeNull();
  });
});
