import { describe, expect, it } from 'vitest';
import { decodeIdentityChange, encodeIdentityChange, type IdentityChange } from './change-channels.ts';

describe('identity change payloads', () => {
  it('round-trip, split under PostgreSQL’s 8000-byte NOTIFY limit', () => {
    const change: IdentityChange = {
      distinctIds: Array.from({ length: 2_000 }, (_, i) => ({
        projectId: 1 + (i % 3),
        distinctId: `user-é-${i}`,
      })),
      personIds: Array.from(
        { length: 300 },
        (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      ),
      groups: [{ projectId: 2, groupTypeIndex: 1, groupKey: 'acme' }],
      groupTypeProjects: [2],
    };
    const payloads = encodeIdentityChange(change);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    const merged: IdentityChange = { distinctIds: [], personIds: [], groups: [], groupTypeProjects: [] };
    for (const p of payloads) {
      const part = decodeIdentityChange(p);
      if (!part) throw new Error(`undecodable payload ${p.slice(0, 80)}`);
      merged.distinctIds.push(...part.distinctIds);
      merged.personIds.push(...part.personIds);
      merged.groups.push(...part.groups);
      merged.groupTypeProjects.push(...part.groupTypeProjects);
    }
    expect(merged).toEqual(change);
  });

  it('sends nothing for an empty change and ignores malformed payloads', () => {
    expect(
      encodeIdentityChange({ distinctIds: [], personIds: [], groups: [], groupTypeProjects: [] }),
    ).toEqual([]);
    for (const bad of [
      '',
      'null',
      '{"d":[[1]],"p":[],"g":[],"t":[]}',
      '{"d":[],"p":[1],"g":[],"t":[]}',
      '[]',
    ])
      expect(decodeIdentityChange(bad)).toBeUndefined();
  });
});
