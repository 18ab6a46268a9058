import type { FlagOptions } from '../client-api.ts';
import type { FlagOutcome } from './flag-outcome.ts';
import type { FlagPoller } from './flag-poller.ts';
import { evaluateAllLocally, evaluateOneLocally, evaluationContext } from './local-flags.ts';
import { SignpostError } from './sdk-error.ts';

export type RemoteFlags = (
  distinctId: string,
  options: FlagOptions,
  flagKeys: readonly string[] | undefined,
  timeoutMs: number,
) => Promise<Record<string, FlagOutcome>>;

export interface FlagResolverDeps {
  /** Present when local evaluation is on (a personal key was given). */
  poller?: FlagPoller;
  remote: RemoteFlags;
  /** The whole budget of one flag read: waiting for definitions plus asking the server. */
  timeoutMs: number;
  onError: (error: SignpostError) => void;
}

/**
 * Decides flags locally when the definitions allow it and asks `/flags` otherwise, all within one deadline, so a
 * flag read never takes longer than `timeoutMs` whatever state Signpost is in. `undefined` = unknown/unreachable.
 */
export class FlagResolver {
  constructor(private readonly deps: FlagResolverDeps) {}

  async one(distinctId: string, key: string, options: FlagOptions): Promise<FlagOutcome | undefined> {
    const deadline = Date.now() + this.deps.timeoutMs;
    const indexed = await this.definitions(deadline);
    if (indexed) {
      const local = evaluateOneLocally(indexed, key, evaluationContext(distinctId, options));
      if (typeof local !== 'string') return local;
    }
    const remote = await this.askServer(distinctId, options, [key], deadline);
    return remote?.[key];
  }

  /** Every flag for this user: local results, overlaid by the server's for the ones local could not decide. */
  async all(distinctId: string, options: FlagOptions): Promise<Record<string, FlagOutcome>> {
    const deadline = Date.now() + this.deps.timeoutMs;
    const indexed = await this.definitions(deadline);
    if (!indexed) return (await this.askServer(distinctId, options, undefined, deadline)) ?? {};
    const { outcomes, undecided } = evaluateAllLocally(indexed, evaluationContext(distinctId, options));
    if (undecided.length === 0) return outcomes;
    const remote = await this.askServer(distinctId, options, undecided, deadline);
    return { ...outcomes, ...remote };
  }

  private async definitions(deadline: number) {
    const { poller } = this.deps;
    if (!poller) return undefined;
    await poller.ready(deadline - Date.now());
    return poller.current;
  }

  private async askServer(
    distinctId: string,
    options: FlagOptions,
    flagKeys: readonly string[] | undefined,
    deadline: number,
  ): Promise<Record<string, FlagOutcome> | undefined> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      this.deps.onError(new SignpostError('TIMEOUT', 'no time left to ask /flags within requestTimeoutMs'));
      return undefined;
    }
    try {
      return await this.deps.remote(distinctId, options, flagKeys, remaining);
    } catch (error) {
      this.deps.onError(
        error instanceof SignpostError
          ? error
          : new SignpostError('NETWORK_ERROR', String(error), undefined, { cause: error }),
      );
      return undefined;
    }
  }
}
