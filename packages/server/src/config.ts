import path from 'node:path';
import { z } from 'zod';
import { ROLES } from './access/roles.ts';
import type { BackupSchedule } from './backup/backup-scheduler.ts';
import type { RateLimitSettings } from './http/rate-limit/rate-limits.ts';
import type { OidcSettings } from './oidc/oidc-settings.ts';
import { parseRoleMap } from './oidc/role-map.ts';
import type { DistributedSettings } from './storage/distributed/distributed-settings.ts';
import { serverPackageDir } from './util/server-package-dir.ts';

/**
 * The only place that reads process.env (STYLE.md §3). Everything else receives a Config, so tests build one
 * with `loadConfig({ ... })` instead of mutating the environment.
 */
const schema = z.object({
  SIGNPOST_HOST: z.string().min(1).default('127.0.0.1'),
  SIGNPOST_PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  SIGNPOST_DATA_DIR: z.string().min(1).default('./data'),
  SIGNPOST_PROJECT_API_KEY: z
    .string()
    .regex(/^phc_[A-Za-z0-9_-]{8,}$/, 'must look like phc_ followed by at least 8 letters, digits, _ or -')
    .optional(),
  SIGNPOST_PERSONAL_API_KEY: z
    .string()
    .regex(/^phx_[A-Za-z0-9_-]{8,}$/, 'must look like phx_ followed by at least 8 letters, digits, _ or -')
    .optional(),
  SIGNPOST_PROJECT_SECRET_KEY: z
    .string()
    .regex(/^phs_[A-Za-z0-9_-]{8,}$/, 'must look like phs_ followed by at least 8 letters, digits, _ or -')
    .optional(),
  SIGNPOST_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  SIGNPOST_MAX_EVENT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 * 1024),
  SIGNPOST_MAX_DECODED_BYTES: z.coerce.number().int().positive().optional(),
  SIGNPOST_MAX_BATCH_EVENTS: z.coerce.number().int().positive().default(20_000),
  SIGNPOST_DEDUP_WINDOW: z.coerce.number().int().min(0).default(1_000_000),
  SIGNPOST_DUCKDB_MEMORY_LIMIT: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'must be a size such as 512MB or 2GB')
    .default('1GB'),
  SIGNPOST_MAX_COMMIT_EVENTS: z.coerce.number().int().positive().default(50_000),
  SIGNPOST_TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  SIGNPOST_ADMIN_EMAIL: z.email().optional(),
  SIGNPOST_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  SIGNPOST_WEB_DIR: z.string().min(1).optional(),
  SIGNPOST_GEOIP_DB: z.string().min(1).optional(),
  SIGNPOST_QUERY_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  SIGNPOST_QUERY_MAX_CELLS: z.coerce.number().int().positive().default(1_000_000),
  SIGNPOST_COHORT_RECOMPUTE_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  SIGNPOST_QUERY_CONCURRENCY: z.coerce.number().int().positive().default(1),
  SIGNPOST_DUCKDB_THREADS: z.coerce.number().int().positive().optional(),
  SIGNPOST_HELPER_THREAD_NICE: z.coerce.number().int().min(0).max(19).default(10),
  SIGNPOST_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must look like smtp://user:password@host:587 or smtps://…')
    .optional(),
  SIGNPOST_SMTP_FROM: z.string().min(3).default('Signpost <signpost@localhost>'),
  SIGNPOST_RATE_LIMIT_CAPTURE_PER_KEY: z.coerce.number().min(0).default(5_000),
  SIGNPOST_RATE_LIMIT_CAPTURE_PER_IP: z.coerce.number().min(0).default(500),
  SIGNPOST_RATE_LIMIT_FLAGS_PER_KEY: z.coerce.number().min(0).default(20_000),
  SIGNPOST_RATE_LIMIT_FLAGS_PER_IP: z.coerce.number().min(0).default(1_000),
  SIGNPOST_RATE_LIMIT_API_PER_CALLER: z.coerce.number().min(0).default(100),
  SIGNPOST_RATE_LIMIT_BURST_SECONDS: z.coerce.number().positive().default(10),
  SIGNPOST_RATE_LIMIT_MAX_TRACKED: z.coerce.number().int().positive().default(100_000),
  SIGNPOST_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SIGNPOST_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  SIGNPOST_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://signpost.example.com' })
    .optional(),
  SIGNPOST_OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be the http(s) issuer URL' }).optional(),
  SIGNPOST_OIDC_CLIENT_ID: z.string().min(1).optional(),
  SIGNPOST_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  SIGNPOST_OIDC_SCOPES: z.string().default('openid email profile'),
  SIGNPOST_OIDC_ALLOWED_DOMAINS: z.string().default(''),
  SIGNPOST_OIDC_ROLE_CLAIM: z.string().min(1).optional(),
  SIGNPOST_OIDC_ROLE_MAP: z.string().default(''),
  SIGNPOST_OIDC_DEFAULT_ROLE: z.enum([...ROLES, 'none']).default('none'),
  SIGNPOST_OIDC_ONLY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  SIGNPOST_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must look like postgres://user:password@host:5432/signpost')
    .optional(),
  SIGNPOST_CLICKHOUSE_URL: z
    .url({
      protocol: /^https?$/,
      error: 'must be the http(s) URL of a ClickHouse server, e.g. http://clickhouse:8123',
    })
    .optional(),
  SIGNPOST_CLICKHOUSE_NODES: z.string().default(''),
  SIGNPOST_CLICKHOUSE_CLUSTER: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a cluster name from remote_servers (letters, digits, _)')
    .default('signpost'),
  SIGNPOST_CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a database name (letters, digits, _)')
    .default('signpost'),
  SIGNPOST_CLICKHOUSE_USER: z.string().min(1).default('default'),
  SIGNPOST_CLICKHOUSE_PASSWORD: z.string().default(''),
  SIGNPOST_CLICKHOUSE_INSERT_QUORUM: z.coerce.number().int().min(1).optional(),
  SIGNPOST_BACKUP_DIR: z.string().min(1).optional(),
  SIGNPOST_BACKUP_INTERVAL: z
    .string()
    .regex(/^[1-9]\d*(m|h|d)$/, 'must be a whole number of minutes, hours or days, e.g. 30m, 24h or 7d')
    .optional(),
  SIGNPOST_BACKUP_KEEP: z.coerce.number().int().min(1, 'must keep at least 1 backup').optional(),
});

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  projectApiKey: string | undefined;
  personalApiKey: string | undefined;
  /** The first project secret key (`phs_…`, local evaluation only); generated and printed when unset. */
  projectSecretKey: string | undefined;
  maxBodyBytes: number;
  maxEventBytes: number;
  /** Largest body after gzip/lz64/base64 decoding (a 76 KB gzip body can hold a million events). */
  maxDecodedBytes: number;
  /** Most events one capture request may carry. */
  maxBatchEvents: number;
  /** How many recent event uuids per process are remembered for de-duplication. */
  dedupWindow: number;
  /** DuckDB's buffer manager limit (its own default, 80% of RAM, is not a bound on a shared host). */
  duckdbMemoryLimit: string;
  /** Upper bound of events written in one transaction (group commit). */
  maxCommitEvents: number;
  /** Take the client IP from X-Forwarded-For (only behind a proxy you control). */
  trustProxy: boolean;
  /** A MaxMind-format database (GeoLite2-Country or -City .mmdb): events get `$geoip_country_code` from `$ip`. */
  geoipDb?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Insight queries running longer are interrupted and answer 504 QUERY_TIMEOUT. */
  queryTimeoutMs: number;
  /**
   * Most values (series × breakdown values × intervals, table cells…) one query result may hold; larger ones
   * answer 400 RESULT_TOO_LARGE before they are built.
   */
  queryMaxCells: number;
  /** How often behavioural cohorts' memberships (what flags read) are recomputed; each is also on save. */
  cohortRecomputeMs: number;
  /** Most insight statements DuckDB runs at once; the rest wait their turn (inside their timeout). */
  queryConcurrency: number;
  /** DuckDB's worker threads; unset = one per core. */
  duckdbThreads: number | undefined;
  /** Nice value (0–19) of every thread but the main one, which answers `/flags`; 0 leaves them alone. */
  helperThreadNice: number;
  /** The first admin's sign-in; without them the web app shows a first-run setup screen. */
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Where invitation and reset links are mailed from; unset = links are only shown to the admin. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** The built web app (packages/web/dist unless set). */
  webDir: string;
  /** Requests per second per project key, client address and API caller (0 = no limit). */
  rateLimits: RateLimitSettings;
  /** Bearer token for GET /metrics; unset, metrics are served to loopback callers only. */
  metricsToken: string | undefined;
  /** The origin (and path prefix) browsers use to reach Signpost, without a trailing slash; needed for SSO. */
  publicUrl: string | undefined;
  /** Single sign-on, when an issuer is configured. */
  oidc: OidcSettings | undefined;
  /** Password sign-in is refused, except for SIGNPOST_ADMIN_EMAIL (the operator's break-glass account). */
  oidcOnly: boolean;
  /** PostgreSQL + ClickHouse instead of the embedded DuckDB file, when both are configured. */
  distributed: DistributedSettings | undefined;
  /** Scheduled backups of the embedded database (SIGNPOST_BACKUP_DIR/_INTERVAL/_KEEP), when a folder is set. */
  backupSchedule: BackupSchedule | undefined;
}

