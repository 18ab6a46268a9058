import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 43 base62 characters ≈ 256 bits, the length PostHog's keys have. */
export function generateKey(prefix: 'phc_' | 'phx_' | 'phs_'): string {
  const bytes = randomBytes(43);
  let out = prefix;
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function maskSecret(secret: string): string {
  return `${secret.slice(0, 8)}…`;
}
