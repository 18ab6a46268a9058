/**
 * The zones the browser can name, with `current` and UTC added: Chromium's list leaves out UTC (the server's
 * default) and aliases such as "Asia/Calcutta", and the select must still show what the project has.
 */
export function timeZoneOptions(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', current, ...known])].filter(Boolean).sort((a, b) => {
    if (a === 'UTC' || b === 'UTC') return a === 'UTC' ? -1 : 1;
    return a.localeCompare(b);
  });
}
