import { randomBytes } from 'node:crypto';
import type { LoginChecks } from './oidc-client.ts';

const TTL_MS = 10 * 60 * 1000;
/** Starting a sign-in needs no credential, so what it leaves in memory is bounded. */
const MAX_PENDING = 10_000;

/**
 * Sign-ins between the redirect to the provider and the callback, keyed by a random id kept in a short-lived
 * cookie: the callback must come back to the browser that started it (no login CSRF), and each is used once.
 * Held in memory: a restart in those few minutes only means clicking the button again.
 */
export class PendingLogins {
  private readonly logins = new Map<string, LoginChecks & { expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  add(checks: LoginChecks): string {
    const now = this.now();
    for (const [id, login] of this.logins) {
      // Insertion order is expiry order, so the first live one ends the sweep.
      if (login.expiresAt > now && this.logins.size < MAX_PENDING) break;
      this.logins.delete(id);
    }
    const id = randomBytes(24).toString('base64url');
    this.logins.set(id, { ...checks, expiresAt: now + TTL_MS });
    return id;
  }

  /** The checks of a live sign-in, removed so it cannot be completed twice. */
  take(id: string): LoginChecks | undefined {
    const login = this.logins.get(id);
    this.logins.delete(id);
    return login && login.expiresAt > this.now() ? login : undefined;
  }

  get size(): number {
    return this.logins.size;
  }
}

export const LOGIN_TTL_SECONDS = TTL_MS / 1000;