const DEFAULT_WEB_DIR = path.join(serverPackageDir(), '../web/dist');

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const v = parsed.data;
  if (Boolean(v.SIGNPOST_ADMIN_EMAIL) !== Boolean(v.SIGNPOST_ADMIN_PASSWORD)) {
    throw new ConfigError(
      'Invalid configuration:\n  SIGNPOST_ADMIN_EMAIL and SIGNPOST_ADMIN_PASSWORD must be set together.',
    );
  }
  const publicUrl = v.SIGNPOST_PUBLIC_URL?.replace(/\/+$/, '');
  const distributed = distributedSettings(v);
  return {
    distributed,
    backupSchedule: backupSchedule(v, distributed !== undefined),
    publicUrl,
    oidc: oidcSettings(v, publicUrl),
    oidcOnly: v.SIGNPOST_OIDC_ONLY,
    host: v.SIGNPOST_HOST,
    port: v.SIGNPOST_PORT,
    dataDir: path.resolve(v.SIGNPOST_DATA_DIR),
    projectApiKey: v.SIGNPOST_PROJECT_API_KEY,
    personalApiKey: v.SIGNPOST_PERSONAL_API_KEY,
    projectSecretKey: v.SIGNPOST_PROJECT_SECRET_KEY,
    maxBodyBytes: v.SIGNPOST_MAX_BODY_BYTES,
    maxEventBytes: v.SIGNPOST_MAX_EVENT_BYTES,
    maxDecodedBytes: v.SIGNPOST_MAX_DECODED_BYTES ?? v.SIGNPOST_MAX_BODY_BYTES,
    maxBatchEvents: v.SIGNPOST_MAX_BATCH_EVENTS,
    dedupWindow: v.SIGNPOST_DEDUP_WINDOW,
    duckdbMemoryLimit: v.SIGNPOST_DUCKDB_MEMORY_LIMIT,
    maxCommitEvents: v.SIGNPOST_MAX_COMMIT_EVENTS,
    trustProxy: v.SIGNPOST_TRUST_PROXY,
    ...(v.SIGNPOST_GEOIP_DB ? { geoipDb: v.SIGNPOST_GEOIP_DB } : {}),
    logLevel: v.SIGNPOST_LOG_LEVEL,
    queryTimeoutMs: v.SIGNPOST_QUERY_TIMEOUT_MS,
    queryMaxCells: v.SIGNPOST_QUERY_MAX_CELLS,
    cohortRecomputeMs: v.SIGNPOST_COHORT_RECOMPUTE_MINUTES * 60_000,
    queryConcurrency: v.SIGNPOST_QUERY_CONCURRENCY,
    duckdbThreads: v.SIGNPOST_DUCKDB_THREADS,
    helperThreadNice: v.SIGNPOST_HELPER_THREAD_NICE,
    adminEmail: v.SIGNPOST_ADMIN_EMAIL,
    adminPassword: v.SIGNPOST_ADMIN_PASSWORD,
    smtpUrl: v.SIGNPOST_SMTP_URL,
    smtpFrom: v.SIGNPOST_SMTP_FROM,
    webDir: v.SIGNPOST_WEB_DIR ? path.resolve(v.SIGNPOST_WEB_DIR) : DEFAULT_WEB_DIR,
    rateLimits: {
      captureProjectKey: v.SIGNPOST_RATE_LIMIT_CAPTURE_PER_KEY,
      captureIp: v.SIGNPOST_RATE_LIMIT_CAPTURE_PER_IP,
      flagsProjectKey: v.SIGNPOST_RATE_LIMIT_FLAGS_PER_KEY,
      flagsIp: v.SIGNPOST_RATE_LIMIT_FLAGS_PER_IP,
      apiCaller: v.SIGNPOST_RATE_LIMIT_API_PER_CALLER,
      burstSeconds: v.SIGNPOST_RATE_LIMIT_BURST_SECONDS,
      maxTracked: v.SIGNPOST_RATE_LIMIT_MAX_TRACKED,
    },
    metricsToken: v.SIGNPOST_METRICS_TOKEN,
  };
}

