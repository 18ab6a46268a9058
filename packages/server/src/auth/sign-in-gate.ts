import { AppError } from '../errors/app-error.ts';
import { addressKey } from './address-key.ts';
import { LoginThrottle } from './login-throttle.ts';
import { TokenBucket, type TokenBucketOptions } from './token-bucket.ts';

export interface SignInGateOptions {
  /** Attempts in a row one address may spend on one account before it waits `lockMs`. */
  attemptsPerAddress: number;
  /** Attempts in a row one address may spend across all accounts (so it cannot cycle through emails). */
  attemptsPerAddressAnyAccount: number;
  lockMs: number;
  /** Checks of one account running at once; a person never has two, a burst of guesses does. */
  maxInFlight: number;
  /** The account's rate for addresses with no failure on record for it. */
  freshLane: TokenBucketOptions;
  /** The account's rate for addresses that have failed on it recently. */
  failingLane: TokenBucketOptions;
  /** How long an address stays trusted for an account after signing in to it. */
  trustMs: number;
  now?: () => number;
}

export const DEFAULT_SIGN_IN_GATE: SignInGateOptions = {
  attemptsPerAddress: 4,
  attemptsPerAddressAnyAccount: 20,
  lockMs: 15 * 60 * 1000,
  maxInFlight: 2,
  freshLane: { capacity: 10, refillMs: 6_000 },
  failingLane: { capacity: 10, refillMs: 6_000 },
  trustMs: 30 * 24 * 60 * 60 * 1000,
};

/** One admitted check; `finish` must be called exactly once, when the check has an answer. */
export interface Attempt {
  finish(ok: boolean): void;
}

interface AccountState {
  inFlight: number;
  fresh: TokenBucket;
  failing: TokenBucket;
}

const MAX_TRACKED = 10_000;

/**
 * Decides whether a password (or setup key) check may run, before it runs, so that its cost and its guess are
 * both counted up front: a burst of parallel guesses is refused as it arrives instead of being hashed in full.
 *
 * Per address and account, attempts in a row are counted and lock that pair for `lockMs`: a single address
 * brute-forcing gets a handful of guesses per quarter hour. No lock is ever placed on the account itself,
 * because then anyone could lock the real admin out. Instead the account's overall rate is capped by two token
 * buckets: addresses that have failed on it draw from one, addresses with a clean record from the other, and
 * addresses that signed in to it before (within `trustMs`) draw from neither. So guesses from addresses already
 * caught failing cannot starve a clean address, an attacker can only drain the clean lane by bringing a new
 * address (an IPv6 /64) for every guess, and the admin's usual address is never held up by strangers. At most
 * `maxInFlight` checks of one account run at once. Every refusal answers 429 TOO_MANY_LOGIN_ATTEMPTS with the
 * seconds to wait.
 */
export class SignInGate {
  private readonly attempts: LoginThrottle;
  private readonly accounts = new Map<string, AccountState>();
  /** `address|account` → trusted until (ms). */
  private readonly trusted = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: SignInGateOptions = DEFAULT_SIGN_IN_GATE) {
    this.now = options.now ?? Date.now;
    this.attempts = new LoginThrottle({
      maxFailures: options.attemptsPerAddress,
      lockMs: options.lockMs,
      now: this.now,
    });
  }

  /** Admits one check of `account` from `client` (an address), or throws TOO_MANY_LOGIN_ATTEMPTS. */
  admit(client: string, account: string): Attempt {
    const address = addressKey(client);
    const pairKey = `${address}|${account}`;
    const addressOnly = `${address}|*`;
    const now = this.now();
    refuseFor(
      Math.max(
        this.attempts.retryAfterMs(pairKey),
        this.attempts.retryAfterMs(addressOnly, this.options.attemptsPerAddressAnyAccount),
      ),
    );
    const state = this.account(account, now);
    if (state.inFlight >= this.options.maxInFlight) refuseFor(1000);
    if (!this.isTrusted(pairKey, now)) {
      const lane = this.attempts.failures(pairKey) > 0 ? state.failing : state.fresh;
      if (!lane.take(now)) refuseFor(lane.msUntilToken(now));
    }
    this.attempts.recordFailure(pairKey);
    this.attempts.recordFailure(addressOnly);
    state.inFlight += 1;
    let finished = false;
    return {
      finish: (ok) => {
        if (finished) return;
        finished = true;
        state.inFlight -= 1;
        if (!ok) return;
        this.attempts.reset(pairKey);
        this.attempts.reset(addressOnly);
        this.trust(pairKey);
      },
    };
  }

  private account(account: string, now: number): AccountState {
    let state = this.accounts.get(account);
    if (!state) {
      if (this.accounts.size >= MAX_TRACKED) this.forgetIdleAccounts(now);
      state = {
        inFlight: 0,
        fresh: new TokenBucket(this.options.freshLane, now),
        failing: new TokenBucket(this.options.failingLane, now),
      };
      this.accounts.set(account, state);
    }
    return state;
  }

  /** A state with full buckets and nothing running is the same as none, so it can go. */
  private forgetIdleAccounts(now: number): void {
    for (const [key, s] of this.accounts)
      if (s.inFlight === 0 && s.fresh.isFull(now) && s.failing.isFull(now)) this.accounts.delete(key);
  }

  private isTrusted(pairKey: string, now: number): boolean {
    const until = this.trusted.get(pairKey);
    if (until === undefined) return false;
    if (until > now) return true;
    this.trusted.delete(pairKey);
    return false;
  }

  private trust(pairKey: string): void {
    // Re-inserting keeps the Map in order of last sign-in, so the oldest trust is the first to go.
    this.trusted.delete(pairKey);
    this.trusted.set(pairKey, this.now() + this.options.trustMs);
    const oldest = this.trusted.keys().next().value;
    if (this.trusted.size > MAX_TRACKED && oldest !== undefined) this.trusted.delete(oldest);
  }
}

function refuseFor(ms: number): void {
  if (ms <= 0) return;
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  throw new AppError(
    'TOO_MANY_LOGIN_ATTEMPTS',
    `Too many sign-in attempts; try again in ${seconds} seconds.`,
    null,
    { retry_after: seconds },
  );
}
