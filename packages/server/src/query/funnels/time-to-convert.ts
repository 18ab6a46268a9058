/** PostHog's time-to-convert histogram: `[bin start in seconds, actors]` pairs and the mean time. */
export interface TimeToConvert {
  bins: [number, number][];
  average_conversion_time: number | null;
}

/**
 * Equal-width bins from the fastest to the slowest conversion; by default the cube root of the number of
 * conversions (at least 1, at most 60) decides how many, so small funnels do not render as one bar per actor.
 */
export function timeToConvertBins(seconds: readonly number[], binCount?: number | null): TimeToConvert {
  if (seconds.length === 0) return { bins: [], average_conversion_time: null };
  // A loop, not Math.min(...seconds): spreading a large funnel's conversions would overflow the stack.
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const s of seconds) {
    min = Math.min(min, s);
    max = Math.max(max, s);
  }
  min = Math.floor(min);
  const count = binCount ?? Math.min(60, Math.max(1, Math.ceil(Math.cbrt(seconds.length))));
  const width = Math.max(1, Math.ceil((max - min) / count));
  const bins: [number, number][] = Array.from({ length: count }, (_, i) => [min + i * width, 0]);
  for (const s of seconds) {
    const i = Math.min(count - 1, Math.floor((s - min) / width));
    const bin = bins[i];
    if (bin) bin[1] += 1;
  }
  const average = seconds.reduce((a, b) => a + b, 0) / seconds.length;
  return { bins, average_conversion_time: average };
}
