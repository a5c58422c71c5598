// One chart.js chart on a canvas, drawn after chart.js is loaded (only when a dashboard is shown).
import type { ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { drawChart } from './charts.ts';

interface Props {
  /** What the chart shows, read by screen readers (a table beside it gives the figures). */
  label: string;
  config: ChartConfiguration;
  /** Height in CSS pixels. */
  height?: number;
  /** For tests and print styles. */
  name: string;
}

export function ChartCanvas({ label, config, height = 240, name }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return undefined;
    let live = true;
    let destroy: (() => void) | undefined;
    canvas.removeAttribute('data-drawn');
    drawChart(canvas, config).then(
      (chart) => {
        if (!live) return chart.destroy();
        destroy = () => chart.destroy();
        canvas.setAttribute('data-drawn', 'yes');
      },
      () => canvas.setAttribute('data-drawn', 'failed'),
    );
    return () => {
      live = false;
      destroy?.();
    };
  }, [config]);
  return (
    <div class="chart-box" style={{ height: `${height}px` }}>
      <canvas ref={ref} role="img" aria-label={label} data-chart={name} />
    </div>
  );
}
