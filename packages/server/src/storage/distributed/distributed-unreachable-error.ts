import type { ProbeFailure } from './server-probe.ts';

/** One message naming every server a distributed start cannot use; main.ts prints it and exits 1. */
export class DistributedUnreachableError extends Error {
  constructor(readonly failures: readonly ProbeFailure[]) {
    super(
      `distributed mode cannot start: ${failures.length === 1 ? 'a server is' : `${failures.length} servers are`} not usable\n${failures
        .map((f) => `  ${f.server}: ${f.problem}; ${f.fix}.`)
        .join('\n')}`,
    );
  }
}
