import { UAParser } from 'ua-parser-js';

export interface UserAgentProperties {
  $browser?: string;
  $browser_version?: number;
  $os?: string;
  $os_version?: string;
  $device_type?: 'Mobile' | 'Tablet' | 'Desktop';
}

// The spellings posthog-js reports, so events from the browser and from the server break down as one browser.
const BROWSER_NAMES: Record<string, string> = {
  'Chrome Headless': 'Chrome',
  'Mobile Chrome': 'Chrome',
  'Chrome WebView': 'Android Mobile',
  Edge: 'Microsoft Edge',
  'Mobile Firefox': 'Firefox',
};
const OS_NAMES: Record<string, string> = { 'Mac OS': 'Mac OS X', Chromium: 'Chrome OS' };

const cache = new Map<string, UserAgentProperties>();
const CACHE_LIMIT = 2_000;

/**
 * `$browser`, `$browser_version` (a number, as posthog-js sends it), `$os`, `$os_version` and `$device_type` from a
 * User-Agent header. Unknown agents (curl, bots, SDKs) yield no device type rather than a guessed "Desktop".
 */
export function userAgentProperties(userAgent: string | undefined): UserAgentProperties {
  if (!userAgent) return {};
  const cached = cache.get(userAgent);
  if (cached) return cached;
  const { browser, os, device } = new UAParser(userAgent).getResult();
  const props: UserAgentProperties = {};
  if (browser.name) {
    props.$browser = BROWSER_NAMES[browser.name] ?? browser.name;
    const version = Number.parseFloat(browser.version ?? '');
    if (Number.isFinite(version)) props.$browser_version = version;
  }
  if (os.name) {
    props.$os = OS_NAMES[os.name] ?? os.name;
    if (os.version) props.$os_version = os.version;
  }
  if (browser.name || os.name) {
    props.$device_type =
      device.type === 'mobile' ? 'Mobile' : device.type === 'tablet' ? 'Tablet' : 'Desktop';
  }
  // A bounded cache: a flood of distinct agents must not grow memory.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(userAgent, props);
  return props;
}
