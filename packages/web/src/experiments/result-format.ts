// Number formats of the results page: rates as percentages, means as plain numbers, p-values the way papers
// print them.

export const percent = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;

export const signedPercent = (x: number) => `${x > 0 ? '+' : ''}${percent(x)}`;

export function meanValue(x: number): string {
  const abs = Math.abs(x);
  return abs >= 100 ? x.toFixed(0) : abs >= 10 ? x.toFixed(1) : x.toFixed(3);
}

export const pValue = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));

/** "p < 0.001" or "p = 0.042", for sentences. */
export const pClause = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/** Formatter for a metric's values: conversion rates in %, means as numbers. */
export const metricValue = (kind: 'conversion' | 'mean') => (kind === 'conversion' ? percent : meanValue);

export const RECOMMENDATIONS: Record<string, string> = {
  keep_running: 'Keep running: not enough evidence yet.',
  no_difference: 'No meaningful difference: the variants perform the same.',
  srm_invalid: 'Results are not trustworthy: assignment is off (sample ratio mismatch).',
};

export function recommendationText(recommendation: string, shipVariant: string | null): string {
  if (shipVariant) return `Ship ${shipVariant}.`;
  return RECOMMENDATIONS[recommendation] ?? recommendation;
}