/** Both engines or neither: half a distributed setup would silently keep writing to a local file. */
function distributedSettings(v: z.infer<typeof schema>): DistributedSettings | undefined {
  const database = v.SIGNPOST_DATABASE_URL;
  const clickhouse = v.SIGNPOST_CLICKHOUSE_URL;
  const nodes = v.SIGNPOST_CLICKHOUSE_NODES.split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const problems: string[] = [];
  if (database && !clickhouse)
    problems.push(
      'SIGNPOST_DATABASE_URL is set without SIGNPOST_CLICKHOUSE_URL: distributed mode needs both.',
    );
  if (clickhouse && !database)
    problems.push(
      'SIGNPOST_CLICKHOUSE_URL is set without SIGNPOST_DATABASE_URL: distributed mode needs both.',
    );
  if (nodes.length > 0 && !clickhouse)
    problems.push('SIGNPOST_CLICKHOUSE_NODES is set without SIGNPOST_CLICKHOUSE_URL.');
  for (const node of nodes) {
    if (!URL.canParse(node) || !/^https?:$/.test(new URL(node).protocol))
      problems.push(`SIGNPOST_CLICKHOUSE_NODES: "${node}" is not an http(s) URL.`);
  }
  if (problems.length > 0)
    throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  if (!database || !clickhouse) return undefined;
  return {
    databaseUrl: database,
    clickhouse: {
      url: clickhouse,
      nodes,
      cluster: v.SIGNPOST_CLICKHOUSE_CLUSTER,
      database: v.SIGNPOST_CLICKHOUSE_DATABASE,
      user: v.SIGNPOST_CLICKHOUSE_USER,
      password: v.SIGNPOST_CLICKHOUSE_PASSWORD,
      insertQuorum: v.SIGNPOST_CLICKHOUSE_INSERT_QUORUM,
    },
  };
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DEFAULT_BACKUP_INTERVAL = '24h';
const DEFAULT_BACKUP_KEEP = 7;

/** The schedule needs its folder; interval or keep alone would silently do nothing, so they are refused. */
function backupSchedule(v: z.infer<typeof schema>, distributed: boolean): BackupSchedule | undefined {
  const problems: string[] = [];
  if (!v.SIGNPOST_BACKUP_DIR && (v.SIGNPOST_BACKUP_INTERVAL || v.SIGNPOST_BACKUP_KEEP !== undefined))
    problems.push('SIGNPOST_BACKUP_INTERVAL and SIGNPOST_BACKUP_KEEP need SIGNPOST_BACKUP_DIR.');
  if (v.SIGNPOST_BACKUP_DIR && distributed)
    problems.push(
      'SIGNPOST_BACKUP_DIR backs up the embedded database; in distributed mode use pg_dump and ClickHouse BACKUP.',
    );
  if (problems.length > 0)
    throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  if (!v.SIGNPOST_BACKUP_DIR) return undefined;
  const interval = v.SIGNPOST_BACKUP_INTERVAL ?? DEFAULT_BACKUP_INTERVAL;
  const unit = interval.slice(-1) as keyof typeof UNIT_MS;
  return {
    dir: path.resolve(v.SIGNPOST_BACKUP_DIR),
    intervalMs: Number(interval.slice(0, -1)) * UNIT_MS[unit],
    keep: v.SIGNPOST_BACKUP_KEEP ?? DEFAULT_BACKUP_KEEP,
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Cross-variable checks of the SSO settings; every problem is named at once, like the schema's. */
function oidcSettings(v: z.infer<typeof schema>, publicUrl: string | undefined): OidcSettings | undefined {
  const problems: string[] = [];
  const issuer = v.SIGNPOST_OIDC_ISSUER;
  const roleMap = parseRoleMap(v.SIGNPOST_OIDC_ROLE_MAP);
  if ('error' in roleMap) problems.push(`SIGNPOST_OIDC_ROLE_MAP: ${roleMap.error}`);
  if (v.SIGNPOST_OIDC_ONLY && !issuer) problems.push('SIGNPOST_OIDC_ONLY needs SIGNPOST_OIDC_ISSUER.');
  if (issuer) {
    if (!v.SIGNPOST_OIDC_CLIENT_ID) problems.push('SIGNPOST_OIDC_ISSUER needs SIGNPOST_OIDC_CLIENT_ID.');
    if (!publicUrl)
      problems.push('SIGNPOST_OIDC_ISSUER needs SIGNPOST_PUBLIC_URL (the redirect URI is built from it).');
    // Tokens and the client secret cross this connection; plain HTTP is only for a provider on this machine.
    if (new URL(issuer).protocol === 'http:' && !LOOPBACK_HOSTS.has(new URL(issuer).hostname))
      problems.push('SIGNPOST_OIDC_ISSUER must be https:// (http is accepted on loopback only).');
  }
  if (problems.length > 0)
    throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  if (!issuer || !publicUrl || !v.SIGNPOST_OIDC_CLIENT_ID || 'error' in roleMap) return undefined;
  const scopes = new Set(['openid', ...v.SIGNPOST_OIDC_SCOPES.split(/\s+/).filter(Boolean)]);
  return {
    issuer,
    clientId: v.SIGNPOST_OIDC_CLIENT_ID,
    clientSecret: v.SIGNPOST_OIDC_CLIENT_SECRET,
    redirectUri: `${publicUrl}/_auth/oidc/callback`,
    scopes: [...scopes].join(' '),
    allowedDomains: v.SIGNPOST_OIDC_ALLOWED_DOMAINS.split(',')
      .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
      .filter(Boolean),
    roleClaim: v.SIGNPOST_OIDC_ROLE_CLAIM,
    roleMap: roleMap.map,
    defaultRole: v.SIGNPOST_OIDC_DEFAULT_ROLE === 'none' ? undefined : v.SIGNPOST_OIDC_DEFAULT_ROLE,
  };
}
