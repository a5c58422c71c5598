// Loaded with import() only when the summary is shown: a horizontal bar chart of each
// section's share of its maximum. Only the chart.js parts a bar chart needs are registered.
import { BarController, BarElement, CategoryScale, Chart, LinearScale } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale);

/** Splits a long label into lines of about `width` characters (chart.js draws an array as lines). */
export function wrapLabel(text: string, width = 26): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Draws (or redraws) the chart of section percentages into a canvas. */
export function drawSectionChart(canvas: HTMLCanvasElement, labels: string[], percents: number[]): { destroy(): void } {
  Chart.getChart(canvas)?.destroy();
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: labels.map((l) => wrapLabel(l)),
      datasets: [
        {
          data: percents,
          backgroundColor: percents.map((p) =>
            p >= 90 ? '#1f6f3f' : p >= 70 ? '#1a56db' : p >= 50 ? '#8a5300' : '#a11d1d',
          ),
        },
      ],
    },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      scales: {
        x: { min: 0, max: 100, ticks: { callback: (v) => `${v}%`, color: '#1d1d1f' } },
        y: { ticks: { autoSkip: false, font: { size: 11 }, color: '#1d1d1f' } },
      },
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
    },
  });
}
