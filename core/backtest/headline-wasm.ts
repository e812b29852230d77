// The headline kernel in WebAssembly, two variants per run (headline-kernel.wat.ts): what the sweep
// uses when it has one. The text is compiled once per process with wabt (asynchronously, hence
// loadHeadlineWasm) and instantiated with its own memory per kernel (a worker thread has its own).
// The memory holds the plan's columns, the quiet stretches and packed rows of simulate-headline.ts
// (laid out once per stretches object, which a sweep shares between its variants), the two
// variants' state and constants, and the returns of both, interleaved by bar.

import { pass1Mean } from '../metrics/streaming.ts';
import { HEADLINE_WAT, PAIR_BYTES, PAIR_FIELD, PLAN_FIELD, TABLE_ENTRIES } from './headline-kernel.wat.ts';
import { canSimulateHeadline, finishHeadline, S, startHeadline, stretchesFor, type HeadlineKernelInput, type QuietStretches } from './simulate-headline.ts';
import type { HeadlineStats } from './summary.ts';

type KernelExports = {
  run(plan: number, pair: number): void;
  deviations(returns: number, count: number, mean0: number, mean1: number, out: number): void;
};

/** The members of the WebAssembly JS API used here: core/ sees no platform types, and Node, Electron and Chromium all have it. */
type WasmModule = object;
type WasmMemory = { readonly buffer: ArrayBuffer; grow(pages: number): number };
type WasmApi = {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
};
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PLAN_AT = 0;
const PAIR_AT = 1024;
const OUT_AT = PAIR_AT + PAIR_BYTES;
const DATA_AT = 8192;
/** State fields S 0–23 travel between the JS state array and a lane block. */
const STATE_FIELDS = S.last + 1;
const PAGE = 65536;

let compiled: Promise<WasmModule> | null = null;

/** The compiled kernel module (once per process). */
export function compileHeadlineWasm(): Promise<WasmModule> {
  compiled ??= (async () => {
    const { default: initWabt } = await import('wabt');
    const wabt = await initWabt();
    const parsed = wabt.parseWat('headline-kernel.wat', HEADLINE_WAT, { simd: true });
    try {
      parsed.validate();
      return new WebAssemblyApi.Module(parsed.toBinary({}).buffer);
    } finally {
      parsed.destroy();
    }
  })();
  return compiled;
}

/** A kernel with its own memory, ready for HeadlineWasm.pair. */
export async function loadHeadlineWasm(): Promise<HeadlineWasm> {
  return new HeadlineWasm(await compileHeadlineWasm());
}

export class HeadlineWasm {
  private readonly memory = new WebAssemblyApi.Memory({ initial: 1 });
  private readonly kernel: KernelExports;
  /** The stretches the memory's plan data was laid out for, and where the returns are. */
  private laidOut: QuietStretches | null = null;
  private returnsAt = 0;

  constructor(module: WasmModule) {
    this.kernel = new WebAssemblyApi.Instance(module, { env: { memory: this.memory } }).exports as unknown as KernelExports;
  }

  /** Whether two inputs can share a run: the same labels, window and per-bar columns (the constants may differ). */
  static pairable(a: HeadlineKernelInput, b: HeadlineKernelInput): boolean {
    const p = a.plan;
    const q = b.plan;
    return (
      canSimulateHeadline(p) && canSimulateHeadline(q) && a.regime === b.regime && a.workspace === b.workspace && p.d0 === q.d0 && p.end === q.end &&
      p.hasFunding === q.hasFunding && p.time === q.time && p.open[0] === q.open[0] && p.high[0] === q.high[0] && p.low[0] === q.low[0] && p.close[0] === q.close[0] &&
      p.volume[0] === q.volume[0] && p.fundingRate[0] === q.fundingRate[0] && p.baseSlippage[0] === q.baseSlippage[0]
    );
  }

