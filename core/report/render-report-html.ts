// renderReportHtml(model, assets) → one self-contained HTML file, built from strings (no DOM):
// inline CSS, the lightweight-charts standalone build passed in by the caller (core reads no files)
// with its Apache-2.0 licence and TradingView attribution, the chart data as inline JSON, static SVG
// figures, and the compressed full-resolution tables. A Content-Security-Policy of default-src
// 'none' forbids every network request. Deterministic: the same model gives the same bytes.

import { RegimeLabError } from '../errors.ts';
import { formatValue, rawValue, type NumberFormat } from './format.ts';
import { attrs, escapeHtml, inlineScriptText, scriptJson } from './html.ts';
import type { Block, ChartSeries, Column, DataTable, KeyValueList, ReportModel, Section, Table, TimeChart, Tiles, Value } from './report-model.ts';
import { REPORT_CSS } from './report-styles.ts';
import { REPORT_SCRIPT } from './report-script.ts';
import { heatmapSvg, histogramSvg, scatterSvg } from './svg-figures.ts';

export type ReportAssets = {
  /** Text of node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js. */
  chartLibrary: string;
  /** Text of node_modules/lightweight-charts/LICENSE (Apache-2.0). */
  chartLibraryLicense: string;
};

const NUMERIC: ReadonlySet<NumberFormat> = new Set(['pct', 'pctPlain', 'pctValue', 'pct1', 'ratio', 'ratio3', 'num4', 'int', 'money', 'x', 'pvalue', 'bars', 'duration']);
/** Formats whose sign is good or bad news (returns): coloured; levels (volatility, drawdown depth, VaR) are not. */
const SIGNED: ReadonlySet<NumberFormat> = new Set(['pct']);

function signClass(value: Value, format: NumberFormat): string | undefined {
  if (typeof value !== 'number' || !SIGNED.has(format) || value === 0) return undefined;
  return value > 0 ? 'pos' : 'neg';
}

function cell(value: Value, format: NumberFormat, metric: string): string {
  const numeric = typeof value === 'number' && NUMERIC.has(format);
  const cls = [numeric ? undefined : 'text', signClass(value, format)].filter(Boolean).join(' ') || undefined;
  return `<td${attrs({ class: cls, 'data-metric': metric, 'data-value': rawValue(value) })}>${escapeHtml(formatValue(value, format))}</td>`;
}

function note(text: string | undefined): string {
  return text ? `<p class="note">${escapeHtml(text)}</p>` : '';
}

function tableHtml(t: Table): string {
  const head = t.columns.map((c: Column) => `<th${attrs({ title: c.title, class: NUMERIC.has(c.format) ? undefined : 'text' })}>${escapeHtml(c.label)}</th>`).join('');
  const body = t.rows.map((row, i) => `<tr>${t.columns.map((c) => cell(row[c.key] ?? null, c.format, `${t.id}[${i}].${c.key}`)).join('')}</tr>`).join('\n');
  const empty = t.rows.length === 0 ? `<tr><td class="text" colspan="${t.columns.length}">none</td></tr>` : '';
  return `<div class="block table-block" id="b-${escapeHtml(t.id)}"><h3>${escapeHtml(t.title)}</h3><div class="table-scroll"><table><thead><tr>${head}</tr></thead><tbody>\n${body}${empty}</tbody></table></div>${note(t.note)}</div>`;
}

function kvHtml(k: KeyValueList): string {
  const rows = k.items
    .map((it) => {
      const format = it.format ?? 'text';
      const cls = signClass(it.value, format);
      return `<div><dt${attrs({ title: it.title })}>${escapeHtml(it.label)}</dt><dd${attrs({ class: cls, 'data-metric': `${k.id}.${it.key}`, 'data-value': rawValue(it.value) })}>${escapeHtml(formatValue(it.value, format))}</dd></div>`;
    })
    .join('');
  return `<div class="block kv-block" id="b-${escapeHtml(k.id)}"><h3>${escapeHtml(k.title)}</h3><dl class="kv">${rows}</dl>${note(k.note)}</div>`;
}

