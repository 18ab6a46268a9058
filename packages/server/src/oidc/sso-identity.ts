import type { Role } from '../access/roles.ts';
import { AppError } from '../errors/app-error.ts';
import type { Claims } from './oidc-client.ts';
import type { OidcSettings } from './oidc-settings.ts';
import { roleFromGroups } from './role-map.ts';

/** Who the provider vouched for, after Signpost's own rules. */
export interface SsoIdentity {
  email: string;
  name: string;
  /** The role the groups claim maps to; undefined when no claim is configured or no group is mapped. */
  mappedRole: Role | undefined;
}

/** A claim by dotted path (`realm_access.roles` in Keycloak), as a list of strings. */
function groupsOf(claims: Claims, path: string): string[] {
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return [];
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}

/**
 * The email is the member's identity in Signpost, so it must be one the provider checked: an unverified
 * address would let anyone who can type a colleague's email into their IdP profile sign in as them.
 */
export function ssoIdentity(claims: Claims, settings: OidcSettings): SsoIdentity {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!email.includes('@'))
    throw new AppError(
      'SSO_EMAIL_UNVERIFIED',
      'The identity provider sent no email address (scope "email").',
    );
  // Some providers send the boolean as a string.
  if (claims.email_verified !== true && claims.email_verified !== 'true')
    throw new AppError('SSO_EMAIL_UNVERIFIED', `The identity provider has not verified ${email}.`);
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (settings.allowedDomains.length > 0 && !settings.allowedDomains.includes(domain))
    throw new AppError('SSO_DOMAIN_NOT_ALLOWED', `Addresses at ${domain} may not sign in here.`);
  const name = typeof claims.name === 'string' ? claims.name.slice(0, 200) : '';
  const mappedRole = settings.roleClaim
    ? roleFromGroups(groupsOf(claims, settings.roleClaim), settings.roleMap)
    : undefined;
  return { email, name, mappedRole };
}
