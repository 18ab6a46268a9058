import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryClient, seed } from '../insights/query-test-kit.ts';
import { countryMmdb } from '../testing/geoip/country-mmdb.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { enrichWithCountry, openCountryLookup, openGeoIp } from './country-lookup.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'signpost-geoip-'));
const DB = path.join(dir, 'countries.mmdb');

beforeAll(() => {
  writeFileSync(
    DB,
    countryMmdb([
      { address: '81.0.0.0', bits: 8, isoCode: 'DE', name: 'Germany' },
      { address: '8.8.0.0', bits: 16, isoCode: 'US', name: 'United States' },
      { address: '203.0.113.0', bits: 24, isoCode: 'AU', name: 'Australia' },
    ]),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('country lookup over a MaxMind database read by mmdb-lib', () => {
  it('finds the network an address is in, and nothing outside them', () => {
    const lookup = openCountryLookup(DB);
    expect(lookup.countryOf('81.200.1.2')).toEqual({ code: 'DE', name: 'Germany' });
    expect(lookup.countryOf('8.8.4.4')).toEqual({ code: 'US', name: 'United States' });
    expect(lookup.countryOf('8.9.4.4')).toBeNull();
    expect(lookup.countryOf('203.0.113.77')).toEqual({ code: 'AU', name: 'Australia' });
    expect(lookup.countryOf('203.0.114.77')).toBeNull();
    // An IPv4 client on a dual-stack socket; then things that are not addresses of this database.
    expect(lookup.countryOf('::ffff:81.1.1.1')?.code).toBe('DE');
    expect(lookup.countryOf('2001:db8::1')).toBeNull();
    expect(lookup.countryOf('not an ip')).toBeNull();
  });

  it('leaves events alone that opted out or already carry a country', () => {
    const lookup = openCountryLookup(DB);
    const optedOut: Record<string, unknown> = { $ip: '81.1.1.1', $geoip_disable: true };
    const given: Record<string, unknown> = { $ip: '81.1.1.1', $geoip_country_code: 'FR' };
    enrichWithCountry(lookup, optedOut);
    enrichWithCountry(lookup, given);
    expect(optedOut.$geoip_country_code).toBeUndefined();
    expect(given.$geoip_country_code).toBe('FR');
  });

  it('refuses to start on an unreadable database, naming the variable', () => {
    expect(() => openGeoIp(path.join(dir, 'missing.mmdb'))).toThrow(/SIGNPOST_GEOIP_DB/);
  });
});

describe('GeoIP at ingestion (SIGNPOST_GEOIP_DB)', () => {
  let server: InProcess;
  beforeAll(async () => {
    server = await inProcess('duckdb', { SIGNPOST_GEOIP_DB: DB });
  });
  afterAll(() => server.stop());

  it('stores $geoip_country_code from $ip, which the Country table then counts', async () => {
    const pageview = (who: string, ip: string, extra: Record<string, unknown> = {}) => ({
      event: '$pageview',
      distinct_id: who,
      timestamp: '2024-05-10T10:00:00Z',
      properties: { $ip: ip, $session_id: `s-${who}`, $pathname: '/', ...extra },
    });
    await seed(server, [
      pageview('a', '81.1.1.1'),
      pageview('b', '81.9.9.9'),
      pageview('c', '8.8.8.8'),
      pageview('d', '8.8.8.8', { $geoip_disable: true }),
      pageview('e', '192.0.2.1'),
    ]);
    const res = await queryClient(server)({
      kind: 'WebStatsTableQuery',
      breakdownBy: 'Country',
      dateRange: { date_from: '2024-05-10', date_to: '2024-05-10' },
      includeBounceRate: false,
    });
    expect(res.json.results).toEqual([
      ['DE', 2, 2],
      ['US', 1, 1],
    ]);
    const events = await server.api<{
      results: { distinct_id: string; properties: Record<string, unknown> }[];
    }>('/api/projects/@current/events?limit=10');
    const a = events.results.find((e) => e.distinct_id === 'a');
    expect(a?.properties.$geoip_country_name).toBe('Germany');
  });
});