function tilesHtml(t: Tiles): string {
  const tiles = t.tiles
    .map((tile) => {
      const attributes = attrs({
        class: 'tile',
        'data-metric': `${t.id}.${tile.key}`,
        'data-value': rawValue(tile.value),
        'data-lower': tile.interval ? rawValue(tile.interval.lower) : undefined,
        'data-upper': tile.interval ? rawValue(tile.interval.upper) : undefined,
        title: tile.value === null ? tile.undefinedBecause : undefined,
      });
      const cls = signClass(tile.value, tile.format);
      return `<div${attributes}><div class="tile-label">${escapeHtml(tile.label)}</div><div${attrs({ class: ['tile-value', cls].filter(Boolean).join(' ') })}>${escapeHtml(formatValue(tile.value, tile.format))}</div><div class="tile-detail">${escapeHtml(tile.detail ?? (tile.value === null ? (tile.undefinedBecause ?? '') : ''))}</div></div>`;
    })
    .join('');
  return `<div class="block tiles-block" id="b-${escapeHtml(t.id)}"><h3>${escapeHtml(t.title)}</h3><div class="tiles">${tiles}</div>${note(t.note)}</div>`;
}

function legendHtml(chart: TimeChart, regimeNames: ReportModel['regimeNames']): string {
  const items = chart.series
    .filter((s) => s.kind !== 'bands')
    .map((s: ChartSeries) => `<span><span class="swatch" style="background:var(--c-${s.color})"></span>${escapeHtml(s.name)}</span>`);
  const labels = new Set(chart.series.flatMap((s) => (s.kind === 'bands' ? (s.labels ?? []) : [])));
  for (const r of chart.bandLegend ?? regimeNames) {
    if (labels.has(r.label)) items.push(`<span><span class="swatch" style="background:var(--band-${r.label < 0 ? 'none' : r.label});outline:1px solid var(--border)"></span>${escapeHtml(r.name)}</span>`);
  }
  return `<div class="legend">${items.join('')}</div>`;
}

function chartHtml(c: TimeChart, model: ReportModel): string {
  const toggle = c.logToggle ? `<button class="log-toggle" type="button" data-log-chart="${escapeHtml(c.id)}" aria-pressed="false">Linear scale</button>` : '';
  return `<div class="block chart-block" id="b-${escapeHtml(c.id)}"><h3>${escapeHtml(c.title)}${toggle}</h3><div class="chart" id="${escapeHtml(c.id)}" style="height:${c.height}px"></div>${legendHtml(c, model.regimeNames)}${note(c.note)}</div>`;
}

function dataTableHtml(t: DataTable): string {
  return (
    `<div class="block data-table"${attrs({ id: `b-${t.id}`, 'data-table-id': t.id, 'data-columns': JSON.stringify(t.columns), 'data-csv': t.csvFileName, 'data-rows': t.rowCount })}>` +
    `<h3>${escapeHtml(t.title)}</h3><div class="dt-controls"><input type="search" placeholder="Filter rows" aria-label="Filter ${escapeHtml(t.title)}"><button type="button" class="dt-csv">Download CSV</button><button type="button" class="dt-prev">‹ Prev</button><button type="button" class="dt-next">Next ›</button><span class="dt-count">${t.rowCount} rows</span></div>` +
    `<div class="dt-scroll"><table></table></div>${note(t.note)}<script type="application/x-deflate-base64">${t.compressed}</script></div>`
  );
}

function blockHtml(b: Block, model: ReportModel): string {
  switch (b.kind) {
    case 'table':
      return tableHtml(b);
    case 'kv':
      return kvHtml(b);
    case 'tiles':
      return tilesHtml(b);
    case 'chart':
      return chartHtml(b, model);
    case 'histogram':
      return `<div class="block figure-block" id="b-${escapeHtml(b.id)}"><h3>${escapeHtml(b.title)}</h3>${histogramSvg(b)}${note(b.note)}</div>`;
    case 'heatmap':
      return `<div class="block figure-block" id="b-${escapeHtml(b.id)}"><h3>${escapeHtml(b.title)}</h3><div class="table-scroll">${heatmapSvg(b)}</div>${note(b.note)}</div>`;
    case 'scatter':
      return `<div class="block figure-block" id="b-${escapeHtml(b.id)}"><h3>${escapeHtml(b.title)}</h3>${scatterSvg(b)}${note(b.note)}</div>`;
    case 'data-table':
      return dataTableHtml(b);
    case 'text': {
      const title = b.title ? `<h3>${escapeHtml(b.title)}</h3>` : '';
      if (b.tone === 'code') return `<div class="block" id="b-${escapeHtml(b.id)}">${title}<pre class="code">${escapeHtml(b.text)}</pre></div>`;
      return `<div class="block" id="b-${escapeHtml(b.id)}">${title}<p class="text ${b.tone ?? 'note'}">${escapeHtml(b.text)}</p></div>`;
    }
    case 'columns':
      return `<div class="block columns" id="b-${escapeHtml(b.id)}">${b.blocks.map((x) => `<div>${blockHtml(x, model)}</div>`).join('')}</div>`;
  }
}

