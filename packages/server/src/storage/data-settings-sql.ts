import { type DataSettings, IP_HANDLINGS, type IpHandling } from '../data-settings/data-settings.ts';

/**
 * The data settings store's SQL, written once for DuckDB and PostgreSQL (both number parameters `$n`). The
 * personal keys are one JSON text column: the list is always read and written whole.
 */
export const DATA_SETTINGS_SQL = {
  list: 'SELECT project_id, ip_handling, personal_property_keys, event_retention_days, rollups_enabled, stale_days FROM project_data_settings',
  put: `INSERT INTO project_data_settings
          (project_id, ip_handling, personal_property_keys, event_retention_days, rollups_enabled, stale_days)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (project_id) DO UPDATE SET ip_handling = excluded.ip_handling,
          personal_property_keys = excluded.personal_property_keys,
          event_retention_days = excluded.event_retention_days,
          rollups_enabled = excluded.rollups_enabled, stale_days = excluded.stale_days`,
} as const;

export const dataSettingsParams = (
  projectId: number,
  s: DataSettings,
): (string | number | boolean | null)[] => [
  projectId,
  s.ipHandling,
  JSON.stringify(s.personalPropertyKeys),
  s.eventRetentionDays,
  s.rollupsEnabled,
  s.staleDays,
];

const isIpHandling = (v: unknown): v is IpHandling => IP_HANDLINGS.some((h) => h === v);
const int = (v: unknown, column: string): number => {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n))
    throw new TypeError(`column ${column}: expected an integer`);
  return n;
};

/** Narrows a row of either engine; a schema drift fails loudly here rather than as a wrong setting. */
export function dataSettingsOfRow(row: Record<string, unknown>): [number, DataSettings] {
  const ip = row.ip_handling;
  if (!isIpHandling(ip)) throw new TypeError(`column ip_handling: unknown value ${String(ip)}`);
  const keys: unknown = JSON.parse(String(row.personal_property_keys));
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string'))
    throw new TypeError('column personal_property_keys: expected a JSON list of strings');
  const retention = row.event_retention_days;
  return [
    int(row.project_id, 'project_id'),
    {
      ipHandling: ip,
      personalPropertyKeys: keys,
      eventRetentionDays:
        retention === null || retention === undefined ? null : int(retention, 'event_retention_days'),
      rollupsEnabled: row.rollups_enabled === true,
      staleDays: int(row.stale_days, 'stale_days'),
    },
  ];
}
