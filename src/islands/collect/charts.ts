// chart.js, loaded only when a dashboard is shown, with only the pieces the dashboard draws.
import type { Chart as ChartType, ChartConfiguration } from 'chart.js';

let loading: Promise<typeof ChartType> | undefined;

/** chart.js with bar and line charts registered (one download, shared by every chart). */
export function loadChart(): Promise<typeof ChartType> {
  loading ??= import('chart.js').then((m) => {
    m.Chart.register(
      m.BarController,
      m.BarElement,
      m.LineController,
      m.LineElement,
      m.PointElement,
      m.CategoryScale,
      m.LinearScale,
      m.Tooltip,
      m.Legend,
    );
    m.Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
    m.Chart.defaults.color = '#1d1d1f';
    // Charts are redrawn from data at once; no animation keeps low-end machines and print quick.
    m.Chart.defaults.animation = false;
    return m.Chart;
  });
  return loading;
}

/** Draws a chart on a canvas, replacing any chart already on it. */
export async function drawChart(canvas: HTMLCanvasElement, config: ChartConfiguration): Promise<ChartType> {
  const Chart = await loadChart();
  Chart.getChart(canvas)?.destroy();
  return new Chart(canvas, config);
}

/** Palette for levels, best first (dark enough for text contrast on white). */
export const LEVEL_COLOURS = ['#1f6f3f', '#1a56db', '#8a5300', '#a11d1d', '#55585e'];