function sectionHtml(s: Section, model: ReportModel): string {
  const body = s.id === 'run-card' ? `<div class="run-card">${s.blocks.filter((b) => b.kind === 'kv').map((b) => blockHtml(b, model)).join('\n')}</div>${s.blocks.filter((b) => b.kind !== 'kv').map((b) => blockHtml(b, model)).join('\n')}` : s.blocks.map((b) => blockHtml(b, model)).join('\n');
  return `<section class="report-section" id="s-${s.id}" data-section="${s.id}"><h2>${s.number}. ${escapeHtml(s.title)}</h2>\n${body}\n</section>`;
}

function collectCharts(blocks: Block[]): TimeChart[] {
  return blocks.flatMap((b) => (b.kind === 'chart' ? [b] : b.kind === 'columns' ? collectCharts(b.blocks) : []));
}

/** Version line of the inlined library, read from its licence banner ("TradingView Lightweight Charts™ v5.2.1"). */
function libraryVersion(library: string): string {
  const m = /Lightweight Charts™ v([0-9][0-9A-Za-z.-]*)/.exec(library.slice(0, 600));
  return m ? m[1] : 'unknown';
}

export function renderReportHtml(model: ReportModel, assets: ReportAssets): string {
  if (typeof assets?.chartLibrary !== 'string' || !assets.chartLibrary.includes('LightweightCharts')) {
    throw new RegimeLabError('E_BAD_INPUT', 'assets.chartLibrary must be the text of the lightweight-charts standalone build (it defines window.LightweightCharts)');
  }
  if (typeof assets.chartLibraryLicense !== 'string' || !assets.chartLibraryLicense.includes('Apache License')) {
    throw new RegimeLabError('E_BAD_INPUT', 'assets.chartLibraryLicense must be the Apache-2.0 licence text shipped with lightweight-charts');
  }
  const charts = model.sections.flatMap((s) => collectCharts(s.blocks)).map((c) => ({ id: c.id, height: c.height, series: c.series }));
  const nav = model.sections.map((s) => `<a href="#s-${s.id}">${s.number}. ${escapeHtml(s.title)}</a>`).join('');
  const version = libraryVersion(assets.chartLibrary);
  const csp = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; connect-src blob: data:; base-uri 'none'; form-action 'none'";
  return [
    '<!doctype html>',
    `<html lang="en" data-theme="auto">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="RegimeLab report v${model.schemaVersion}">`,
    `<meta name="regimelab-run-time" content="${new Date(model.runTime).toISOString()}">`,
    `<title>${escapeHtml(model.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    `<header class="report-header"><div><h1>${escapeHtml(model.title)}</h1><div class="subtitle">${escapeHtml(model.subtitle)} · run ${escapeHtml(new Date(model.runTime).toISOString().replace('.000Z', 'Z'))}</div></div><nav>${nav}</nav><button type="button" id="theme-toggle">Theme: auto</button></header>`,
    model.hindsight ? '<div class="hindsight-banner">HINDSIGHT run: regime probabilities are smoothed (they use future data). These results are not achievable in real time.</div>' : '',
    '<main>',
    ...model.sections.map((s) => sectionHtml(s, model)),
    '</main>',
    `<footer><p>Generated by RegimeLab. Time-series charts: TradingView Lightweight Charts™ v${escapeHtml(version)}, Copyright © TradingView, Inc. (<a href="https://www.tradingview.com/">https://www.tradingview.com/</a>), licensed under the Apache License, Version 2.0; included unmodified in this file.</p><details><summary>Lightweight Charts™ licence (Apache-2.0)</summary><pre>${escapeHtml(assets.chartLibraryLicense)}</pre></details></footer>`,
    `<script type="application/json" id="report-charts">${scriptJson(charts)}</script>`,
    `<script>${inlineScriptText(assets.chartLibrary)}</script>`,
    `<script>${inlineScriptText(REPORT_SCRIPT)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
