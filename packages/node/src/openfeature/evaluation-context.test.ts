import { InvalidContextError, TargetingKeyMissingError } from '@openfeature/server-sdk';
import { describe, expect, it } from 'vitest';
import { toSignpostTarget } from './evaluation-context.ts';

describe('toSignpostTarget', () => {
  it('turns attributes into JSON person properties, dates as ISO strings', () => {
    const signedUp = new Date('2025-01-01T12:00:00Z');
    expect(
      toSignpostTarget({
        targetingKey: 'ada',
        role: 'admin',
        is_admin: true,
        seats: 3,
        signed_up: signedUp,
        nested: { at: signedUp, tags: ['a'] },
      }),
    ).toEqual({
      distinctId: 'ada',
      options: {
        personProperties: {
          role: 'admin',
          is_admin: true,
          seats: 3,
          signed_up: '2025-01-01T12:00:00.000Z',
          nested: { at: '2025-01-01T12:00:00.000Z', tags: ['a'] },
        },
      },
    });
  });

  it('passes group keys as strings and group properties as objects, and only what was given', () => {
    expect(toSignpostTarget({ targetingKey: 'ada', groups: { company: 'acme', team: 42 } })).toEqual({
      distinctId: 'ada',
      options: { groups: { company: 'acme', team: '42' } },
    });
  });

  it.each([
    [{}, TargetingKeyMissingError],
    [{ targetingKey: '' }, TargetingKeyMissingError],
    [{ targetingKey: 'a', groups: 'acme' }, InvalidContextError],
    [{ targetingKey: 'a', groups: { company: { id: 1 } } }, InvalidContextError],
    [{ targetingKey: 'a', groupProperties: { company: 'big' } }, InvalidContextError],
  ])('rejects %j', (context, error) => {
    expect(() => toSignpostTarget(context)).toThrow(error);
  });
});
