import { keyedHash } from './hash.ts';
import type { HashKey } from './hash-key.ts';

/** PostHog's `hash(key, id, salt)`; the flags service gives an empty identifier 0 rather than hashing it. */
export function bucketHash(key: HashKey, bucketingValue: string): number {
  return bucketingValue === '' ? 0 : keyedHash(key, bucketingValue);
}
