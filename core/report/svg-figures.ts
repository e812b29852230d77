// Static SVG for the figures that are not time series: the returns histogram with fitted densities,
// heatmaps (monthly returns, transition matrices) and scatters (MAE/MFE). Coordinates are printed
// with fixed decimals so the markup is deterministic; colours come from the theme's CSS variables.

import { formatValue } from './format.ts';
import { attrs, escapeHtml } from './html.ts';
import type { Heatmap, Histogram, Scatter } from './report-model.ts';

const f1 = (v: number): string => v.toFixed(1);

export function histogramSvg(h: Histogram): string {
  const W = 640;
  const H = 280;
  const m = { l: 44, r: 12, t: 12, b: 34 };
  const iw = W - m.l - m.r;
  const ih = H - m.t - m.b;
  const maxCount = Math.max(1, ...h.counts, ...h.fits.flatMap((f) => f.expected));
  const bins = h.counts.length;
  const bw = iw / bins;
  const y = (c: number) => m.t + ih - (ih * c) / maxCount;
  let out = `<svg class="figure" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(h.title)}" data-figure="${escapeHtml(h.id)}">`;
  out += `<line class="axis" x1="${m.l}" y1="${m.t + ih}" x2="${W - m.r}" y2="${m.t + ih}"/><line class="axis" x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${m.t + ih}"/>`;
  h.counts.forEach((c, i) => {
    out += `<rect class="bar" x="${f1(m.l + i * bw + 0.5)}" y="${f1(y(c))}" width="${f1(Math.max(0.5, bw - 1))}" height="${f1(m.t + ih - y(c))}" data-count="${c}"/>`;
  });
  for (const fit of h.fits) {
    const pts = fit.expected.map((e, i) => `${f1(m.l + (i + 0.5) * bw)},${f1(y(e))}`).join(' ');
    out += `<polyline fill="none" stroke="var(--c-${fit.color})" stroke-width="1.6" points="${pts}"/>`;
  }
  const lo = h.binEdges[0];
  const hi = h.binEdges[h.binEdges.length - 1];
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    out += `<text x="${f1(m.l + (iw * k) / 4)}" y="${H - 14}" text-anchor="middle">${escapeHtml(formatValue(v, 'pct'))}</text>`;
  }
  for (let k = 0; k <= 3; k++) {
    const c = (maxCount * k) / 3;
    out += `<text x="${m.l - 4}" y="${f1(y(c) + 3)}" text-anchor="end">${Math.round(c)}</text>`;
  }
  h.fits.forEach((fit, i) => {
    out += `<rect x="${W - m.r - 120}" y="${m.t + 4 + i * 14}" width="10" height="3" fill="var(--c-${fit.color})"/><text x="${W - m.r - 106}" y="${m.t + 8 + i * 14}">${escapeHtml(fit.name)}</text>`;
  });
  out += `<text x="${W - m.r - 120}" y="${m.t + 8 + h.fits.length * 14}">■ observed</text>`;
  return out + '</svg>';
}

function cellFill(v: number | null, scale: Heatmap['scale'], maxAbs: number): string {
  if (v === null) return 'transparent';
  if (scale === 'sequential') return `rgba(47,111,222,${(0.08 + 0.8 * Math.min(1, Math.max(0, v))).toFixed(3)})`;
  const a = (0.08 + 0.8 * Math.min(1, Math.abs(v) / (maxAbs || 1))).toFixed(3);
  return v >= 0 ? `rgba(26,160,60,${a})` : `rgba(214,48,49,${a})`;
}

