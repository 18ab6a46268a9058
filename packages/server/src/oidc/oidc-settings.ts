import type { Role } from '../access/roles.ts';

/** Single sign-on with one OpenID Connect provider, as configured by the operator (config.ts). */
export interface OidcSettings {
  /** The issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Unset for a public client (PKCE alone); otherwise sent with client_secret_basic or _post as discovered. */
  clientSecret: string | undefined;
  /** `<public URL>/_auth/oidc/callback`, registered at the provider exactly like this. */
  redirectUri: string;
  /** Space-separated scopes asked for; `openid` is always among them. */
  scopes: string;
  /** Lower-cased email domains allowed to sign in; empty allows any. */
  allowedDomains: string[];
  /** The claim holding the member's groups (say `groups`); unset leaves roles to Signpost's members page. */
  roleClaim: string | undefined;
  /** Group name → role; a member in several mapped groups gets the highest of their roles. */
  roleMap: ReadonlyMap<string, Role>;
  /** Role for a member no mapped group covers; undefined refuses them. */
  defaultRole: Role | undefined;
}
