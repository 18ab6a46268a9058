import fc from 'fast-check';
import { Entries, hostileKey, hostileValue, Raw } from './hostile-json.ts';

// Structured-but-wrong inputs: a valid body with a few fields replaced, removed or joined by strangers. A valid
// shape gets past the first check of a route, so the generator reaches the code behind it, which pure garbage
// never does.

type Path = (string | number)[];

type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: unknown };

/** An object's pairs (plain or `Entries`), or undefined for leaves and arrays. */
function pairsOf(value: unknown): [string, unknown][] | undefined {
  if (value instanceof Entries) return value.pairs;
  if (value instanceof Raw || value === null || typeof value !== 'object' || Array.isArray(value))
    return undefined;
  return Object.entries(value);
}

/** Every path into a template, the root included, in a stable order. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => pathsOf(v, [...prefix, i])));
  const pairs = pairsOf(value);
  return pairs ? here.concat(...pairs.map(([k, v]) => pathsOf(v, [...prefix, k]))) : here;
}

const samePath = (a: Path, b: Path) => a.length === b.length && a.every((p, i) => p === b[i]);

/** Copies `value`, applying the mutation at `target`; objects become `Entries` so any key can be added. */
function rebuild(value: unknown, path: Path, target: Path, m: Mutation): unknown {
  if (samePath(path, target) && m.kind === 'replace') return m.value;
  if (Array.isArray(value)) {
    const items = value
      .map((v, i) => [i, v] as const)
      .filter(([i]) => !(m.kind === 'delete' && samePath([...path, i], target)))
      .map(([i, v]) => rebuild(v, [...path, i], target, m));
    if (m.kind === 'add' && samePath(path, target)) items.push(m.value);
    return items;
  }
  const original = pairsOf(value);
  if (original) {
    const pairs: [string, unknown][] = original
      .filter(([k]) => !(m.kind === 'delete' && samePath([...path, k], target)))
      .map(([k, v]) => [k, rebuild(v, [...path, k], target, m)]);
    if (m.kind === 'add' && samePath(path, target)) pairs.push([m.key, m.value]);
    return new Entries(pairs);
  }
  return value;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace'), at: fc.nat(), value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete'), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('add'), at: fc.nat(), key: hostileKey, value: hostileValue }),
  },
);

/** One to three mutations of one of the templates; the template itself when the list is empty. */
export function mutated(templates: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.nat({ max: templates.length - 1 }), fc.array(mutation, { minLength: 0, maxLength: 3 }))
    .map(([which, mutations]) => {
      let value = templates[which];
      for (const m of mutations) {
        const paths = pathsOf(value);
        value = rebuild(value, [], paths[m.at % paths.length] ?? [], m);
      }
      return value;
    });
}
