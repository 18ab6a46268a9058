import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorNotice } from '../ui/status.tsx';

interface EChartProps {
  option: EChartsCoreOption;
  /** Read by screen readers in place of the drawing. */
  label: string;
  height?: number;
  /** Called with the category index of a click anywhere over the plot (the bucket under the pointer). */
  onCategoryClick?: (index: number) => void;
}

/** An ECharts chart; the library is fetched on first use so screens without charts never load it. */
export function EChart({ option, label, height = 280, onCategoryClick }: EChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const latest = useRef(option);
  latest.current = option;
  const clicked = useRef(onCategoryClick);
  clicked.current = onCategoryClick;
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState<unknown>();

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    import('./echarts-setup.ts').then(({ init }) => {
      const el = host.current;
      if (disposed || !el) return;
      const instance = init(el, null, { renderer: 'svg' });
      instance.setOption(latest.current);
      chart.current = instance;
      // Clicks on the plot's background, not only on bars or points: a line chart's bucket is mostly empty space.
      instance.getZr().on('click', (e: { offsetX: number; offsetY: number }) => {
        const point = [e.offsetX, e.offsetY];
        if (!clicked.current || !instance.containPixel({ gridIndex: 0 }, point)) return;
        const value = instance.convertFromPixel({ gridIndex: 0 }, point);
        const at = Array.isArray(value) ? value[0] : value;
        if (typeof at === 'number' && Number.isFinite(at)) clicked.current(Math.round(at));
      });
      observer = new ResizeObserver(() => instance.resize());
      observer.observe(el);
      setReady(true);
    }, setFailed);
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // notMerge: a new result replaces the old series instead of leaving stale ones behind.
    chart.current?.setOption(option, true);
  }, [option]);

  if (failed) return <ErrorNotice error={failed} />;
  return <div ref={host} class="chart" role="img" aria-label={label} data-ready={ready} style={{ height }} />;
}
