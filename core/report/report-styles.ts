// The report's inline stylesheet: light and dark themes (prefers-color-scheme, overridden by the
// toggle through html[data-theme]), the layout of sections and blocks, and a print stylesheet with a
// page break before every section.

const LIGHT = `--bg:#f6f7f9;--bg-panel:#ffffff;--fg:#1b1f24;--fg-muted:#5b6470;--border:#dde1e6;--grid:#eef0f3;--accent:#2f6fde;
--c-strategy:#2f6fde;--c-benchmark1:#7a7f87;--c-benchmark2:#c08a1e;--c-benchmark3:#8e44ad;--c-leverage:#0f9d8a;--c-drawdown:#d64541;--c-var:#d64541;--c-hit:#b8001f;--c-accent:#2f6fde;
--c-variant1:#e67e22;--c-variant2:#16a085;--c-variant3:#8e44ad;--c-variant4:#c0392b;--c-variant5:#2c3e50;--c-variant6:#7f8c8d;
--band-none:rgba(130,130,130,0.10);--band-0:rgba(46,160,67,0.13);--band-1:rgba(214,69,65,0.18);--band-2:rgba(230,126,34,0.18);--band-3:rgba(142,68,173,0.18);
--pos:#1a7f37;--neg:#c62828;--warn-bg:#fff4e5;--warn-fg:#8a4b00;--note-bg:#eef4ff;--code-bg:#f1f3f5;`;

const DARK = `--bg:#0f1216;--bg-panel:#161a20;--fg:#e4e7eb;--fg-muted:#9aa3ad;--border:#2a3038;--grid:#1f242b;--accent:#6ea2ff;
--c-strategy:#6ea2ff;--c-benchmark1:#a3a9b1;--c-benchmark2:#e0b04a;--c-benchmark3:#c38be0;--c-leverage:#3fd0b8;--c-drawdown:#ff6b66;--c-var:#ff6b66;--c-hit:#ff3355;--c-accent:#6ea2ff;
--c-variant1:#f5a25d;--c-variant2:#4fd1b5;--c-variant3:#c38be0;--c-variant4:#ff7a6e;--c-variant5:#b7c4d1;--c-variant6:#95a5a6;
--band-none:rgba(160,160,160,0.10);--band-0:rgba(63,185,80,0.16);--band-1:rgba(255,107,102,0.22);--band-2:rgba(245,162,93,0.22);--band-3:rgba(195,139,224,0.22);
--pos:#4ac26b;--neg:#ff6b66;--warn-bg:#3a2a12;--warn-fg:#ffc36b;--note-bg:#17243a;--code-bg:#1d2229;`;

