import { describe, expect, it } from 'vitest';
import { requestContextFrom } from './request-context.ts';
import { userAgentProperties } from './user-agent-properties.ts';

const facts = {
  protocol: 'http',
  host: 'app.example:8080',
  url: '/a/b?x=1',
  ip: undefined,
  userAgent: undefined,
};

describe('userAgentProperties', () => {
  it.each([
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
      {
        $browser: 'Mobile Safari',
        $browser_version: 17.2,
        $os: 'iOS',
        $os_version: '17.2',
        $device_type: 'Mobile',
      },
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0',
      {
        $browser: 'Firefox',
        $browser_version: 121,
        $os: 'Windows',
        $os_version: '10',
        $device_type: 'Desktop',
      },
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
      { $browser: 'Microsoft Edge', $browser_version: 120, $device_type: 'Desktop' },
    ],
    [
      'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      { $browser: 'Chrome', $os: 'Android', $device_type: 'Tablet' },
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.28 Safari/537.36',
      { $browser: 'Chrome', $os: 'Linux', $device_type: 'Desktop' },
    ],
  ])('names %s as posthog-js would', (ua, expected) => {
    expect(userAgentProperties(ua)).toMatchObject(expected);
  });

  it('claims no browser or device for agents that are not browsers', () => {
    expect(userAgentProperties('curl/8.5.0')).toEqual({});
    expect(userAgentProperties(undefined)).toEqual({});
  });
});

describe('requestContextFrom', () => {
  it('splits the URL and keeps the port in $host', () => {
    expect(requestContextFrom(facts)).toEqual({
      $current_url: 'http://app.example:8080/a/b?x=1',
      $pathname: '/a/b',
      $host: 'app.example:8080',
    });
  });

  it('keeps a path that looks like a protocol-relative URL on the request host', () => {
    expect(requestContextFrom({ ...facts, url: '//evil.example/x' })).toMatchObject({
      $host: 'app.example:8080',
      $pathname: '//evil.example/x',
    });
  });

  it('survives a malformed Host header', () => {
    expect(requestContextFrom({ ...facts, host: 'bad host[' })).toEqual({
      $current_url: 'http://bad host[/a/b?x=1',
      $pathname: '/a/b',
      $host: 'bad host[',
    });
  });

  it('reports IPv4 peers of dual-stack sockets as plain IPv4, and leaves IPv6 alone', () => {
    expect(requestContextFrom({ ...facts, ip: '::ffff:10.1.2.3' }).$ip).toBe('10.1.2.3');
    expect(requestContextFrom({ ...facts, ip: '2001:db8::1' }).$ip).toBe('2001:db8::1');
  });
});
