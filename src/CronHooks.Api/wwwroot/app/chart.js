// A hand-drawn SVG chart of the statistics API's time series: stacked outcome counts per bucket, and
// the p95 duration as a line on its own scale. Numbers also appear in a table for screen readers.
import { h } from './dom.js';
import { duration } from './format.js';

const ns = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(ns, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const parts = [['success', 'Success'], ['retrying', 'Retried'], ['failed', 'Failed'], ['skipped', 'Skipped']];

export function outcomeChart(stats) {
  const series = stats.series;
  const width = 640, height = 200, left = 36, right = 48, top = 10, bottom = 24;
  const plotW = width - left - right, plotH = height - top - bottom;
  const maxCount = Math.max(1, ...series.map((b) => parts.reduce((n, [k]) => n + b.counts[k], 0)));
  const durations = series.map((b) => b.p95DurationMs).filter((d) => d !== null);
  const maxDuration = Math.max(1, ...durations);
  const barW = plotW / Math.max(1, series.length);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': `Outcomes per ${stats.bucketSeconds / 3600} h bucket over ${stats.window}: bars are attempts by outcome, the line is the 95th percentile duration.` });
  svg.append(s('line', { x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, class: 'axis' }));
  svg.append(s('text', { x: left - 4, y: top + 8, 'text-anchor': 'end', class: 'tick' }, maxCount));
  svg.append(s('text', { x: left - 4, y: top + plotH, 'text-anchor': 'end', class: 'tick' }, 0));
  svg.append(s('text', { x: left + plotW + 4, y: top + 8, class: 'tick' }, duration(maxDuration)));
  series.forEach((b, i) => {
    let y = top + plotH;
    for (const [key, label] of parts) {
      const n = b.counts[key];
      if (!n) continue;
      const barH = (n / maxCount) * plotH;
      y -= barH;
      svg.append(s('rect', { x: left + i * barW + 1, y, width: Math.max(1, barW - 2), height: barH, class: `bar ${key}` },
        s('title', {}, `${new Date(b.start).toLocaleString()}: ${n} ${label.toLowerCase()}`)));
    }
  });
  const points = series.map((b, i) => (b.p95DurationMs === null ? null
    : `${left + i * barW + barW / 2},${top + plotH - (b.p95DurationMs / maxDuration) * plotH}`)).filter(Boolean);
  if (points.length > 1) svg.append(s('polyline', { points: points.join(' '), class: 'duration' }));
  for (const p of points) { const [cx, cy] = p.split(','); svg.append(s('circle', { cx, cy, r: 2.5, class: 'duration-dot' })); }
  const first = series[0], last = series[series.length - 1];
  if (first) {
    svg.append(s('text', { x: left, y: height - 6, class: 'tick' }, new Date(first.start).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })));
    svg.append(s('text', { x: left + plotW, y: height - 6, 'text-anchor': 'end', class: 'tick' }, new Date(last.start).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })));
  }
  const legend = h('ul', { class: 'legend' }, parts.map(([k, label]) => h('li', {}, h('span', { class: `swatch ${k}`, 'aria-hidden': 'true' }), label)),
    h('li', {}, h('span', { class: 'swatch duration', 'aria-hidden': 'true' }), 'p95 duration'));
  return h('figure', { class: 'chart-box' }, svg, legend);
}
