/**
 * `SCREAMING_SNAKE_CASE` constant names for flag keys (`new-timer-ui` → `NEW_TIMER_UI`, `betaFeatures` →
 * `BETA_FEATURES`), unique even when two keys differ only in punctuation, stable for a given set of keys.
 */
export function constantNames(keys: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const key of [...keys].sort()) {
    const base = constantName(key);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    names.set(key, name);
  }
  return names;
}

function constantName(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const name = words.join('_').toUpperCase();
  if (name === '') return 'FLAG';
  return /^[0-9]/.test(name) ? `FLAG_${name}` : name;
}

/** `TIMER_UI_EXPERIMENT` → `TimerUiExperiment`, for per-flag type names. */
export function pascalCase(constant: string): string {
  return constant
    .split('_')
    .filter(Boolean)
    .map((word) => word.charAt(0) + word.slice(1).toLowerCase())
    .join('');
}
