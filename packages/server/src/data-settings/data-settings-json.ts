import type { DataSettings } from './data-settings.ts';
import type { UpdateDataSettings } from './data-settings-schemas.ts';

export const dataSettingsJson = (s: DataSettings) => ({
  ip_handling: s.ipHandling,
  anonymize_ips: s.ipHandling !== 'keep',
  personal_property_keys: s.personalPropertyKeys,
  event_retention_days: s.eventRetentionDays,
  rollups_enabled: s.rollupsEnabled,
  stale_days: s.staleDays,
});

/** The wire change as a domain change: only the fields sent. */
export function dataSettingsChanges(body: UpdateDataSettings): Partial<DataSettings> {
  const changes: Partial<DataSettings> = {};
  const ip =
    body.ip_handling ?? (body.anonymize_ips === undefined ? undefined : body.anonymize_ips ? 'drop' : 'keep');
  if (ip !== undefined) changes.ipHandling = ip;
  if (body.personal_property_keys !== undefined) changes.personalPropertyKeys = body.personal_property_keys;
  if (body.event_retention_days !== undefined) changes.eventRetentionDays = body.event_retention_days;
  if (body.rollups_enabled !== undefined) changes.rollupsEnabled = body.rollups_enabled;
  if (body.stale_days !== undefined) changes.staleDays = body.stale_days;
  return changes;
}
