import { describe, expect, it } from 'vitest';
import { isLocalNetwork } from './limit-key.ts';

describe('isLocalNetwork', () => {
  it.each([
    ['127.0.0.1', true],
    ['::1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['172.15.0.1', false],
    ['192.168.10.1', true],
    ['192.169.0.1', false],
    ['169.254.1.1', true],
    ['8.8.8.8', false],
    ['100.64.0.1', false],
    ['fd12:3456::1', true],
    ['fc00::1', true],
    ['fe80::1', true],
    ['2001:db8::1', false],
  ])('%s → %s', (address, local) => {
    expect(isLocalNetwork(address)).toBe(local);
  });
});
