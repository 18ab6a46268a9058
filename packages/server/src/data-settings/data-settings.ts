import { DEFAULT_STALE_DAYS } from '../flag-usage/flag-lifecycle-service.ts';

/**
 * What a project keeps of the data sent to it (issue 15 §2, §3). One record per project, shared by its
 * environments; a project without a stored record has the defaults.
 */
export const IP_HANDLINGS = ['keep', 'truncate', 'drop'] as const;
export type IpHandling = (typeof IP_HANDLINGS)[number];

export interface DataSettings {
  /** What ingestion does to `$ip`: keep it, zero its host part (IPv4 last octet, IPv6 last 80 bits) or drop it. */
  ipHandling: IpHandling;
  /** Property keys that identify a person: masked in exports, removed by anonymising erasure. */
  personalPropertyKeys: string[];
  /** Raw events older than this many days are deleted by the retention job; null keeps them forever. */
  eventRetentionDays: number | null;
  /** Whether per-day counts are kept (as rollups) for events the retention job deletes. */
  rollupsEnabled: boolean;
  /** Days without evidence before a flag is listed as stale, when the request does not say `stale_days`. */
  staleDays: number;
}

export const DEFAULT_DATA_SETTINGS: Readonly<DataSettings> = Object.freeze({
  ipHandling: 'keep',
  personalPropertyKeys: [],
  eventRetentionDays: null,
  rollupsEnabled: false,
  staleDays: DEFAULT_STALE_DAYS,
});
