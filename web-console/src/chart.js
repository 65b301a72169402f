// A metric's series drawn with Chart.js (only the parts a line chart needs, so the bundle stays small).
import { Chart, Filler, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import { h } from './dom.js';
import { measure, seriesSummary } from './format.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend, Filler);

const axisTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/**
 * A figure with the chart of series ({points: [{timestamp, average, maximum}]}) and a text summary for
 * readers who cannot see it. The chart is destroyed when signal aborts (the page was left).
 */
export function metricChart(metric, series, signal) {
  const points = series.points;
  const figure = h('figure', { class: 'chart', 'data-metric': metric.name, 'data-step': series.stepSeconds, 'data-points': points.length },
    h('figcaption', null, metric.label));
  if (points.length === 0) {
    figure.append(h('p', { class: 'empty' }, 'No data in this range.'));
    return figure;
  }
  const averages = points.map((point) => point.average);
  figure.append(h('p', { class: 'summary' }, seriesSummary(averages, metric.unit)));
  const canvas = h('canvas', { role: 'img', 'aria-label': `${metric.label}: ${seriesSummary(averages, metric.unit)}` });
  figure.append(h('div', { class: 'canvas' }, canvas));
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      datasets: [
        dataset('Average', points, (point) => point.average, '#2463eb', true),
        dataset('Maximum', points, (point) => point.maximum, '#9aa9c4', false),
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { type: 'linear', ticks: { maxTicksLimit: 6, callback: (value) => axisTime.format(new Date(value)) } },
        y: { beginAtZero: true, ticks: { callback: (value) => measure(value, metric.unit) } },
      },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: {
          callbacks: {
            title: (items) => axisTime.format(new Date(items[0].parsed.x)),
            label: (item) => `${item.dataset.label}: ${measure(item.parsed.y, metric.unit)}`,
          },
        },
      },
    },
  });
  signal.addEventListener('abort', () => chart.destroy());
  return figure;
}

function dataset(label, points, value, colour, fill) {
  return {
    label,
    data: points.map((point) => ({ x: Date.parse(point.timestamp), y: value(point) })),
    borderColor: colour,
    backgroundColor: fill ? `${colour}22` : colour,
    fill,
    pointRadius: 0,
    borderWidth: fill ? 2 : 1,
  };
}
