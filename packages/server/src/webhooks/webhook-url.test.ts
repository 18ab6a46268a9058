import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { checkWebhookUrl, selfAddressesOf } from './webhook-url.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
};

describe('webhook URL check', () => {
  it('compares host and port with a loopback listener, so other loopback ports stay usable', () => {
    const self = selfAddressesOf('127.0.0.1', 8000, undefined);
    expect(codeOf(() => checkWebhookUrl('http://127.0.0.1:8000/x', self, false))).toBe('WEBHOOK_URL_IS_SELF');
    expect(codeOf(() => checkWebhookUrl('http://127.1.2.3:8000/x', self, false))).toBe('WEBHOOK_URL_IS_SELF');
    expect(codeOf(() => checkWebhookUrl('http://LOCALHOST:8000/x', self, false))).toBe('WEBHOOK_URL_IS_SELF');
    expect(codeOf(() => checkWebhookUrl('http://127.0.0.1:8001/x', self, false))).toBe('accepted');
    expect(codeOf(() => checkWebhookUrl('http://10.1.2.3:8000/x', self, false))).toBe('accepted');
  });

  it('treats every local address as this server when it listens on all interfaces, and the public URL too', () => {
    const self = selfAddressesOf('0.0.0.0', 80, 'https://signpost.example.com');
    expect(codeOf(() => checkWebhookUrl('http://localhost/', self, false))).toBe('WEBHOOK_URL_IS_SELF');
    expect(codeOf(() => checkWebhookUrl('http://[::1]:80/', self, false))).toBe('WEBHOOK_URL_IS_SELF');
    expect(codeOf(() => checkWebhookUrl('https://signpost.example.com/hook', self, false))).toBe(
      'WEBHOOK_URL_IS_SELF',
    );
    // Host and port: the public name on another port is another service (names are not resolved).
    expect(codeOf(() => checkWebhookUrl('http://signpost.example.com:8080/hook', self, false))).toBe(
      'accepted',
    );
    expect(codeOf(() => checkWebhookUrl('https://hooks.example.com/', self, false))).toBe('accepted');
  });

  it('accepts mailto: with one address only when mail is configured, and nothing but http(s) otherwise', () => {
    const self = selfAddressesOf('127.0.0.1', 8000, undefined);
    expect(checkWebhookUrl('mailto:ops@example.com', self, true)).toBe('mailto:ops@example.com');
    expect(codeOf(() => checkWebhookUrl('mailto:ops@example.com', self, false))).toBe('INVALID_WEBHOOK_URL');
    expect(codeOf(() => checkWebhookUrl('mailto:a@x.com,b@y.com', self, true))).toBe('INVALID_WEBHOOK_URL');
    expect(codeOf(() => checkWebhookUrl('javascript:alert(1)', self, true))).toBe('INVALID_WEBHOOK_URL');
    expect(codeOf(() => checkWebhookUrl('https://user:pw@hooks.example.com/', self, true))).toBe(
      'INVALID_WEBHOOK_URL',
    );
  });
});
