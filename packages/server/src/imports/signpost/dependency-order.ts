/**
 * Objects ordered so each comes after the ones it refers to (a flag after its parent flags, a cohort after the
 * cohorts in its filters), ties by id. A cycle cannot be stored, but one is broken by id rather than looping.
 */
export function dependencyOrder<T extends { id: number }>(
  items: T[],
  refs: (item: T) => (string | number)[],
): T[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const out: T[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (item: T) => {
    if (state.has(item.id)) return;
    state.set(item.id, 'visiting');
    for (const ref of refs(item)) {
      const dep = byId.get(Number(ref));
      if (dep) visit(dep);
    }
    state.set(item.id, 'done');
    out.push(item);
  };
  for (const item of [...items].sort((a, b) => a.id - b.id)) visit(item);
  return out;
}
