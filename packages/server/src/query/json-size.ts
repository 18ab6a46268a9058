/**
 * About how many bytes `value` takes as JSON, counting no further than `limit`: the walk stops once the
 * size is known to be over it, so measuring a result too big to keep costs no more than measuring a small
 * one. Iterative, since a decoded event property can nest deeper than the call stack allows.
 */
export function jsonSizeUpTo(value: unknown, limit: number): number {
  let size = 0;
  const pending: { items: unknown[]; next: number }[] = [{ items: [value], next: 0 }];
  while (size <= limit) {
    const top = pending.at(-1);
    if (!top) break;
    if (top.next >= top.items.length) {
      pending.pop();
      continue;
    }
    const v = top.items[top.next++];
    if (typeof v === 'string') size += v.length + 3;
    else if (typeof v === 'number' || typeof v === 'bigint') size += 8;
    else if (typeof v === 'boolean' || v === null || v === undefined) size += 5;
    else if (Array.isArray(v)) {
      size += 2;
      pending.push({ items: v, next: 0 });
    } else if (typeof v === 'object') {
      const entries = Object.entries(v);
      size += 2;
      for (const [k] of entries) size += k.length + 4;
      pending.push({ items: entries.map((e) => e[1]), next: 0 });
    }
  }
  return size;
}
