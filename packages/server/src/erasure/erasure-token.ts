import { createHmac } from 'node:crypto';

/**
 * The one-way stand-ins anonymised events carry. An HMAC under the installation's secret rather than a plain
 * hash: distinct ids are often e-mail addresses, and a plain hash of one is found again by hashing candidates.
 * Keyed by the person (not each distinct id) so all of a person's events still count as one user.
 */
export function anonymousTokens(
  secret: string,
  projectId: number,
  personId: string,
): { distinctId: string; personId: string } {
  const hex = createHmac('sha256', secret).update(`${projectId}:${personId}`).digest('hex');
  // A valid RFC 4122 shape (version 8, "custom"), since person id columns are UUID typed.
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 3) | 8).toString(16);
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return { distinctId: `anon_${hex.slice(0, 32)}`, personId: uuid };
}
