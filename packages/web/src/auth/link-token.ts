/**
 * The token of an invitation or reset link. It travels in the fragment (`#token=…`), which browsers never send
 * to a server, so it stays out of access logs and Referer headers.
 */
export function linkToken(hash = location.hash): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}