export function heatmapSvg(h: Heatmap): string {
  const labelW = Math.max(44, 7 * Math.max(...h.rowLabels.map((l) => l.length)));
  const cw = h.columnLabels.length > 6 ? 56 : 110;
  const ch = 24;
  const W = labelW + cw * h.columnLabels.length + 8;
  const H = 22 + ch * h.rowLabels.length + 4;
  const maxAbs = Math.max(0, ...h.values.flat().map((v) => (v === null ? 0 : Math.abs(v))));
  let out = `<svg class="figure" viewBox="0 0 ${W} ${H}" style="max-width:${W}px" role="img" aria-label="${escapeHtml(h.title)}" data-figure="${escapeHtml(h.id)}">`;
  h.columnLabels.forEach((c, j) => (out += `<text x="${f1(labelW + j * cw + cw / 2)}" y="14" text-anchor="middle">${escapeHtml(c)}</text>`));
  h.rowLabels.forEach((r, i) => {
    const y0 = 22 + i * ch;
    out += `<text x="${labelW - 6}" y="${f1(y0 + ch / 2 + 3)}" text-anchor="end">${escapeHtml(r)}</text>`;
    h.values[i].forEach((v, j) => {
      out += `<rect x="${labelW + j * cw}" y="${y0}" width="${cw - 2}" height="${ch - 2}" rx="2" fill="${cellFill(v, h.scale, maxAbs)}"${attrs({ 'data-metric': `${h.id}[${i}][${j}]`, 'data-value': v === null ? '' : String(v) })}/>`;
      if (v !== null) out += `<text class="cell-text" x="${f1(labelW + j * cw + cw / 2 - 1)}" y="${f1(y0 + ch / 2 + 3)}" text-anchor="middle">${escapeHtml(formatValue(v, h.format))}</text>`;
    });
  });
  return out + '</svg>';
}

export function scatterSvg(s: Scatter): string {
  const W = 420;
  const H = 300;
  const m = { l: 64, r: 12, t: 12, b: 36 };
  const xs = s.points.map((p) => p.x);
  const ys = s.points.map((p) => p.y);
  const pad = (lo: number, hi: number) => (hi > lo ? [lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)] : [lo - 1, hi + 1]);
  const [x0, x1] = pad(Math.min(0, ...xs), Math.max(0, ...xs));
  const [y0, y1] = pad(Math.min(0, ...ys), Math.max(0, ...ys));
  const X = (v: number) => m.l + ((W - m.l - m.r) * (v - x0)) / (x1 - x0);
  const Y = (v: number) => H - m.b - ((H - m.t - m.b) * (v - y0)) / (y1 - y0);
  const colors = ['var(--pos)', 'var(--neg)'];
  let out = `<svg class="figure" viewBox="0 0 ${W} ${H}" style="max-width:${W}px" role="img" aria-label="${escapeHtml(s.title)}" data-figure="${escapeHtml(s.id)}">`;
  out += `<line class="axis" x1="${m.l}" y1="${f1(Y(0))}" x2="${W - m.r}" y2="${f1(Y(0))}"/><line class="axis" x1="${f1(X(0))}" y1="${m.t}" x2="${f1(X(0))}" y2="${H - m.b}"/>`;
  for (const p of s.points) out += `<circle cx="${f1(X(p.x))}" cy="${f1(Y(p.y))}" r="2.5" fill="${colors[p.group % 2]}" fill-opacity="0.7"/>`;
  out += `<text x="${f1((W + m.l) / 2)}" y="${H - 8}" text-anchor="middle">${escapeHtml(s.xLabel)} (${escapeHtml(formatValue(x0, 'money'))} … ${escapeHtml(formatValue(x1, 'money'))})</text>`;
  out += `<text x="14" y="${f1(H / 2)}" text-anchor="middle" transform="rotate(-90 14 ${f1(H / 2)})">${escapeHtml(s.yLabel)} (${escapeHtml(formatValue(y0, 'money'))} … ${escapeHtml(formatValue(y1, 'money'))})</text>`;
  s.groups.forEach((g, i) => (out += `<circle cx="${W - m.r - 70}" cy="${m.t + 6 + i * 14}" r="3" fill="${colors[i % 2]}"/><text x="${W - m.r - 62}" y="${m.t + 9 + i * 14}">${escapeHtml(g)}</text>`));
  return out + '</svg>';
}
