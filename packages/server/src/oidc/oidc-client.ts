import * as client from 'openid-client';
import { ssoFailure } from './oidc-failure.ts';
import type { OidcSettings } from './oidc-settings.ts';

/** What a sign-in must remember between the redirect to the provider and the callback. */
export interface LoginChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export type Claims = Readonly<Record<string, unknown>>;

const DISCOVERY_TIMEOUT_S = 5;
const REQUEST_TIMEOUT_S = 10;

/** The provider through openid-client, after discovery: builds the redirect and checks the callback. */
export class OidcClient {
  private constructor(
    private readonly config: client.Configuration,
    private readonly settings: OidcSettings,
  ) {}

  /** Reads the discovery document; openid-client refuses one that names another issuer than configured. */
  static async discover(settings: OidcSettings): Promise<OidcClient> {
    const issuer = new URL(settings.issuer);
    try {
      const config = await client.discovery(
        issuer,
        settings.clientId,
        undefined,
        // Basic is the OpenID Connect default and every common provider takes it; no secret = public client.
        settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
        {
          timeout: DISCOVERY_TIMEOUT_S,
          // config.ts accepts http only for a provider on loopback (tests, a local Keycloak).
          execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
        },
      );
      config.timeout = REQUEST_TIMEOUT_S;
      return new OidcClient(config, settings);
    } catch (error) {
      throw ssoFailure(error, 'discovery');
    }
  }

  /** A fresh state, nonce and PKCE verifier, and the provider URL that carries them. */
  async authorizationRequest(): Promise<{ url: URL; checks: LoginChecks }> {
    const checks: LoginChecks = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(this.config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, checks };
  }

  /**
   * Trades the code for tokens and returns the verified ID token's claims. openid-client checks the `iss`
   * response parameter, state, PKCE, the token's signature, issuer, audience, expiry and nonce. The user info
   * endpoint fills in email and groups when the ID token leaves them out (several providers only put them
   * there); its `sub` must be the token's.
   */
  async claims(callbackUrl: URL, checks: LoginChecks): Promise<Claims> {
    try {
      const tokens = await client.authorizationCodeGrant(this.config, callbackUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new Error('no ID token');
      const roleHead = this.settings.roleClaim?.split('.')[0];
      const missing =
        idToken.email === undefined ||
        idToken.email_verified === undefined ||
        (roleHead !== undefined && !(roleHead in idToken));
      if (!missing || !this.config.serverMetadata().userinfo_endpoint) return idToken;
      const info = await client.fetchUserInfo(this.config, tokens.access_token, idToken.sub);
      return { ...info, ...idToken };
    } catch (error) {
      throw ssoFailure(error, 'callback');
    }
  }
}
