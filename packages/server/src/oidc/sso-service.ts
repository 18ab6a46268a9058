import { timingSafeEqual } from 'node:crypto';
import type { Role } from '../access/roles.ts';
import type { AuthService, SessionGrant } from '../auth/auth-service.ts';
import { AppError } from '../errors/app-error.ts';
import type { Logger } from '../util/logger.ts';
import { OidcClient } from './oidc-client.ts';
import { ssoFailure } from './oidc-failure.ts';
import type { OidcSettings } from './oidc-settings.ts';
import { PendingLogins } from './pending-logins.ts';
import { ssoIdentity } from './sso-identity.ts';

const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;
/** A click on the SSO button retries discovery at most this often while the provider is down. */
const ON_DEMAND_RETRY_MS = 2_000;

export interface SsoServiceDeps {
  settings: OidcSettings;
  auth: AuthService;
  logger: Logger;
  /** The project a new member joins. */
  projectId: () => number;
}

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Single sign-on with one OpenID Connect provider. An unreachable provider at start does not stop Signpost:
 * ingestion and flag delivery must not depend on the IdP, and the break-glass admin can still sign in. The
 * failure is logged with its reason and discovery is retried with backoff, and on demand when someone clicks
 * the SSO button (who then sees SSO_UNAVAILABLE until it works).
 */
export class SsoService {
  private client: OidcClient | undefined;
  private discovering: Promise<OidcClient> | undefined;
  private lastFailure: { error: AppError; at: number } | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = FIRST_RETRY_MS;
  private stopped = false;
  private readonly logins = new PendingLogins();

  constructor(private readonly deps: SsoServiceDeps) {}

  async start(): Promise<void> {
    await this.discover().catch(() => undefined);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  /** Where to send the browser, and the id its cookie must bring back to the callback. */
  async beginLogin(): Promise<{ loginId: string; url: URL }> {
    const client = await this.currentClient();
    const { url, checks } = await client.authorizationRequest();
    return { loginId: this.logins.add(checks), url };
  }

  /** Checks the provider's answer and opens the member's session; nothing is written unless all checks pass. */
  async completeLogin(loginId: string | undefined, params: URLSearchParams): Promise<SessionGrant> {
    const checks = loginId ? this.logins.take(loginId) : undefined;
    if (!checks)
      throw new AppError(
        'SSO_STATE_INVALID',
        'This sign-in was not started in this browser, was already used, or took over 10 minutes; start again.',
      );
    if (!sameText(params.get('state') ?? '', checks.state))
      throw new AppError('SSO_STATE_INVALID', 'The state parameter is not the one this sign-in sent.');
    const client = await this.currentClient();
    // openid-client derives the redirect_uri it sends from this URL, so build it from the registered one,
    // not from the request (whose host a proxy may have rewritten).
    const callbackUrl = new URL(this.deps.settings.redirectUri);
    callbackUrl.search = params.toString();
    const identity = ssoIdentity(await client.claims(callbackUrl, checks), this.deps.settings);
    const grant = await this.deps.auth.signInWithSso({
      email: identity.email,
      name: identity.name,
      role: this.roleFor(identity.email, identity.mappedRole),
      projectId: this.deps.projectId(),
    });
    this.deps.logger.info('signed in through SSO', { email: identity.email, userId: grant.user.id });
    return grant;
  }

  /**
   * With a role claim configured the provider's groups decide the role at every sign-in (so a change there
   * applies at the member's next sign-in). Without one, roles are managed in Signpost and only new members
   * take the default role.
   */
  private roleFor(email: string, mapped: Role | undefined): Role | undefined {
    const { roleClaim, defaultRole } = this.deps.settings;
    const existing = this.deps.auth.findUserByEmail(email);
    if (!roleClaim) return existing ? undefined : defaultRole;
    const role = mapped ?? defaultRole;
    if (!role)
      throw new AppError(
        'SSO_NO_ROLE',
        `None of your groups (claim "${roleClaim}") is mapped to a Signpost role; ask an admin.`,
      );
    if (existing && role !== 'admin' && this.isLastAdmin(existing.id, existing.projectId)) {
      // Demoting the last admin would leave nobody able to manage members; the members page refuses it too.
      this.deps.logger.warn('kept the last admin an admin despite the identity provider', { email });
      return 'admin';
    }
    return role;
  }

  private isLastAdmin(userId: string, projectId: number): boolean {
    const admins = this.deps.auth
      .membersOf(projectId)
      .filter((m) => m.membership.role === 'admin' && m.user.status === 'active');
    return admins.length === 1 && admins[0]?.user.id === userId;
  }

  private async currentClient(): Promise<OidcClient> {
    if (this.client) return this.client;
    const failure = this.lastFailure;
    if (failure && !this.discovering && Date.now() - failure.at < ON_DEMAND_RETRY_MS) throw failure.error;
    return this.discover();
  }

  private discover(): Promise<OidcClient> {
    this.discovering ??= OidcClient.discover(this.deps.settings)
      .then((client) => {
        this.client = client;
        this.lastFailure = undefined;
        clearTimeout(this.retryTimer);
        this.deps.logger.info('single sign-on is ready', { issuer: this.deps.settings.issuer });
        return client;
      })
      .catch((error: unknown) => {
        const failure = ssoFailure(error, 'discovery');
        this.lastFailure = { error: failure, at: Date.now() };
        this.deps.logger.error('single sign-on is unavailable: OIDC discovery failed; retrying', {
          issuer: this.deps.settings.issuer,
          code: failure.code,
          detail: failure.detail,
          retryInMs: this.retryMs,
        });
        this.scheduleRetry();
        throw failure;
      })
      .finally(() => {
        this.discovering = undefined;
      });
    return this.discovering;
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.discover().catch(() => undefined), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}
