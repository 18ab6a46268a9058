import { readFileSync } from 'node:fs';
import { type CountryResponse, Reader } from 'mmdb-lib';
import { ConfigError } from '../config.ts';
import type { Properties } from '../events/event.ts';

export interface Country {
  code: string;
  name?: string;
}

/** Which country an IP address is in, from a MaxMind-format (.mmdb) database: GeoLite2-Country or -City. */
export interface CountryLookup {
  countryOf(ip: string): Country | null;
}

// Node reports IPv4 clients on a dual-stack socket as IPv4-mapped IPv6; the databases key them as IPv4.
const MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

export function openCountryLookup(path: string): CountryLookup {
  const reader = new Reader<CountryResponse>(readFileSync(path));
  return {
    countryOf(ip) {
      let record: CountryResponse | null;
      try {
        record = reader.get(MAPPED.exec(ip)?.[1] ?? ip);
      } catch {
        // Not an address, or IPv6 in an IPv4-only database: no country rather than a refused event.
        return null;
      }
      const code = record?.country?.iso_code;
      if (!code) return null;
      const name = record?.country?.names?.en;
      return name ? { code, name } : { code };
    },
  };
}

/**
 * Sets PostHog's `$geoip_country_code` / `$geoip_country_name` from the event's `$ip`, unless the client
 * sent them already or asked for no GeoIP (`$geoip_disable`, as posthog-node does by default).
 */
export function enrichWithCountry(lookup: CountryLookup, properties: Properties): void {
  if (properties.$geoip_disable === true || properties.$geoip_country_code !== undefined) return;
  const ip = properties.$ip;
  if (typeof ip !== 'string') return;
  const country = lookup.countryOf(ip);
  if (!country) return;
  properties.$geoip_country_code = country.code;
  if (country.name) properties.$geoip_country_name = country.name;
}

/** Opens SIGNPOST_GEOIP_DB at start-up; an unreadable file stops the server with the reason. */
export function openGeoIp(path: string): CountryLookup {
  try {
    return openCountryLookup(path);
  } catch (error) {
    throw new ConfigError(`SIGNPOST_GEOIP_DB: cannot read a MaxMind database at ${path} (${String(error)}).`);
  }
}
