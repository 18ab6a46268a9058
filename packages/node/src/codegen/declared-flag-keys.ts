// A constant line of the generated `FeatureFlags` object: `  NEW_TIMER_UI: 'new-timer-ui',`.
const CONSTANT_LINE = /^ {2}[A-Z][A-Z0-9_]*: '((?:[^'\\]|\\.)*)',$/;

/**
 * The flag keys an earlier run wrote into the module, which is what the app's code compiles against: the flags
 * "used in code". Reads only the `FeatureFlags` block this tool renders; any other text yields no keys.
 */
export function declaredFlagKeys(moduleText: string): string[] {
  const lines = moduleText.split('\n');
  const start = lines.indexOf('export const FeatureFlags = {');
  if (start < 0) return [];
  const keys: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '} as const;') break;
    const quoted = CONSTANT_LINE.exec(line)?.[1];
    if (quoted !== undefined) keys.push(unquote(quoted));
  }
  return keys;
}

// The inverse of `lit`: back to JSON's escaping, whose parser then undoes it.
function unquote(body: string): string {
  const json = body.replace(/\\'/g, "'").replace(/"/g, '\\"');
  try {
    return JSON.parse(`"${json}"`) as string;
  } catch {
    return body;
  }
}
