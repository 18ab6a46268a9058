import { type JsonObject, numberOf } from './posthog-json.ts';

/**
 * Objects ordered so every parent (a flag a flag depends on, a cohort a cohort refers to) comes before its
 * children: a depth-first walk in id order, so the order is the same on every run and a resumed import skips
 * exactly what it did before. A parent absent from the list (deleted in PostHog) or a cycle does not stop the
 * walk; the writer reports the reference it cannot map.
 */
export function orderParentsFirst(
  items: JsonObject[],
  parentIds: (item: JsonObject) => number[],
): JsonObject[] {
  const byId = new Map<number, JsonObject>();
  for (const item of items) {
    const id = numberOf(item.id);
    if (id !== null) byId.set(id, item);
  }
  const ordered: JsonObject[] = [];
  const placed = new Set<JsonObject>();
  const visiting = new Set<JsonObject>();
  const visit = (item: JsonObject) => {
    if (placed.has(item) || visiting.has(item)) return;
    visiting.add(item);
    for (const parentId of parentIds(item)) {
      const parent = byId.get(parentId);
      if (parent) visit(parent);
    }
    visiting.delete(item);
    placed.add(item);
    ordered.push(item);
  };
  for (const item of byIdOrder(items)) visit(item);
  return ordered;
}

export const byIdOrder = (items: JsonObject[]): JsonObject[] =>
  [...items].sort((a, b) => (numberOf(a.id) ?? 0) - (numberOf(b.id) ?? 0));
