// The report's inline script (plain ES2017, no modules): builds the time-series charts with the
// inlined lightweight-charts standalone build, the theme toggle, the log/linear toggle, and the
// embedded full-resolution tables (inflated with DecompressionStream('deflate-raw'), sorted,
// filtered, paged, downloadable as CSV through a Blob URL). It never touches the network; sets
// window.__reportReady = true when every chart and table is in place (the e2e test waits for it).

export const REPORT_SCRIPT = String.raw`(function () {
  'use strict';
  var root = document.documentElement;
  var LW = window.LightweightCharts;
  function css(name) { return getComputedStyle(root).getPropertyValue(name).trim(); }
  function colorOf(role) { return css('--c-' + role) || '#888888'; }
  function bandColor(label) { return css('--band-' + (label < 0 ? 'none' : String(label))) || 'rgba(128,128,128,0.1)'; }
  function fmtPct(v) { return (v * 100).toFixed(Math.abs(v) < 0.1 ? 2 : 1) + '%'; }
  var FORMATS = {
    percent: { type: 'custom', minMove: 0.0001, formatter: fmtPct },
    leverage: { type: 'custom', minMove: 0.001, formatter: function (v) { return v.toFixed(2) + 'x'; } },
    price: { type: 'price', precision: 2, minMove: 0.01 }
  };
  var charts = [];

  function chartOptions() {
    return {
      autoSize: true,
      layout: { background: { type: 'solid', color: css('--bg-panel') }, textColor: css('--fg-muted'), fontSize: 11, attributionLogo: true, panes: { separatorColor: css('--border') } },
      grid: { vertLines: { color: css('--grid') }, horzLines: { color: css('--grid') } },
      rightPriceScale: { borderVisible: false },
      timeScale: { borderVisible: false, timeVisible: true, secondsVisible: false, minBarSpacing: 0.001 },
      crosshair: { mode: 0 },
      handleScroll: true,
      handleScale: true
    };
  }

  function seriesOptions(s) {
    var color = colorOf(s.color);
    var format = FORMATS[s.axis || 'price'];
    var common = { priceFormat: format, lastValueVisible: false, priceLineVisible: false, title: '' };
    if (s.kind === 'area') return Object.assign(common, { lineColor: color, topColor: color + '10', bottomColor: color + '55', lineWidth: 1, invertFilledArea: true });
    if (s.kind === 'points') return Object.assign(common, { color: color, lineVisible: false, pointMarkersVisible: true, pointMarkersRadius: 3, crosshairMarkerVisible: false });
    return Object.assign(common, { color: color, lineWidth: s.kind === 'step' ? 1 : (s.color === 'strategy' ? 2 : 1), lineType: s.kind === 'step' ? 1 : 0 });
  }

  function bandData(s) {
    return s.points.t.map(function (t, i) { return { time: t, value: 1, color: bandColor(s.labels[i]) }; });
  }

  function buildChart(spec) {
    var el = document.getElementById(spec.id);
    if (!el) return;
    var chart = LW.createChart(el, chartOptions());
    var entries = [];
    spec.series.forEach(function (s) {
      var pane = s.pane || 0;
      var api;
      if (s.kind === 'bands') {
        api = chart.addSeries(LW.HistogramSeries, { priceScaleId: 'bands', lastValueVisible: false, priceLineVisible: false, base: 0 }, pane);
        chart.priceScale('bands', pane).applyOptions({ scaleMargins: { top: 0, bottom: 0 }, visible: false });
        api.setData(bandData(s));
      } else {
        api = chart.addSeries(s.kind === 'area' ? LW.AreaSeries : LW.LineSeries, seriesOptions(s), pane);
        api.setData(s.points.t.map(function (t, i) { return { time: t, value: s.points.v[i] }; }));
      }
      entries.push({ spec: s, api: api });
    });
    var panes = chart.panes();
    if (panes.length > 1) panes[1].setHeight(Math.round(spec.height * 0.26));
    chart.timeScale().fitContent();
    charts.push({ spec: spec, chart: chart, entries: entries });
  }

  function refreshCharts() {
    charts.forEach(function (c) {
      c.chart.applyOptions(chartOptions());
      c.entries.forEach(function (e) {
        if (e.spec.kind === 'bands') e.api.setData(bandData(e.spec));
        else e.api.applyOptions(seriesOptions(e.spec));
      });
    });
  }

  var THEMES = ['auto', 'light', 'dark'];
  var toggle = document.getElementById('theme-toggle');
  if (toggle) toggle.addEventListener('click', function () {
    var i = THEMES.indexOf(root.getAttribute('data-theme') || 'auto');
    var next = THEMES[(i + 1) % THEMES.length];
    root.setAttribute('data-theme', next);
    toggle.textContent = 'Theme: ' + next;
    refreshCharts();
  });
  if (window.matchMedia) window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', refreshCharts);

  document.querySelectorAll('button[data-log-chart]').forEach(function (b) {
    b.addEventListener('click', function () {
      var c = charts.filter(function (x) { return x.spec.id === b.getAttribute('data-log-chart'); })[0];
      if (!c) return;
      var log = b.getAttribute('aria-pressed') !== 'true';
      b.setAttribute('aria-pressed', String(log));
      b.textContent = log ? 'Log scale' : 'Linear scale';
      c.chart.priceScale('right', 0).applyOptions({ mode: log ? 1 : 0 });
    });
  });

  // ---- embedded tables ----
  function inflate(b64) {
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Response(stream).text().then(JSON.parse);
  }
  function csvCell(v) {
    if (v === null || v === undefined) return '';
    var s = String(v);
    return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function toCsv(columns, rows) {
    var lines = [columns.join(',')];
    rows.forEach(function (r) { lines.push(r.map(csvCell).join(',')); });
    return lines.join('\n') + '\n';
  }
  function cellText(v) { return v === null || v === undefined ? '' : String(v); }
  var PAGE = 50;

  function setupTable(block) {
    var columns = JSON.parse(block.getAttribute('data-columns'));
    var payload = block.querySelector('script[type="application/x-deflate-base64"]');
    var table = block.querySelector('table');
    var input = block.querySelector('input[type=search]');
    var count = block.querySelector('.dt-count');
    var prev = block.querySelector('.dt-prev');
    var next = block.querySelector('.dt-next');
    var csv = block.querySelector('.dt-csv');
    return inflate(payload.textContent.trim()).then(function (rows) {
      var state = { sort: -1, dir: 1, filter: '', page: 0, view: rows };
      block.__rows = rows;
      function apply() {
        var f = state.filter.toLowerCase();
        var view = f ? rows.filter(function (r) { return r.join('\u0001').toLowerCase().indexOf(f) >= 0; }) : rows.slice();
        if (state.sort >= 0) {
          var k = state.sort;
          view.sort(function (a, b) {
            var x = a[k], y = b[k];
            if (x === y) return 0;
            if (x === null) return 1;
            if (y === null) return -1;
            return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * state.dir;
          });
        }
        state.view = view;
        var pages = Math.max(1, Math.ceil(view.length / PAGE));
        if (state.page >= pages) state.page = pages - 1;
        render();
      }
      function render() {
        var start = state.page * PAGE;
        var slice = state.view.slice(start, start + PAGE);
        var tbody = document.createElement('tbody');
        slice.forEach(function (r) {
          var tr = document.createElement('tr');
          r.forEach(function (v) { var td = document.createElement('td'); td.textContent = cellText(v); if (typeof v !== 'number') td.className = 'text'; tr.appendChild(td); });
          tbody.appendChild(tr);
        });
        var old = table.querySelector('tbody');
        if (old) table.removeChild(old);
        table.appendChild(tbody);
        count.textContent = state.view.length ? 'rows ' + (start + 1) + '–' + (start + slice.length) + ' of ' + state.view.length + (state.view.length !== rows.length ? ' (filtered from ' + rows.length + ')' : '') : 'no rows';
        prev.disabled = state.page === 0;
        next.disabled = start + PAGE >= state.view.length;
      }
      var thead = document.createElement('thead');
      var hr = document.createElement('tr');
      columns.forEach(function (c, k) {
        var th = document.createElement('th');
        th.textContent = c;
        th.title = 'sort by ' + c;
        th.addEventListener('click', function () {
          state.dir = state.sort === k ? -state.dir : 1;
          state.sort = k;
          block.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
          th.setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending');
          apply();
        });
        hr.appendChild(th);
      });
      thead.appendChild(hr);
      table.appendChild(thead);
      input.addEventListener('input', function () { state.filter = input.value; state.page = 0; apply(); });
      prev.addEventListener('click', function () { state.page--; render(); });
      next.addEventListener('click', function () { state.page++; render(); });
      csv.addEventListener('click', function () {
        var blob = new Blob([toCsv(columns, state.view)], { type: 'text/csv' });
        var url = URL.createObjectURL(blob);
        var a = document.createElement('a');
        a.href = url;
        a.download = block.getAttribute('data-csv');
        document.body.appendChild(a);
        a.click();
        document.body.removeChild(a);
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      });
      apply();
    });
  }

  window.__reportCsv = function (id) {
    var block = document.querySelector('[data-table-id="' + id + '"]');
    return block && block.__rows ? toCsv(JSON.parse(block.getAttribute('data-columns')), block.__rows) : null;
  };

  var specs = JSON.parse(document.getElementById('report-charts').textContent);
  try {
    if (!LW) throw new Error('the charting library did not load');
    specs.forEach(buildChart);
  } catch (e) {
    console.error('report charts: ' + (e && e.message ? e.message : e));
  }
  var tables = Array.prototype.slice.call(document.querySelectorAll('[data-table-id]'));
  Promise.all(tables.map(setupTable)).then(function () {
    window.__reportReady = true;
  }, function (e) {
    console.error('report tables: ' + (e && e.message ? e.message : e));
  });
})();`;
