import type { Reason, Recommendation } from './experiment-result.ts';

export interface Decision {
  recommendation: Recommendation;
  shipVariant: string | null;
  reasons: Reason[];
}

export function ship(variant: string, reasons: Reason[]): Decision {
  return { recommendation: `ship_${variant}`, shipVariant: variant, reasons };
}

export function verdict(
  recommendation: 'keep_running' | 'no_difference' | 'srm_invalid',
  reasons: Reason[],
): Decision {
  return { recommendation, shipVariant: null, reasons };
}
