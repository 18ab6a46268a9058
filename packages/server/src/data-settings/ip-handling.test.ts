import { describe, expect, it } from 'vitest';
import type { IncomingEvent } from '../events/event.ts';
import { applyIpHandling, truncateIp } from './ip-handling.ts';

describe('truncateIp', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0'],
    ['10.0.0.0', '10.0.0.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    ['2001:DB8::1', '2001:db8::'],
    ['2001:0db8:0001:ffff::1', '2001:db8:1::'],
    ['::1', '::'],
    ['fe80::1%eth0', 'fe80::'],
    ['::ffff:198.51.100.9', '::ffff:198.51.100.0'],
  ])('%s → %s', (ip, truncated) => {
    expect(truncateIp(ip)).toBe(truncated);
  });

  it.each(['', 'localhost', '999.1.1.1', '1.2.3', 'not:an:ip', '1.2.3.4.5'])(
    'drops %j, which is not an address',
    (ip) => {
      expect(truncateIp(ip)).toBeUndefined();
    },
  );
});

describe('applyIpHandling', () => {
  const events = (...ips: unknown[]): IncomingEvent[] =>
    ips.map((ip, i) => ({
      uuid: String(i),
      event: 'e',
      distinctId: 'd',
      timestamp: new Date(0),
      properties: ip === undefined ? { a: 1 } : { a: 1, $ip: ip },
    }));

  it('keeps, truncates or drops $ip and leaves other properties alone', () => {
    const kept = events('1.2.3.4');
    applyIpHandling('keep', kept);
    expect(kept[0]?.properties).toEqual({ a: 1, $ip: '1.2.3.4' });
    const truncated = events('1.2.3.4', 42, undefined);
    applyIpHandling('truncate', truncated);
    expect(truncated.map((e) => e.properties)).toEqual([{ a: 1, $ip: '1.2.3.0' }, { a: 1 }, { a: 1 }]);
    const dropped = events('1.2.3.4', '::1');
    applyIpHandling('drop', dropped);
    expect(dropped.map((e) => e.properties)).toEqual([{ a: 1 }, { a: 1 }]);
  });
});
