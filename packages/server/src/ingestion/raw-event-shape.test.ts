import { describe, expect, it } from 'vitest';
import { rawEventSchema } from './capture-schema.ts';
import { plainRawEvent } from './raw-event-shape.ts';

const typical = {
  event: '$pageview',
  distinct_id: 'user-1',
  uuid: '0190a9f2-7c1e-7000-8000-000000000001',
  timestamp: '2026-01-01T00:00:00.000Z',
  properties: { $lib: 'posthog-node', nested: { a: [1, 2] } },
  $set: { plan: 'pro' },
  library: 'posthog-node',
  type: 'capture',
};

const cases: [string, Record<string, unknown>][] = [
  ['typical posthog-node event', typical],
  ['numeric timestamp and offset', { ...typical, timestamp: 1_700_000_000_000, offset: 12 }],
  ['nulls everywhere nullish is allowed', { ...typical, properties: null, uuid: null, $set_once: null }],
  ['event name is a number', { ...typical, event: 42 }],
  ['properties is an array', { ...typical, properties: [1] }],
  ['properties is a string', { ...typical, properties: 'x' }],
  ['timestamp is an object', { ...typical, timestamp: {} }],
  ['offset is a string', { ...typical, offset: '5' }],
  ['uuid is a number', { ...typical, uuid: 5 }],
  ['token is an object', { ...typical, token: {} }],
  ['$set is an array', { ...typical, $set: ['a'] }],
  ['library_version is a boolean', { ...typical, library_version: true }],
  ['sent_at is a boolean', { ...typical, sent_at: false }],
];

describe('plainRawEvent', () => {
  it.each(cases)('never accepts what rawEventSchema refuses: %s', (_name, raw) => {
    const zodAccepts = rawEventSchema.safeParse(raw).success;
    if (plainRawEvent(raw)) expect(zodAccepts).toBe(true);
  });

  it('takes the fast path for SDK-shaped events and hands odd ones to zod', () => {
    expect(plainRawEvent(typical)).toBe(typical);
    expect(plainRawEvent({ ...typical, properties: [1] })).toBeUndefined();
    expect(plainRawEvent({ ...typical, event: 42 })).toBeUndefined();
    expect(plainRawEvent({ ...typical, offset: Number.POSITIVE_INFINITY })).toBeUndefined();
  });
});
