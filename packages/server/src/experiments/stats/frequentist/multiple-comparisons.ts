/**
 * Adjusted p-values for a family of hypotheses; null entries (tests that could not be run) are skipped and do
 * not count towards the family size.
 *
 * Where each applies in an experiment:
 * - Holm–Bonferroni (Holm 1979, Scand. J. Statist. 6:65) on the *primary* metric across treatment arms. The ship
 *   decision rests on it, so the chance of shipping any arm that is really no better must stay ≤ α whatever the
 *   number of arms: family-wise error control. Holm is uniformly more powerful than plain Bonferroni and needs no
 *   independence (comparisons sharing one control are positively correlated).
 * - Benjamini–Hochberg (Benjamini & Hochberg 1995, JRSS B 57:289) across every secondary metric × treatment arm.
 *   Those are diagnostics read in bulk, where bounding the expected share of false discoveries (FDR) is the
 *   useful guarantee, and FWER over dozens of metrics would hide every real movement. BH is valid under the
 *   positive dependence such comparisons have (Benjamini & Yekutieli 2001).
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const order = rankPresent(pValues);
  const m = order.length;
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}

export function benjaminiHochbergAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const order = rankPresent(pValues);
  const m = order.length;
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank]!;
    running = Math.min(running, (m * pValues[index]!) / (rank + 1));
    adjusted[index] = running;
  }
  return adjusted;
}

/** Indices of the non-null p-values, smallest p first. */
function rankPresent(pValues: readonly (number | null)[]): number[] {
  const indices: number[] = [];
  pValues.forEach((p, i) => {
    if (p !== null) indices.push(i);
  });
  return indices.sort((a, b) => pValues[a]! - pValues[b]!);
}
