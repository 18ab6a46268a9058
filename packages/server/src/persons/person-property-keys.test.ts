import { afterEach, describe, expect, it } from 'vitest';
import { type InProcess, inProcess, STORAGE_KINDS } from '../testing/in-process.ts';
import { TEST_PROJECT_KEY } from '../testing/test-server.ts';

/** Person property names are the sender's strings; names plain objects inherit must be stored like any other. */
let sp: InProcess | undefined;
afterEach(async () => {
  await sp?.stop();
  sp = undefined;
});

const own = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null && Object.hasOwn(o, key)
    ? (o as Record<string, unknown>)[key]
    : undefined;

describe.each(STORAGE_KINDS)('person properties named like Object.prototype members (%s)', (kind) => {
  it('are set, set once and unset like any other name', async () => {
    sp = await inProcess(kind);
    // JSON text, so `__proto__` is an own key as it is on the wire.
    const batch = (events: string) => JSON.parse(`{"api_key": "${TEST_PROJECT_KEY}", "batch": [${events}]}`);
    const first = await sp.capture(
      batch(`{"event": "a", "distinct_id": "u1", "properties": {
        "$set": {"__proto__": {"polluted": true}, "constructor": "c1"},
        "$set_once": {"toString": "t1", "hasOwnProperty": "h1"}}}`),
    );
    expect(first.status).toBe(200);
    const second = await sp.capture(
      batch(`{"event": "b", "distinct_id": "u1", "properties": {
        "$set_once": {"toString": "t2", "constructor": "c2"},
        "$unset": ["hasOwnProperty"]}}`),
    );
    expect(second.status).toBe(200);
    const { results } = await sp.api<{ results: { properties: unknown }[] }>(
      '/api/projects/@current/persons/',
    );
    const properties = results[0]?.properties;
    expect(own(properties, '__proto__')).toEqual({ polluted: true });
    expect(own(properties, 'constructor')).toBe('c1');
    expect(own(properties, 'toString')).toBe('t1');
    expect(own(properties, 'hasOwnProperty')).toBeUndefined();
    expect((properties as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
