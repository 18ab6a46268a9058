import { expect, it } from 'vitest';
import { AdmissionGate } from './admission-gate.ts';

const deferred = () => {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

it('lets `limit` holders in at once and the rest in arrival order as slots free up', async () => {
  const gate = new AdmissionGate(2);
  const started: number[] = [];
  const releases = [deferred(), deferred(), deferred(), deferred()];
  const runs = releases.map((d, i) =>
    gate.run(async () => {
      started.push(i);
      await d.promise;
      return i;
    }),
  );
  await new Promise((r) => setTimeout(r, 10));
  expect(started).toEqual([0, 1]);
  expect(gate.waiting).toBe(2);
  releases[1]?.resolve();
  await runs[1];
  await new Promise((r) => setTimeout(r, 10));
  expect(started).toEqual([0, 1, 2]);
  for (const d of releases) d.resolve();
  expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
  expect(gate.waiting).toBe(0);
});

it('gives the slot back when a holder fails', async () => {
  const gate = new AdmissionGate(1);
  await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  expect(await gate.run(async () => 'next')).toBe('next');
});
