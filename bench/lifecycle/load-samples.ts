/** What bench/lifecycle's load process reports: acknowledged-event counts over time and /flags latencies. */
export class LoadSamples {
  private readonly acked: [number, number][] = [];
  private readonly latencies: [number, number][] = [];

  add(line: string): void {
    const [kind, at, value] = line.split(' ');
    const pair: [number, number] = [Number(at), Number(value)];
    if (kind === 'a') this.acked.push(pair);
    else if (kind === 'f') this.latencies.push(pair);
  }

  /** Events acknowledged by `at` (the last report at or before it). */
  ackedAt(at: number): number {
    let n = 0;
    for (const [t, count] of this.acked) {
      if (t > at) break;
      n = count;
    }
    return n;
  }

  /** Events acknowledged per second between two instants. */
  rate(from: number, to: number): number {
    return to > from ? Math.round(((this.ackedAt(to) - this.ackedAt(from)) * 1000) / (to - from)) : 0;
  }

  /** `p50/p99` of the /flags answers timed between two instants. */
  flags(from: number, to: number): string {
    const xs = this.latencies
      .filter(([t]) => t >= from && t <= to)
      .map(([, ms]) => ms)
      .sort((a, b) => a - b);
    if (xs.length === 0) return '–';
    const at = (p: number) => xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? 0;
    return `${at(50).toFixed(1)}/${at(99).toFixed(1)}`;
  }
}
