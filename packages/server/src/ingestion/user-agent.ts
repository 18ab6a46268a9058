import { UAParser } from 'ua-parser-js';
import type { Properties } from '../events/event.ts';

interface Derived {
  $browser?: string;
  $browser_version?: string;
  $os?: string;
  $os_version?: string;
  $device_type?: string;
}

// Names as PostHog's own clients report them, so breakdowns don't split one browser into two spellings.
const BROWSER_NAMES: Record<string, string> = {
  'Chrome Headless': 'Chrome',
  'Chrome WebView': 'Android Mobile',
  Edge: 'Microsoft Edge',
  'Mobile Firefox': 'Firefox iOS',
};
const OS_NAMES: Record<string, string> = {
  'Mac OS': 'Mac OS X',
  Chromium: 'Chrome OS',
  'Chrome OS': 'Chrome OS',
};

const cache = new Map<string, Derived>();
const CACHE_LIMIT = 10_000;

function parse(ua: string): Derived {
  const cached = cache.get(ua);
  if (cached) return cached;
  const r = new UAParser(ua).getResult();
  const derived: Derived = {};
  if (r.browser.name) {
    derived.$browser = BROWSER_NAMES[r.browser.name] ?? r.browser.name;
    if (r.browser.version) derived.$browser_version = r.browser.version.split('.').slice(0, 2).join('.');
  }
  if (r.os.name) {
    derived.$os = OS_NAMES[r.os.name] ?? r.os.name;
    if (r.os.version) derived.$os_version = r.os.version;
  }
  // Only claim a device type for real browsers: a server library's UA says nothing about a device.
  if (r.browser.name || r.os.name) {
    derived.$device_type =
      r.device.type === 'mobile' ? 'Mobile' : r.device.type === 'tablet' ? 'Tablet' : 'Desktop';
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(ua, derived);
  return derived;
}

/** Fills `$browser`, `$os`, `$device_type` (and versions) from a user agent when the client did not send them. */
export function enrichFromUserAgent(properties: Properties, requestUserAgent: string | undefined): void {
  if (
    properties.$browser !== undefined &&
    properties.$os !== undefined &&
    properties.$device_type !== undefined
  )
    return;
  const raw = typeof properties.$raw_user_agent === 'string' ? properties.$raw_user_agent : requestUserAgent;
  if (!raw) return;
  const derived = parse(raw);
  for (const [key, value] of Object.entries(derived)) {
    if (properties[key] === undefined) properties[key] = value;
  }
}
