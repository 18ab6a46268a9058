/** The environment variables the telemetry kit looks at, passed in so tests and apps can decide. */
export type TelemetryEnv = Readonly<Record<string, string | undefined>>;

// The Console Do Not Track convention (consoledonottrack.com): any non-empty value other than 0/false opts out.
export function doNotTrack(env: TelemetryEnv): boolean {
  const value = env.DO_NOT_TRACK?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/**
 * The process environment, read here and nowhere else in the library: an opt-out the user set in their shell
 * must win even when the app forgets to pass its environment along.
 */
export const processEnv = (): TelemetryEnv => process.env;
