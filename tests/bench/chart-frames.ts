// Benchmark (issue 9): the chart workspace with a year of 1-minute bars in Chromium. Builds a temp
// data dir (12 synthetic monthly Binance zips → data.importFile jobs, a 2-regime HMM fit on 1m), serves
// it in browser mode and drives the real renderer at 1600×900:
// - initial render: click the 1m timeframe → the overview window is on screen (Node-side wall time, polled per frame);
//   then selecting the regime run → bands, probabilities and leverage on screen;
// - pan/zoom frames: the scroll call + the chart's repaint in the next animation frame, zoomed out and zoomed in,
//   two ways: `total` until our rAF callback runs (queued after the chart's, so `now − frameStart` there is the
//   repaint, with the wait from the frame's start to its first callback), and `own work`, the call plus the page's
//   rAF callbacks' run time (the page's requestAnimationFrame is wrapped to time them). The rest of the frame
//   (Chromium's style, layout, paint and commit, until a task posted from our rAF callback runs) is reported beside
//   it, and each step waits for it, so no step's measure includes the previous frame's work;
// - level switches (debounced fetch + setData) when zooming in;
// - replay steps, 3 rounds of 120: the keydown handler (series.update or pop on every pane) + the repaint (the
//   chart's, then the legend and status line filled in an animation frame after it), measured both ways as for
//   pan/zoom, the wait of idle frames beside it. BENCH_PROFILE=1 (or =tree) and BENCH_TRACE=1 break the first
//   round down: a CPU profile by function, and a Chromium trace by event (style, layout, canvas raster at commit);
//   with BENCH_PROFILE, BENCH_ALLOC=1 adds allocation sampling by site (bytes per step, collected ones included).
//   BENCH_CHART_OPTIONS='{"rightPriceScale":{"visible":false}}' (any chart options, JSON) measures a part's share.
// Run: node scripts/build.mjs && node scripts/run-ts.mjs tests/bench/chart-frames.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { syntheticMonthlyArchives } from '../../core/data/synthetic-archive.ts';
import { Workstation } from '../../main/services/workstation.ts';
import { findAppRoot } from '../../main/services/paths.ts';
import { startServer } from '../e2e/fixtures.ts';

const root = findAppRoot(process.cwd());
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'regimelab-chart-bench-'));
const REPS = 5;

/** What the renderer exposes as window.__regimelabChart when the URL has ?bench (renderer/components/CandleChart.tsx). */
type Range = { from: number; to: number };
type BenchChart = { chart: { timeScale(): { getVisibleLogicalRange(): Range | null; setVisibleLogicalRange(r: Range): void }; applyOptions(options: unknown): void }; shown: number; window: { bucketMs: number } };
/**
 * One frame, from __benchNextFrame (installed below), in ms since its start: `paint` when our rAF callback
 * runs (after the chart's: its repaint, with the wait before it), `work` the page's rAF callbacks' own run
 * time, `wait` from the frame's start to the first of them, `frame` when a task posted from ours runs (the whole frame).
 */
type BenchFrame = { paint: number; work: number; wait: number; frame: number };
type BenchWindow = { __regimelabChart: BenchChart; __benchNextFrame: () => Promise<BenchFrame> };

/** The p-quantile of xs by rank (no interpolation): p = 0.5 the median, 0.95 the p95. */
function quantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

const median = (xs: number[]) => quantile(xs, 0.5);
const p95 = (xs: number[]) => quantile(xs, 0.95);

function stats(xs: number[]): string {
  return `min ${Math.min(...xs).toFixed(1)} / median ${median(xs).toFixed(1)} / p95 ${p95(xs).toFixed(1)} / max ${Math.max(...xs).toFixed(1)} ms (n = ${xs.length})`;
}

