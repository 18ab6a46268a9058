/** One line on stderr, redrawn in place on a terminal (and printed at most every few seconds otherwise). */
export interface ProgressBar {
  update(done: number, extra?: string): void;
  finish(extra?: string): void;
}

const WIDTH = 30;

export const formatRate = (perSecond: number): string =>
  perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)}M` : `${Math.round(perSecond / 1e3)}k`;

const formatSeconds = (s: number): string =>
  !Number.isFinite(s) ? '?' : s >= 60 ? `${Math.floor(s / 60)}m${Math.round(s % 60)}s` : `${s.toFixed(1)}s`;

/** `total` undefined draws a counter without percentage or ETA (a stream of unknown length). */
export function progressBar(
  label: string,
  total: number | undefined,
  out: NodeJS.WriteStream = process.stderr,
): ProgressBar {
  const started = performance.now();
  let lastDraw = 0;
  const line = (done: number, extra: string) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const parts = [label];
    if (total !== undefined && total > 0) {
      const frac = Math.min(1, done / total);
      const filled = Math.round(frac * WIDTH);
      parts.push(`[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(frac * 100).toFixed(1)}%`);
      parts.push(`${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`);
      parts.push(
        `${formatRate(rate)}/s`,
        `ETA ${formatSeconds(rate > 0 ? (total - done) / rate : Number.NaN)}`,
      );
    } else {
      parts.push(done.toLocaleString('en-US'), `${formatRate(rate)}/s`);
    }
    if (extra) parts.push(extra);
    parts.push(`elapsed ${formatSeconds(seconds)}`);
    return parts.join('  ');
  };
  const draw = (done: number, extra: string, force: boolean) => {
    const now = performance.now();
    if (out.isTTY) {
      if (!force && now - lastDraw < 100) return;
      out.write(`\r\x1b[2K${line(done, extra)}`);
    } else {
      if (!force && now - lastDraw < 2000) return;
      out.write(`${line(done, extra)}\n`);
    }
    lastDraw = now;
  };
  let last = 0;
  return {
    update(done, extra = '') {
      last = done;
      draw(done, extra, false);
    },
    finish(extra = '') {
      draw(last, extra, true);
      if (out.isTTY) out.write('\n');
    },
  };
}
