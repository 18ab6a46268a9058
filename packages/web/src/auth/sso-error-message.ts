// What the sign-in page says for each code the server's single sign-on callback sends back in `?sso_error=`.
// Only the code travels in the URL, so a crafted link cannot put its own words on the page.
const MESSAGES: Record<string, string> = {
  SSO_NOT_CONFIGURED: 'Single sign-on is not configured on this server.',
  SSO_UNAVAILABLE: 'The identity provider could not be reached. Try again in a moment, or ask your operator.',
  SSO_STATE_INVALID: 'That sign-in expired or was started in another browser. Please start again.',
  SSO_NONCE_INVALID: 'The identity provider’s answer did not match this sign-in. Please start again.',
  SSO_ISSUER_INVALID: 'The answer did not come from this server’s identity provider.',
  SSO_TOKEN_INVALID: 'The identity provider’s answer could not be verified.',
  SSO_PROVIDER_ERROR: 'The identity provider refused the sign-in.',
  SSO_EMAIL_UNVERIFIED: 'Your identity provider has not verified your email address.',
  SSO_DOMAIN_NOT_ALLOWED: 'Your email domain may not sign in to this server.',
  SSO_NO_ROLE: 'None of your groups gives you access to this server. Ask an admin.',
  MEMBER_DEACTIVATED: 'Your account has been deactivated. Ask an admin.',
  MEMBER_EXISTS: 'Your account is being created by another sign-in. Try again.',
};

/** The message for a code, or a generic one that still names the code for the admin to look up. */
export const ssoErrorMessage = (code: string): string =>
  MESSAGES[code] ?? `Single sign-on failed (${code.replace(/[^A-Z_]/g, '').slice(0, 40)}).`;

/** Reads `?sso_error=` once and removes it from the address bar, so a reload does not show it again. */
export function takeSsoError(): string | null {
  const params = new URLSearchParams(location.search);
  const code = params.get('sso_error');
  if (code === null) return null;
  params.delete('sso_error');
  const search = params.toString();
  history.replaceState(
    history.state,
    '',
    `${location.pathname}${search ? `?${search}` : ''}${location.hash}`,
  );
  return ssoErrorMessage(code);
}
