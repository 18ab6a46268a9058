/**
 * Whether a parsed JSON value nests deeper than `maxDepth` (a scalar is depth 0, `{}` or `[]` depth 1).
 *
 * Iterative on purpose: this runs *before* any recursive walk (zod schemas, JSON.stringify, the flags engine,
 * property merges), so it must not itself overflow the stack on a body nested 100,000 levels deep. V8's
 * JSON.parse is iterative, so such bodies do parse; everything after it is where they used to blow up.
 */
export function exceedsJsonDepth(value: unknown, maxDepth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const node = stack.pop() as object;
    const depth = depths.pop() as number;
    if (depth > maxDepth) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        stack.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