export const REPORT_CSS = `:root{${LIGHT}color-scheme:light}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){${DARK}color-scheme:dark}}
:root[data-theme=dark]{${DARK}color-scheme:dark}
:root[data-theme=light]{${LIGHT}color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header.report-header{background:var(--bg-panel);border-bottom:1px solid var(--border);padding:10px 24px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
header h1{font-size:18px;margin:0}
header .subtitle{color:var(--fg-muted);font-size:13px}
header nav{display:flex;gap:10px;flex-wrap:wrap;font-size:12px;margin-left:auto}
header nav a{color:var(--accent);text-decoration:none}
button{font:inherit;font-size:12px;color:var(--fg);background:var(--bg);border:1px solid var(--border);border-radius:4px;padding:3px 9px;cursor:pointer}
button[aria-pressed=true]{background:var(--accent);color:#fff;border-color:var(--accent)}
main{max-width:1400px;margin:0 auto;padding:16px 24px 48px}
section.report-section{background:var(--bg-panel);border:1px solid var(--border);border-radius:8px;padding:16px 20px;margin:16px 0}
section.report-section>h2{font-size:17px;margin:0 0 12px}
.hindsight-banner{background:var(--warn-bg);color:var(--warn-fg);padding:8px 24px;font-weight:600}
.block{margin:14px 0}
.block h3{font-size:14px;margin:0 0 6px;display:flex;gap:10px;align-items:center}
.note{color:var(--fg-muted);font-size:12px;margin:4px 0}
.text.warning{background:var(--warn-bg);color:var(--warn-fg);padding:8px 10px;border-radius:4px}
.text.note{background:var(--note-bg);padding:8px 10px;border-radius:4px}
pre.code{background:var(--code-bg);padding:10px;border-radius:4px;white-space:pre-wrap;word-break:break-all;font-size:11px;max-height:180px;overflow:auto}
.columns>div{min-width:0;overflow-x:auto}
.columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(420px,100%),1fr));gap:18px;align-items:start}
.kv-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:4px 24px}
dl.kv{margin:0}
dl.kv div{display:flex;justify-content:space-between;gap:12px;border-bottom:1px dotted var(--border);padding:2px 0}
dl.kv dt{color:var(--fg-muted)}
dl.kv dd{margin:0;text-align:right;font-variant-numeric:tabular-nums;word-break:break-all}
.run-card{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:6px 28px}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.tile{border:1px solid var(--border);border-radius:6px;padding:10px 12px;background:var(--bg)}
.tile-label{color:var(--fg-muted);font-size:12px}
.tile-value{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}
.tile-detail{color:var(--fg-muted);font-size:11px}
.pos{color:var(--pos)}.neg{color:var(--neg)}
table{border-collapse:collapse;width:100%;font-size:12px;font-variant-numeric:tabular-nums}
th,td{padding:3px 8px;border-bottom:1px solid var(--border);text-align:right;white-space:nowrap}
th:first-child,td:first-child,th.text{text-align:left}
td.text{text-align:left;white-space:normal}
th{color:var(--fg-muted);font-weight:600;position:sticky;top:0;background:var(--bg-panel)}
.table-scroll{overflow-x:auto}
.chart{width:100%;border:1px solid var(--border);border-radius:4px}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:12px;color:var(--fg-muted);margin-top:4px}
.swatch{display:inline-block;width:12px;height:8px;border-radius:2px;margin-right:4px;vertical-align:middle}
svg.figure{width:100%;height:auto;max-width:760px;display:block}
svg.figure text{fill:var(--fg-muted);font-size:10px}
svg.figure .cell-text{fill:var(--fg);font-size:10px}
svg.figure .axis{stroke:var(--border)}
svg.figure .bar{fill:var(--c-strategy);opacity:.55}
.dt-controls{display:flex;gap:8px;align-items:center;margin:4px 0;flex-wrap:wrap}
.dt-controls input{font:inherit;font-size:12px;padding:3px 6px;border:1px solid var(--border);border-radius:4px;background:var(--bg);color:var(--fg);min-width:220px}
.dt-scroll{max-height:420px;overflow:auto;border:1px solid var(--border);border-radius:4px}
.dt-scroll th{cursor:pointer;user-select:none}
.dt-scroll td.text{white-space:nowrap}
.dt-count{color:var(--fg-muted);font-size:12px}
footer{max-width:1400px;margin:0 auto;padding:0 24px 40px;color:var(--fg-muted);font-size:12px}
footer pre{white-space:pre-wrap;font-size:10px;max-height:240px;overflow:auto;background:var(--code-bg);padding:8px}
@media print{
:root,:root[data-theme=dark]{${LIGHT}color-scheme:light}
body{background:#fff;font-size:11px}
header.report-header{position:static;border:none}
header nav,#theme-toggle,.log-toggle,.dt-controls button,.dt-pager{display:none}
section.report-section{break-before:page;page-break-before:always;border:none;padding:0;margin:0}
section.report-section:first-of-type{break-before:auto;page-break-before:auto}
.block,.tile,table tr,svg.figure{break-inside:avoid}
.dt-scroll{max-height:none;overflow:visible}
pre.code{max-height:none}
footer pre{max-height:none}
}`;
