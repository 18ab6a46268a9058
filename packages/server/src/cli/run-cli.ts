import { ConfigError } from '../config.ts';
import { CliError } from './cli-error.ts';

/** Runs a command's body, turning known failures into one line on stderr and a non-zero exit. */
export function runCli(body: () => Promise<void>): void {
  body().catch((error: unknown) => {
    if (error instanceof CliError) process.stderr.write(`\nsignpost: ${error.code}: ${error.message}\n`);
    else if (error instanceof ConfigError || (error instanceof TypeError && 'code' in error))
      process.stderr.write(`\nsignpost: INVALID_ARGUMENTS: ${error.message}\n`);
    else
      process.stderr.write(
        `\nsignpost: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    process.exitCode = 1;
  });
}
