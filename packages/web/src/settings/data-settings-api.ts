import { PROJECT } from '../api/endpoints.ts';
import { get, patch } from '../api/http.ts';

export type IpHandling = 'keep' | 'truncate' | 'drop';

/** `GET`/`PATCH /api/projects/@current/data_settings/`. */
export interface DataSettings {
  ip_handling: IpHandling;
  anonymize_ips: boolean;
  personal_property_keys: string[];
  event_retention_days: number | null;
  rollups_enabled: boolean;
  stale_days: number;
}

/** `GET /api/projects/@current/data_usage/`: 30 days, oldest first, zeros included. */
export interface DataUsage {
  total: { events: number; approximate_bytes: number };
  days: { day: string; events: number; approximate_bytes: number }[];
  event_retention_days: number | null;
}

export const getDataSettings = () => get<DataSettings>(`${PROJECT}/data_settings/`);
export const saveDataSettings = (changes: Partial<DataSettings>) =>
  patch<DataSettings>(`${PROJECT}/data_settings/`, changes);
export const getDataUsage = () => get<DataUsage>(`${PROJECT}/data_usage/`);

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];
/** 1,536 → "1.5 KB": approximate sizes read better rounded. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit]}`;
}