/** A CPU or allocation profile's call frame as "function file:line". */
const frameName = (f: { functionName: string; url: string; lineNumber: number }) => `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;

// 1. A year of 1-minute candles through the real import path, and a regime fit on them.
let t = performance.now();
const ws = await Workstation.open({ appRoot: root, dataDir, mode: 'cli', seedSample: false });
const MONTHS = Number(process.env.BENCH_MONTHS ?? 12);
const archives = syntheticMonthlyArchives({ symbol: 'BTCUSDT', startMs: Date.UTC(2024, 3, 1), endMs: Date.UTC(2024, 3 + MONTHS, 1), seed: 9 });
for (const a of archives) await ws.startJob('data.importFile', { bytes: a.bytes, fileName: a.fileName }).done;
const [instrument] = await ws.call('data.listInstruments', {});
const minute = instrument.timeframes.find((x) => x.timeframe === '1m')!;
console.log(`chart-frames: imported ${minute.bars.toLocaleString('en-US')} 1m bars in ${((performance.now() - t) / 1000).toFixed(1)} s`);
t = performance.now();
// A fit on all 525,600 bars takes ≈ 12 min here; the last FIT_DAYS days (default 14) give the chart a
// regime run on the 1m timeframe whose bands and probabilities it draws at every level.
const FIT_DAYS = Number(process.env.BENCH_FIT_DAYS ?? 14);
await ws.startJob('regimes.fit', { instrumentId: instrument.id, timeframe: '1m', from: minute.lastTime! - FIT_DAYS * 86_400_000, model: { model: 'hmm', regimes: 2 } }).done;
console.log(`chart-frames: HMM K=2 fit on the last ${FIT_DAYS} days of 1m in ${((performance.now() - t) / 1000).toFixed(1)} s`);
await ws.close();

// 2. Browser mode in Chromium.
const server = await startServer(dataDir);
// However the script ends (a failed wait throws), the server and the data dir go with it.
process.on('exit', () => {
  server.child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page: Page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
// Our rAF callback is queued after the chart's, so `now − frameStart` there is the repaint; a task posted
// from it runs once Chromium has finished the frame (style, layout, paint, commit). The page's own
// requestAnimationFrame is wrapped to time its callbacks as they run: their sum is the repaint's work,
// without the wait between the frame's start and its first callback (which is not the step's work:
// an idle frame waits as long, see the baseline printed beside it).
await page.addInitScript(() => {
  const w = window as unknown as BenchWindow;
  const raf = window.requestAnimationFrame.bind(window);
  const frame = { start: -1, work: 0, wait: 0 };
  window.requestAnimationFrame = (callback) =>
    raf((frameStart) => {
      const t0 = performance.now();
      if (frame.start !== frameStart) Object.assign(frame, { start: frameStart, work: 0, wait: t0 - frameStart });
      try {
        callback(frameStart);
      } finally {
        frame.work += performance.now() - t0;
      }
    });
  w.__benchNextFrame = () =>
    new Promise<BenchFrame>((resolve) =>
      raf((frameStart) => {
        const now = performance.now();
        const ran = frame.start === frameStart;
        const paint = now - frameStart;
        const work = ran ? frame.work : 0;
        const wait = ran ? frame.wait : paint;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ paint, work, wait, frame: performance.now() - frameStart });
        channel.port2.postMessage(null);
      }),
    );
});
await page.goto(`${server.url}&bench=1`);
const chart = page.getByTestId('candle-chart');
await chart.waitFor();
// The server seeds the simulated sample too: pick the imported instrument.
await page.getByTestId('instrument-picker').selectOption(String(instrument.id));
await page.getByTestId('timeframe-1m').waitFor();
if (process.env.BENCH_SHOT) await page.screenshot({ path: process.env.BENCH_SHOT });

const painted = () => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

type ChartState = Record<string, string | undefined>;
/** Waits (polling per frame) until the chart's data attributes satisfy `want`: exact values, or '!' + value for "not". */
const waitChart = (want: ChartState) =>
  page.waitForFunction(
    (want) => {
      const d = (document.querySelector('[data-testid=candle-chart]') as HTMLElement | null)?.dataset;
      return !!d && Object.entries(want).every(([k, v]) => (v!.startsWith('!') ? d[k] !== v!.slice(1) : d[k] === v)) && (!('spells' in want) || Number(d.spells) > 0);
    },
    want,
    { polling: 'raf', timeout: 30_000 },
  );

async function timeUntil(action: () => Promise<void>, want: ChartState): Promise<number> {
  const started = performance.now();
  await action();
  await waitChart(want);
  await painted();
  return performance.now() - started;
}

const initial: number[] = [];
const withRegimes: number[] = [];
for (let rep = 0; rep < REPS; rep++) {
  await page.getByTestId('timeframe-1h').click();
  await waitChart({ timeframe: '1h' });
  await painted();
  initial.push(await timeUntil(() => page.getByTestId('timeframe-1m').click(), { timeframe: '1m', level: '!' }));
  await page.getByTestId('regime-runs').waitFor();
  withRegimes.push(await timeUntil(() => page.locator('[data-testid=regime-runs] tr').first().click(), { regimeRun: '!', spells: '!0' }));
}
const level = await chart.evaluate((el) => ({ ...el.dataset }));
console.log(`overview level: ${level.loadedBars} bars of ${Number(level.bucketMs) / 60_000} min for ${level.bars} 1m bars; ${level.spells} regime spells`);
console.log(`initial render, 1m year (click → overview painted):        ${stats(initial)}`);
console.log(`+ selecting the regime run (bands, probabilities, leverage): ${stats(withRegimes)}`);

/** Main-thread work of `frames` pan or zoom steps, one per animation frame. */
async function frames(kind: 'pan' | 'zoom', count: number): Promise<string> {
  const m = await page.evaluate(
    async ([kind, count]) => {
      const { __regimelabChart: ws, __benchNextFrame: nextFrame } = window as unknown as BenchWindow;
      const ts = ws.chart.timeScale();
      const out = { total: [] as number[], work: [] as number[], rest: [] as number[], frame: [] as number[] };
      const start = ts.getVisibleLogicalRange()!;
      for (let i = 0; i < count; i++) {
        const r = ts.getVisibleLogicalRange()!;
        const width = r.to - r.from;
        const phase = Math.floor(i / 20) % 2 === 0 ? 1 : -1;
        const next = kind === 'pan' ? { from: r.from + phase * width * 0.01, to: r.to + phase * width * 0.01 } : { from: r.from + (phase * width * 0.02) / 2, to: r.to - (phase * width * 0.02) / 2 };
        const t0 = performance.now();
        ts.setVisibleLogicalRange(next);
        const sync = performance.now() - t0;
        const f = await nextFrame();
        out.total.push(sync + f.paint);
        out.work.push(sync + f.work);
        out.rest.push(f.frame - f.paint);
        out.frame.push(sync + f.frame);
      }
      ts.setVisibleLogicalRange(start);
      return out;
    },
    [kind, count] as const,
  );
  return `${stats(m.total)}; own work (call + rAF callbacks) ${stats(m.work)}; rest of the frame (Chromium) median ${median(m.rest).toFixed(1)} ms; whole frame (call → commit done) ${stats(m.frame)}`;
}

/** Frames in which nothing changed: how long a frame's start waits for its first rAF callback. */
async function idleFrames(count: number): Promise<string> {
  const waits = await page.evaluate(async (count) => {
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push((await (window as unknown as BenchWindow).__benchNextFrame()).wait);
    return out;
  }, count);
  return stats(waits);
}

await painted();
console.log(`pan frames, zoomed out (whole year):   ${await frames('pan', 80)}`);
if (process.env.BENCH_SPLIT) {
  await page.locator('[data-testid=regime-runs] tr').first().click();
  await waitChart({ regimeRun: '' });
  await painted();
  console.log(`pan frames, zoomed out, candles + volume only: ${await frames('pan', 80)}`);
  await page.locator('[data-testid=regime-runs] tr').first().click();
  await waitChart({ regimeRun: '!' });
  await painted();
}
console.log(`zoom frames, zoomed out (whole year):  ${await frames('zoom', 80)}`);

// Zoom to one day and back out: each time the view settles the chart switches level (a finer
// bucket, then raw 1-minute bars; the library caps bar width, so reaching raw can take two switches).
const switches: number[] = [];
const zoomTo = (target: 'day' | 'all') =>
  page.evaluate((target) => {
    const w = (window as unknown as BenchWindow).__regimelabChart;
    const ts = w.chart.timeScale();
    const n = w.shown;
    if (target === 'day') ts.setVisibleLogicalRange({ from: n / 2, to: n / 2 + 86_400_000 / w.window.bucketMs });
    else ts.setVisibleLogicalRange({ from: -n * 0.6, to: n * 1.6 });
  }, target);
try {
for (let rep = 0; rep < 3; rep++) {
  for (const target of ['day', 'all'] as const) {
    for (let hop = 0; hop < 4; hop++) {
      const bucket = await chart.getAttribute('data-bucket-ms');
      const level = await chart.getAttribute('data-level');
      if (target === 'day' && level === 'raw') break;
      if (target === 'all' && hop > 0) break;
      switches.push(await timeUntil(() => zoomTo(target), { bucketMs: `!${bucket}` }));
    }
  }
}
await zoomTo('day');
for (let hop = 0; hop < 4 && (await chart.getAttribute('data-level')) !== 'raw'; hop++) {
  const bucket = await chart.getAttribute('data-bucket-ms');
  await waitChart({ bucketMs: `!${bucket}` });
  await zoomTo('day');
}
await waitChart({ level: 'raw' });
} catch (error) {
  console.log(`level switch did not reach raw bars: ${(error as Error).message.split('\n')[0]}; state ${JSON.stringify(await chart.evaluate((el) => ({ ...el.dataset })))}`);
}
await painted();
const zoomed = await chart.evaluate((el) => el.dataset.loadedBars);
console.log(`level switch (view settles → new window painted, incl. 150 ms debounce): ${stats(switches)}`);
console.log(`pan frames, zoomed in (1 day of raw 1m bars, window of ${zoomed} bars): ${await frames('pan', 80)}`);
console.log(`zoom frames, zoomed in:                ${await frames('zoom', 80)}`);

// Replay: start mid-view, then step forward and back.
await page.getByTestId('replay-button').click();
await page.getByTestId('replay-start-visible').click();
await waitChart({ cursorTime: '!' });
await page.mouse.move(5, 5);
await painted();
// A round: STEPS steps, 30 forward then 10 back (repeated), each waiting out its frame; BENCH_STEP_GAP
// (ms) paces them (0: back to back, as playing at 60 bars/s).
const STEPS = 120;
const ROUNDS = 3;
const replayRound = () => page.evaluate(async ([count, gapMs]) => {
  const handler: number[] = [];
  const repaint: number[] = [];
  const total: number[] = [];
  const work: number[] = [];
  const callbacks: number[] = [];
  const wait: number[] = [];
  const rest: number[] = [];
  const baseline: number[] = [];
  const whole: number[] = [];
  const fixed = new Float64Array(100_000);
  const afterTasks = () => new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
  for (let i = 0; i < count; i++) {
    const key = i % 40 < 30 ? 'ArrowRight' : 'ArrowLeft';
    const t0 = performance.now();
    window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })); // as a real key is
    await afterTasks(); // the tasks the key queued run first
    const sync = performance.now() - t0;
    const f = await (window as unknown as BenchWindow).__benchNextFrame();
    handler.push(sync);
    repaint.push(f.paint);
    total.push(sync + f.paint);
    callbacks.push(f.work);
    work.push(sync + f.work);
    wait.push(f.wait);
    rest.push(f.frame - f.paint);
    whole.push(sync + f.frame);
    // The host's jitter at this moment: the same fixed, allocation-free JS work in the next frame.
    requestAnimationFrame(() => {
      for (let pass = 0; pass < 4; pass++) for (let j = 0; j < fixed.length; j++) fixed[j] = Math.sqrt(j + pass + fixed[(j * 7) % fixed.length]);
    });
    baseline.push((await (window as unknown as BenchWindow).__benchNextFrame()).work);
    if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
  }
  return { handler, repaint, total, work, callbacks, wait, rest, baseline, whole };
}, [STEPS, Number(process.env.BENCH_STEP_GAP ?? 0)] as const);
// BENCH_CHART_OPTIONS (JSON): chart options applied before the replay rounds, to measure what a part of the repaint costs.
if (process.env.BENCH_CHART_OPTIONS) {
  await page.evaluate((o) => (window as unknown as BenchWindow).__regimelabChart.chart.applyOptions(JSON.parse(o)), process.env.BENCH_CHART_OPTIONS);
  await painted();
}
// BENCH_PROFILE=1: a CPU profile of the replay steps, top functions by self time (where the time goes).
const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
if (cdp) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
}
// BENCH_TRACE=1: a Chromium trace of the replay steps, main-thread time by event (what kind of work it is).
if (process.env.BENCH_TRACE) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'gpu', 'skia'] });
if (cdp && process.env.BENCH_ALLOC) await cdp.send('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const steps = await replayRound();
if (cdp && process.env.BENCH_ALLOC) {
  // Allocation sampling: where the round's allocations (which drive the GCs) come from, self bytes per step.
  const { profile } = await cdp.send('HeapProfiler.stopSampling');
  type Node = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] };
  const bySite = new Map<string, number>();
  const walk = (n: Node) => {
    const key = frameName(n.callFrame);
    bySite.set(key, (bySite.get(key) ?? 0) + n.selfSize);
    n.children.forEach(walk);
  };
  walk(profile.head as Node);
  const all = [...bySite.values()].reduce((a, b) => a + b, 0);
  console.log(`allocations sampled in the round: ${(all / STEPS / 1024).toFixed(1)} KiB per step`);
  for (const [k, v] of [...bySite.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(v / STEPS / 1024).toFixed(1).padStart(8)} KiB  ${k}`);
}
if (process.env.BENCH_TRACE) {
  type TraceEvent = { name: string; ph: string; dur?: number; tdur?: number; tid: number; pid: number; args?: { name?: string } };
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const threads = new Map(traceEvents.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name ?? '']));
  const byName = new Map<string, number>();
  for (const e of traceEvents) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const key = `${threads.get(`${e.pid}:${e.tid}`) ?? e.tid} ${e.name}`;
    byName.set(key, (byName.get(key) ?? 0) + e.dur / 1000);
  }
  // Each rAF callback's wall time beside its thread CPU time: the gap is the main thread waiting for a core.
  const callbacks = traceEvents.filter((e) => e.ph === 'X' && e.name === 'FireAnimationFrame' && threads.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
  if (callbacks.length > 0) console.log(`FireAnimationFrame (each rAF callback): wall ${stats(callbacks.map((e) => (e.dur ?? 0) / 1000))}; thread CPU ${stats(callbacks.map((e) => (e.tdur ?? 0) / 1000))}`);
  console.log('trace of the replay steps (inclusive ms per step, by thread and event):');
  for (const [k, v] of [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(`  ${(v / STEPS).toFixed(3).padStart(8)}  ${k}`);
}
if (cdp) {
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map<string, number>();
  const dt = profile.timeDeltas ?? [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  (profile.samples ?? []).forEach((id, i) => {
    const key = frameName(byId.get(id)!.callFrame);
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  if (process.env.BENCH_PROFILE === 'tree') {
    // Inclusive time per call-tree node (ms per step), nodes above 0.05 ms per step.
    const selfOf = new Map(profile.nodes.map((n) => [n.id, 0]));
    (profile.samples ?? []).forEach((id, i) => selfOf.set(id, selfOf.get(id)! + (dt[i] ?? 0) / 1000));
    const inclusive = (id: number): number => selfOf.get(id)! + (byId.get(id)!.children ?? []).reduce((a, c) => a + inclusive(c), 0);
    const walk = (id: number, depth: number) => {
      const n = byId.get(id)!;
      const ms = inclusive(id) / STEPS;
      if (ms < 0.05 || depth > 40) return;
      console.log(`  ${ms.toFixed(2).padStart(6)} ${' '.repeat(depth)}${frameName(n.callFrame)}`);
      for (const c of [...(n.children ?? [])].sort((a, b) => inclusive(b) - inclusive(a))) walk(c, depth + 1);
    };
    walk(profile.nodes[0].id, 0);
  }
  console.log(`profile of the replay steps (self time, ${total.toFixed(0)} ms sampled):`);
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${v.toFixed(1).padStart(8)} ms  ${k}`);
}
// Further rounds (not profiled): the figures are pooled, and each round's median and p95 given beside.
const rounds = [steps];
for (let r = 1; r < ROUNDS; r++) rounds.push(await replayRound());
const pooled = (k: keyof typeof steps) => rounds.flatMap((x) => x[k]);
const perRound = (k: keyof typeof steps) => `rounds: median ${rounds.map((x) => median(x[k]).toFixed(1)).join(' / ')}, p95 ${rounds.map((x) => p95(x[k]).toFixed(1)).join(' / ')} ms`;
console.log(`replay steps: ${ROUNDS} rounds of ${STEPS}`);
console.log(`replay step, handler (key → update/pop on every series):    ${stats(pooled('handler'))}`);
console.log(`replay step, rAF callbacks' own run time (chart, legend):   ${stats(pooled('callbacks'))}`);
console.log(`replay step, work (handler + rAF callbacks):                ${stats(pooled('work'))}; ${perRound('work')}`);
console.log(`replay step, frame start → first rAF callback:              ${stats(pooled('wait'))}; idle frames: ${await idleFrames(60)}`);
console.log(`replay step, repaint done (frame start → after the chart's and the legend's callbacks): ${stats(pooled('repaint'))}`);
console.log(`replay step, total (handler + repaint done):                ${stats(pooled('total'))}; ${perRound('total')}`);
console.log(`replay step, rest of the frame (Chromium style, layout, paint, commit): median ${median(pooled('rest')).toFixed(1)} ms`);
const fits = pooled('whole').filter((x) => x <= 16).length / pooled('whole').length;
console.log(`replay step, whole frame (key → Chromium's commit done): ${stats(pooled('whole'))}; ${(100 * fits).toFixed(1)}% within 16 ms`);
console.log(`host jitter, the same rounds: a fixed JS workload in a rAF callback after each step: ${stats(pooled('baseline'))}; ${perRound('baseline')}`);
const spread = (k: keyof typeof steps) => (p95(pooled(k)) / median(pooled(k))).toFixed(2);
console.log(`p95 / median: replay step work ${spread('work')}, fixed workload ${spread('baseline')} (the spread this machine adds to a constant job)`);

// BENCH_VARIANTS (JSON [{name, apply, revert}], JS expressions evaluated in the page with `chart` bound to
// window.__regimelabChart): each variant against the default, interleaved round by round in the same run
// (default, variant 1, default, variant 2, …, BENCH_VARIANT_REPS times), so each is a ratio against a
// baseline measured beside it. Measures what a part of the step costs without a rebuild per guess.
if (process.env.BENCH_VARIANTS) {
  type Variant = { name: string; apply: string; revert: string };
  const variants = JSON.parse(process.env.BENCH_VARIANTS) as Variant[];
  const inPage = (code: string) => page.evaluate(`(() => { const chart = window.__regimelabChart; ${code}; })()`);
  const reps = Number(process.env.BENCH_VARIANT_REPS ?? 3);
  const work = new Map<string, number[]>([['default', []], ...variants.map((v) => [v.name, []] as [string, number[]])]);
  for (let rep = 0; rep < reps; rep++) {
    for (const v of variants) {
      work.get('default')!.push(...(await replayRound()).work);
      await inPage(v.apply);
      await painted();
      work.get(v.name)!.push(...(await replayRound()).work);
      await inPage(v.revert);
      await painted();
    }
  }
  const base = work.get('default')!;
  for (const [name, xs] of work) {
    const ratio = name === 'default' ? '' : `; median ×${(median(xs) / median(base)).toFixed(2)}, p95 ×${(p95(xs) / p95(base)).toFixed(2)} of the default's`;
    console.log(`variant ${name.padEnd(24)} replay step work: ${stats(xs)}${ratio}`);
  }
}

await browser.close();
server.child.kill('SIGTERM');
await new Promise((r) => server.child.once('exit', r));
fs.rmSync(dataDir, { recursive: true, force: true });