  /**
   * The headline rows of two pairable inputs (the same input twice runs one variant), each equal to
   * simulateHeadline's bit for bit (null where it returns null).
   */
  pair(a: HeadlineKernelInput, b: HeadlineKernelInput): [HeadlineStats | null, HeadlineStats | null] {
    if (!HeadlineWasm.pairable(a, b)) throw new Error('HeadlineWasm.pair: the two inputs do not share labels, window and columns');
    const { d0, end } = a.plan;
    const count = end - d0;
    const states = [startHeadline(a), startHeadline(b)];
    if (count > 0) {
      this.layOut(a, stretchesFor(a.plan, a.regime, a.workspace));
      new Int32Array(this.memory.buffer, PLAN_AT, 32)[PLAN_FIELD.hasFunding] = a.plan.hasFunding ? 1 : 0;
      const f64 = new Float64Array(this.memory.buffer);
      const pair = PAIR_AT / 8;
      [a, b].forEach((input, lane) => {
        const set = (field: number, value: number) => (f64[pair + 2 * field + lane] = value);
        for (let f = 0; f < STATE_FIELDS; f++) set(f, states[lane][f]);
        const plan = input.plan;
        set(PAIR_FIELD.feeRate, plan.feeRate);
        set(PAIR_FIELD.impactFraction, plan.impactFraction);
        set(PAIR_FIELD.liquidationFeeRate, plan.liquidationFeeRate);
        set(PAIR_FIELD.maxLeverage, plan.maxLeverage);
        set(PAIR_FIELD.minOrderNotional, plan.minOrderNotional);
        set(PAIR_FIELD.mmr, plan.maintenanceMarginRate);
        set(PAIR_FIELD.stopAfterLiquidation, plan.stopAfterLiquidation ? 1 : 0);
        for (let i = 0; i < TABLE_ENTRIES; i++) set(PAIR_FIELD.table + i, input.table[i]);
      });
      this.kernel.run(PLAN_AT, PAIR_AT);
      states.forEach((st, lane) => {
        for (let f = 0; f < STATE_FIELDS; f++) st[f] = f64[pair + 2 * f + lane];
      });
    }
    // Pass 2 of both lanes at once, about the means finishHeadline will ask for.
    const means = states.map((st) => pass1Mean({ n: count + 1, sum: st[S.sum], comp: st[S.comp] }));
    let sums: Float64Array | null = null;
    const deviationsOf = (lane: number) => (mean: number) => {
      if (!Object.is(mean, means[lane])) throw new Error('HeadlineWasm.pair: pass 2 was asked about another mean');
      if (!sums) {
        this.kernel.deviations(this.returnsAt, count, means[0], means[1], OUT_AT);
        sums = new Float64Array(this.memory.buffer, OUT_AT, 4).slice();
      }
      return { ss: sums[lane], c: sums[2 + lane] };
    };
    return [finishHeadline(a, states[0], deviationsOf(0)), finishHeadline(b, states[1], deviationsOf(1))];
  }

  /** The plan block, columns, stretches, packed rows and returns space for these stretches (kept while they stay the same). */
  private layOut(input: HeadlineKernelInput, stretches: QuietStretches): void {
    if (this.laidOut === stretches) return;
    this.laidOut = null;
    const { plan, regime } = input;
    const { d0, end } = plan;
    const bars = end + 1;
    let at = DATA_AT;
    const take = (bytes: number): number => {
      const start = at;
      at += Math.ceil(bytes / 16) * 16;
      return start;
    };
    const columns = [plan.open[0], plan.high[0], plan.low[0], plan.close[0], plan.fundingRate[0], plan.volume[0], plan.baseSlippage[0]].map((column) => ({ column, at: take(bars * 8) }));
    const labelAt = take(bars);
    const firstAt = take(stretches.count * 4);
    const lastAt = take(stretches.count * 4);
    const perStretch = [stretches.lowMin, stretches.highMax, stretches.openMax, stretches.fundingUp, stretches.fundingDown].map((column) => ({ column, at: take(stretches.count * 8) }));
    const rowsAt = take(stretches.rows.length * 8);
    const returnsAt = take((end - d0) * 16);
    const pages = Math.ceil(at / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (pages > 0) this.memory.grow(pages);
    const buffer = this.memory.buffer;
    for (const { column, at: start } of columns) new Float64Array(buffer, start, bars).set(column.subarray(0, bars));
    for (const { column, at: start } of perStretch) new Float64Array(buffer, start, column.length).set(column);
    new Int8Array(buffer, labelAt, bars).set(regime.subarray(0, bars));
    new Int32Array(buffer, firstAt, stretches.count).set(stretches.first);
    new Int32Array(buffer, lastAt, stretches.count).set(stretches.last);
    new Float64Array(buffer, rowsAt, stretches.rows.length).set(stretches.rows);
    const block = new Int32Array(buffer, PLAN_AT, 32);
    block[PLAN_FIELD.d0] = d0;
    block[PLAN_FIELD.end] = end;
    [PLAN_FIELD.open, PLAN_FIELD.high, PLAN_FIELD.low, PLAN_FIELD.close, PLAN_FIELD.rate, PLAN_FIELD.volume, PLAN_FIELD.slippage].forEach((field, i) => (block[field] = columns[i].at));
    block[PLAN_FIELD.label] = labelAt;
    block[PLAN_FIELD.returns] = returnsAt;
    block[PLAN_FIELD.count] = stretches.count;
    block[PLAN_FIELD.first] = firstAt;
    block[PLAN_FIELD.last] = lastAt;
    [PLAN_FIELD.lowMin, PLAN_FIELD.highMax, PLAN_FIELD.openMax, PLAN_FIELD.fundingUp, PLAN_FIELD.fundingDown].forEach((field, i) => (block[field] = perStretch[i].at));
    block[PLAN_FIELD.rows] = rowsAt;
    this.returnsAt = returnsAt;
    this.laidOut = stretches;
  }
}
