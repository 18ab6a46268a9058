import { describe, expect, it } from 'vitest';
import { bootstrapScript, inlineJson } from './bootstrap-script.ts';

describe('inlineJson', () => {
  it('leaves no character that can end or bend a script element, and parses back to the same value', () => {
    const value = { a: '</script><!--<script>', b: 'x\u2028y\u2029z', c: '&amp; <b>', '</script>': 1 };
    const text = inlineJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('bootstrapScript', () => {
  const data = {
    flags: { 'new-timer-ui': true, exp: 'variant-b' },
    payloads: { exp: { a: 1 } },
    distinctId: 'u1',
  };

  it('sets window.featureFlags in the shape posthog-js takes as bootstrap', () => {
    expect(bootstrapScript(data)).toBe(
      '<script>window["featureFlags"] = {"featureFlags":{"new-timer-ui":true,"exp":"variant-b"},' +
        '"featureFlagPayloads":{"exp":{"a":1}},"distinctID":"u1"};</script>',
    );
  });

  it('escapes the nonce attribute and the global name', () => {
    const html = bootstrapScript(data, { nonce: 'n"><script>', globalName: '</script>' });
    expect(
      html.startsWith('<script nonce="n&#34;&#62;&#60;script&#62;">window["\\u003c/script\\u003e"] = '),
    ).toBe(true);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });
});
