import { TimetrackerError } from './timetracker-error.ts';

export type AnalyticsSdk = 'signpost' | 'posthog-node';
export type AuthMethod = 'local' | 'oidc';

export interface TimetrackerConfig {
  /** Where the app listens. */
  port: number;
  listenHost: string;
  /** Which SDK the analytics adapter uses; the app code is the same for both. */
  sdk: AnalyticsSdk;
  /** Signpost (or PostHog) base URL. */
  analyticsHost: string;
  projectApiKey: string;
  /**
   * Optional: turns on local flag evaluation. A project secret key (`phs_…`) can read flag definitions and
   * nothing else, so the app server never holds a key that could read data or change flags.
   */
  projectSecretKey: string | undefined;
  /** Only for `npm run setup-flags`, which creates flags; the running app never uses it. */
  personalApiKey: string | undefined;
  /** Deadline for one flag read; past it the app uses the flag's safe default. */
  flagTimeoutMs: number;
  environment: string;
  appVersion: string;
  /** Where the anonymous installation id is kept. */
  dataDir: string;
  /** The installation's configured sign-in method, reported by telemetry. */
  authMethod: AuthMethod;
  telemetry: boolean;
}

export type Env = Readonly<Record<string, string | undefined>>;

export const APP_VERSION = '3.0.0';

/** The one place the example reads its environment; every bad variable is named in a single error. */
export function loadConfig(env: Env = process.env): TimetrackerConfig {
  const problems: string[] = [];
  const number = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) problems.push(`${name} must be a whole number, got "${raw}"`);
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  };
  const projectApiKey = env.SIGNPOST_PROJECT_API_KEY ?? '';
  if (!projectApiKey.startsWith('phc_')) {
    problems.push('SIGNPOST_PROJECT_API_KEY must be the project key (phc_…) that `npm start` printed');
  }
  const projectSecretKey = env.SIGNPOST_PROJECT_SECRET_KEY || undefined;
  if (projectSecretKey !== undefined && !projectSecretKey.startsWith('phs_')) {
    problems.push(
      'SIGNPOST_PROJECT_SECRET_KEY must be a project secret key (phs_…), which can only read flag definitions',
    );
  }
  const config: TimetrackerConfig = {
    port: number('PORT', 3000),
    listenHost: env.LISTEN_HOST || '127.0.0.1',
    sdk: oneOf('ANALYTICS_SDK', ['signpost', 'posthog-node'], 'signpost'),
    analyticsHost: env.SIGNPOST_HOST || 'http://127.0.0.1:8000',
    projectApiKey,
    projectSecretKey,
    personalApiKey: env.SIGNPOST_PERSONAL_API_KEY || undefined,
    flagTimeoutMs: number('FLAG_TIMEOUT_MS', 1_500),
    environment: env.APP_ENV || 'development',
    appVersion: env.APP_VERSION || APP_VERSION,
    dataDir: env.DATA_DIR || './data',
    authMethod: oneOf('AUTH_METHOD', ['local', 'oidc'], 'local'),
    telemetry: env.TELEMETRY !== 'off',
  };
  if (problems.length > 0) {
    throw new TimetrackerError('INVALID_CONFIG', `Invalid configuration:\n- ${problems.join('\n- ')}`);
  }
  return config;
}
