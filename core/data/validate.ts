// The validation and repair policy of issue 3, applied to rows as read: row checks (finite,
// positive prices, non-negative volumes, high/low consistent), time order, timeframe inference and
// alignment, duplicates, unfinished candles, gaps (optionally filling short ones) and the refusal
// threshold. Every decision is counted in the returned report sections; a refusal says why.

import { RegimeLabError, type CancelSignal, throwIfCancelled } from '../errors.ts';
import { allocateCandles, CANDLE_FIELDS, CANDLE_FLAG, type CandleField, type Candles } from '../series/candles.ts';
import { timeframeMs, TIMEFRAMES, type Timeframe } from '../series/timeframe.ts';
import { findGaps } from './gaps.ts';
import { pushCapped, type DuplicateConflict, type DuplicatePolicy, type ImportReport, type RejectReason, type UnfinishedBar } from './import-report.ts';
import { describeDuration, misalignedPositions, summarizeSpacing, timeframeOfStep } from './infer-timeframe.ts';
import { rejectRow, type RawRows } from './raw-rows.ts';

export type ValidationPolicy = {
  /** Conflicting rows with the same open time (default 'last-wins': a re-published correction). */
  duplicatePolicy?: DuplicatePolicy;
  /** Unfinished candles (close time after the file's period or in the future); default 'drop'. */
  unfinished?: 'drop' | 'keep';
  /** Fill short gaps with flat zero-volume SYNTHETIC bars (default false: gaps stay gaps). */
  fillGaps?: boolean;
  /** Longest gap filled, in bars (default 2). */
  fillMaxBars?: number;
  /** Refuse the file when rejected rows / rows read exceeds this (default 0.05). */
  maxRejectedShare?: number;
  /** "Now" for the in-future test, UTC ms (default Date.now()). */
  nowMs?: number;
};

export type TimeframeHint = { timeframe: Timeframe; source: 'option' | 'file-name' | 'path' };

export type ValidationContext = {
  fileName: string;
  timeframeHint?: TimeframeHint;
  /** End (exclusive, UTC ms) of the period a Binance daily/monthly file name covers. */
  periodEndMs?: number;
  signal?: CancelSignal;
};

type Sections = Pick<ImportReport, 'rows' | 'duplicates' | 'order' | 'unfinished' | 'earlyClose' | 'flatZeroVolume' | 'gaps' | 'bars' | 'firstTimeMs' | 'lastTimeMs'>;

export type ValidationResult = {
  candles: Candles;
  timeframe: Timeframe | null;
  timeframeSource: ImportReport['timeframeSource'];
  sections: Sections;
  notes: string[];
  /** Set when the file is refused as a whole; the sections hold what was found up to then. */
  refusal?: string;
};

const ISO = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));
const VOLUME_FIELDS: CandleField[] = ['volume', 'quoteVolume', 'trades', 'takerBuyBase', 'takerBuyQuote'];

function emptySections(rows: RawRows, policy: Required<Omit<ValidationPolicy, 'nowMs'>>): Sections {
  return {
    rows: { read: rows.rowsRead, accepted: 0, rejected: rows.rejectedCount, rejectedByReason: { ...rows.rejectedByReason }, rejectedRows: rows.rejectedRows, blankLines: rows.blankLines },
    duplicates: { policy: policy.duplicatePolicy, identicalMerged: 0, conflictingTimes: 0, conflictingRowsDropped: 0, conflicts: [] },
    order: { wasSorted: true, outOfOrderRows: 0 },
    unfinished: { policy: policy.unfinished, count: 0, bars: [] },
    earlyClose: { count: 0, bars: [] },
    flatZeroVolume: { count: 0, timesMs: [] },
    gaps: { count: 0, missingBars: 0, fillEnabled: policy.fillGaps, fillMaxBars: policy.fillMaxBars, filledGaps: 0, syntheticBars: 0, list: [] },
    bars: 0,
    firstTimeMs: null,
    lastTimeMs: null,
  };
}

/** Row-level checks; returns the reason a row fails, or null. */
function checkRow(rows: RawRows, i: number, present: CandleField[]): { reason: RejectReason; detail: string } | null {
  const f = rows.fields;
  for (const field of present) {
    const v = f[field][i];
    if (!Number.isFinite(v)) return { reason: 'non-finite', detail: `${field} is ${v}` };
  }
  const o = f.open[i], h = f.high[i], l = f.low[i], c = f.close[i];
  if (o <= 0 || h <= 0 || l <= 0 || c <= 0) {
    const field = o <= 0 ? 'open' : h <= 0 ? 'high' : l <= 0 ? 'low' : 'close';
    return { reason: 'non-positive-price', detail: `${field} is ${f[field][i]}` };
  }
  for (const field of VOLUME_FIELDS) {
    if (f[field].length > 0 && f[field][i] < 0) return { reason: 'negative-volume', detail: `${field} is ${f[field][i]}` };
  }
  if (h < Math.max(o, c)) return { reason: 'high-below-open-close', detail: `high ${h} < max(open ${o}, close ${c})` };
  if (l > Math.min(o, c)) return { reason: 'low-above-open-close', detail: `low ${l} > min(open ${o}, close ${c})` };
  return null;
}

function sameRow(rows: RawRows, a: number, b: number, present: CandleField[], differing?: string[]): boolean {
  let same = true;
  for (const field of present) {
    const x = rows.fields[field][a];
    const y = rows.fields[field][b];
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) {
      same = false;
      if (differing && !differing.includes(field)) differing.push(field);
    }
  }
  if (rows.hasCloseTime && rows.closeTime[a] !== rows.closeTime[b]) {
    same = false;
    if (differing && !differing.includes('closeTime')) differing.push('closeTime');
  }
  return same;
}

export function validateRows(rows: RawRows, context: ValidationContext, policyIn: ValidationPolicy = {}): ValidationResult {
  const policy = {
    duplicatePolicy: policyIn.duplicatePolicy ?? 'last-wins',
    unfinished: policyIn.unfinished ?? 'drop',
    fillGaps: policyIn.fillGaps ?? false,
    fillMaxBars: policyIn.fillMaxBars ?? 2,
    maxRejectedShare: policyIn.maxRejectedShare ?? 0.05,
  } as const;
  const nowMs = policyIn.nowMs ?? Date.now();
  if (!(policy.fillMaxBars >= 0) || !Number.isInteger(policy.fillMaxBars)) throw new RegimeLabError('E_BAD_INPUT', `fillMaxBars must be a non-negative integer, got ${policy.fillMaxBars}`);
  if (!(policy.maxRejectedShare >= 0 && policy.maxRejectedShare <= 1)) throw new RegimeLabError('E_BAD_INPUT', `maxRejectedShare must be in [0, 1], got ${policy.maxRejectedShare}`);
  const { fileName } = context;
  const sections = emptySections(rows, policy);
  const notes: string[] = [];
  const present = rows.columnsPresent;
  const fail = (refusal: string, timeframe: Timeframe | null = null, source: ImportReport['timeframeSource'] = 'inferred'): ValidationResult => ({
    candles: allocateCandles(0), timeframe, timeframeSource: source, sections, notes, refusal,
  });

  // 1. Row checks: a branch-light test per row; failing rows are re-examined for their reason.
  const n = rows.count;
  const keptRows = new Uint32Array(n);
  let keptCount = 0;
  {
    const O = rows.fields.open, H = rows.fields.high, L = rows.fields.low, C = rows.fields.close;
    const volumes = VOLUME_FIELDS.map((field) => rows.fields[field]).filter((column) => column.length > 0);
    for (let i = 0; i < n; i++) {
      const o = O[i], h = H[i], l = L[i], c = C[i];
      // NaN fails every comparison; h < Infinity with h >= o, c >= l > 0 bounds all four prices.
      let valid = l > 0 && h < Infinity && h >= o && h >= c && l <= o && l <= c;
      for (let k = 0; valid && k < volumes.length; k++) {
        const v = volumes[k][i];
        valid = v >= 0 && v < Infinity;
      }
      if (valid) {
        keptRows[keptCount++] = i;
        continue;
      }
      const problem = checkRow(rows, i, present);
      if (problem) rejectRow(rows, rows.line[i], problem.reason, problem.detail);
      else keptRows[keptCount++] = i;
    }
  }
  sections.rows.rejected = rows.rejectedCount;
  sections.rows.rejectedByReason = { ...rows.rejectedByReason };
  if (rows.rowsRead === 0) return fail(`${fileName}: no data rows (empty file or header only)`);
  const share = rows.rejectedCount / rows.rowsRead;
  if (share > policy.maxRejectedShare) {
    const first = rows.rejectedRows[0];
    return fail(
      `${fileName}: ${rows.rejectedCount} of ${rows.rowsRead} rows (${(share * 100).toFixed(1)}%) were rejected, over the ${(policy.maxRejectedShare * 100).toFixed(1)}% threshold` +
        (first ? `; first at line ${first.line}: ${first.reason} (${first.detail})` : ''),
    );
  }
  if (keptCount === 0) return fail(`${fileName}: no valid rows`);
  throwIfCancelled(context.signal);

  // 2. Time order (stable: rows with equal times keep their file order for the duplicate policy).
  const time = rows.time;
  let order = keptRows.subarray(0, keptCount);
  let runningMax = -Infinity;
  let outOfOrder = 0;
  for (let k = 0; k < order.length; k++) {
    const t = time[order[k]];
    if (t < runningMax) outOfOrder++;
    else runningMax = t;
  }
  if (outOfOrder > 0) {
    order = order.sort((a, b) => time[a] - time[b] || a - b);
    sections.order = { wasSorted: false, outOfOrderRows: outOfOrder };
    notes.push(`${outOfOrder} rows were out of time order; the rows were sorted by open time`);
  }

  // 3. Timeframe: named (option, file name, folder) or inferred from the most common step.
  const spacing = summarizeSpacing(time, order);
  const inferred = spacing.modeMs === null ? null : timeframeOfStep(spacing.modeMs);
  let timeframe: Timeframe;
  let source: ImportReport['timeframeSource'];
  const hint = context.timeframeHint;
  if (hint) {
    timeframe = hint.timeframe;
    source = hint.source;
    if (spacing.modeMs !== null && spacing.modeMs !== timeframeMs(timeframe) && spacing.modeCount * 2 > spacing.steps) {
      return fail(
        `${fileName}: the ${hint.source === 'option' ? 'requested' : hint.source === 'path' ? 'folder' : 'file name'}'s timeframe is ${timeframe}, but most bars (${spacing.modeCount} of ${spacing.steps} steps) are ${describeDuration(spacing.modeMs)} apart`,
        timeframe,
        source,
      );
    }
  } else {
    if (spacing.modeMs === null) return fail(`${fileName}: the timeframe cannot be inferred from a single distinct open time; name it (option timeframe)`);
    if (!inferred) {
      return fail(
        `${fileName}: the timeframe cannot be inferred: the most common step between bars is ${describeDuration(spacing.modeMs)} (${spacing.modeCount} of ${spacing.steps} steps), which is not one of ${TIMEFRAMES.join(', ')}`,
      );
    }
    timeframe = inferred;
    source = 'inferred';
  }
  const stepMs = timeframeMs(timeframe);

  // 4. Alignment: every open time on a bucket boundary, or the file is refused.
  const misaligned = misalignedPositions(time, order, timeframe, 3);
  if (misaligned.count > 0) {
    const examples = misaligned.first.map((k) => `line ${rows.line[order[k]]}: ${ISO(time[order[k]])}`).join('; ');
    return fail(`${fileName}: ${misaligned.count} of ${order.length} open times are not aligned to ${timeframe} boundaries (UTC${timeframe === '1w' ? ', weeks from Monday' : ''}), e.g. ${examples}`, timeframe, source);
  }
  throwIfCancelled(context.signal);

  // 5. Duplicates: identical rows merged; conflicting rows resolved by the policy.
  const unique = new Uint32Array(order.length);
  let uniqueCount = 0;
  const dup = sections.duplicates;
  for (let k = 0; k < order.length; ) {
    let end = k + 1;
    const t = time[order[k]];
    while (end < order.length && time[order[end]] === t) end++;
    if (end - k === 1) {
      unique[uniqueCount++] = order[k];
    } else {
      const keptRow = policy.duplicatePolicy === 'first-wins' ? order[k] : order[end - 1];
      const differing: string[] = [];
      let conflicting = 0;
      for (let j = k; j < end; j++) {
        const row = order[j];
        if (row === keptRow) continue;
        if (sameRow(rows, row, keptRow, present, differing)) dup.identicalMerged++;
        else conflicting++;
      }
      if (conflicting > 0) {
        dup.conflictingTimes++;
        dup.conflictingRowsDropped += conflicting;
        const conflict: DuplicateConflict = { timeMs: time[keptRow], lines: [], keptLine: rows.line[keptRow], fields: differing };
        for (let j = k; j < end; j++) conflict.lines.push(rows.line[order[j]]);
        pushCapped(dup.conflicts, conflict);
      }
      unique[uniqueCount++] = keptRow;
    }
    k = end;
  }
  if (dup.identicalMerged > 0) notes.push(`${dup.identicalMerged} duplicate rows identical to another row with the same open time were merged`);
  if (dup.conflictingTimes > 0) {
    if (policy.duplicatePolicy === 'refuse') {
      const c = dup.conflicts[0];
      return fail(`${fileName}: ${dup.conflictingTimes} open times have conflicting rows (e.g. ${ISO(c.timeMs)} at lines ${c.lines.join(', ')}, differing in ${c.fields.join(', ')}) and the duplicate policy is 'refuse'`, timeframe, source);
    }
    notes.push(`${dup.conflictingTimes} open times had conflicting rows; ${policy.duplicatePolicy === 'last-wins' ? 'the last occurrence' : 'the first occurrence'} was kept (${dup.conflictingRowsDropped} rows dropped)`);
  }

  // 6. Unfinished candles (dropped or kept flagged INCOMPLETE) and early closes (kept, listed).
  const final = new Uint32Array(uniqueCount);
  let finalCount = 0;
  let incomplete: Set<number> | null = null;
  for (let k = 0; k < uniqueCount; k++) {
    const row = unique[k];
    const t = time[row];
    const scheduledClose = t + stepMs - 1;
    const closeTime = rows.hasCloseTime ? rows.closeTime[row] : scheduledClose;
    let reason: UnfinishedBar['reason'] | null = null;
    if (context.periodEndMs !== undefined && Math.max(closeTime, scheduledClose) >= context.periodEndMs) reason = 'after-file-end';
    else if (closeTime > nowMs || scheduledClose > nowMs) reason = 'in-future';
    if (reason) {
      sections.unfinished.count++;
      pushCapped(sections.unfinished.bars, { timeMs: t, closeTimeMs: closeTime, line: rows.line[row], reason });
      if (policy.unfinished === 'drop') continue;
      (incomplete ??= new Set()).add(row);
    } else if (closeTime < scheduledClose) {
      sections.earlyClose.count++;
      pushCapped(sections.earlyClose.bars, { timeMs: t, closeTimeMs: closeTime, line: rows.line[row] });
    }
    final[finalCount++] = row;
  }
  if (sections.unfinished.count > 0) {
    notes.push(`${sections.unfinished.count} unfinished bars (close time after the file's period or in the future) ${policy.unfinished === 'drop' ? 'were dropped' : 'were kept, flagged incomplete'}`);
  }
  if (sections.earlyClose.count > 0) {
    const b = sections.earlyClose.bars[0];
    notes.push(`${sections.earlyClose.count} bars closed before the end of their interval (e.g. ${ISO(b.timeMs)} closed at ${ISO(b.closeTimeMs)}): an exchange halt; kept as published`);
  }
  if (finalCount === 0) return fail(`${fileName}: no finished bars remain (all ${uniqueCount} are unfinished)`, timeframe, source);

  // 7. Gaps, and the optional filler for short ones.
  const finalTimes = new Float64Array(finalCount);
  for (let k = 0; k < finalCount; k++) finalTimes[k] = time[final[k]];
  const gaps = findGaps(finalTimes, stepMs, policy.fillGaps, policy.fillMaxBars);
  sections.gaps = { ...sections.gaps, count: gaps.count, missingBars: gaps.missingBars, filledGaps: gaps.filledGaps, syntheticBars: gaps.syntheticBars, list: gaps.list };
  if (gaps.count > 0) {
    notes.push(`${gaps.count} gaps, ${gaps.missingBars} missing bars` + (policy.fillGaps ? `; ${gaps.filledGaps} gaps of ≤ ${policy.fillMaxBars} bars filled with ${gaps.syntheticBars} flat zero-volume synthetic bars` : '; not filled'));
  }

  // 8. Assemble the candles: output position of every kept row, then one gather per column.
  const total = finalCount + gaps.syntheticBars;
  const candles = allocateCandles(total);
  const outIndex = new Uint32Array(finalCount);
  let out = 0;
  for (let k = 0; k < finalCount; k++) {
    if (k > 0 && policy.fillGaps) {
      const missing = Math.round((finalTimes[k] - finalTimes[k - 1]) / stepMs) - 1;
      if (missing > 0 && missing <= policy.fillMaxBars) {
        const previousClose = rows.fields.close[final[k - 1]];
        for (let m = 1; m <= missing; m++) {
          candles.time[out] = finalTimes[k - 1] + m * stepMs;
          candles.open[out] = candles.high[out] = candles.low[out] = candles.close[out] = previousClose;
          candles.flags[out] = CANDLE_FLAG.SYNTHETIC;
          out++;
        }
      }
    }
    outIndex[k] = out++;
  }
  const gather = (source: Float64Array, target: Float64Array): void => {
    for (let k = 0; k < finalCount; k++) target[outIndex[k]] = source[final[k]];
  };
  gather(time, candles.time);
  for (const field of CANDLE_FIELDS) if (rows.fields[field].length > 0) gather(rows.fields[field], candles[field]);
  if (incomplete) for (let k = 0; k < finalCount; k++) if (incomplete.has(final[k])) candles.flags[outIndex[k]] = CANDLE_FLAG.INCOMPLETE;
  if (rows.fields.volume.length > 0) {
    const { open: O, high: H, low: L, close: C, volume: V } = rows.fields;
    for (let k = 0; k < finalCount; k++) {
      const row = final[k];
      if (V[row] === 0 && O[row] === H[row] && H[row] === L[row] && L[row] === C[row]) {
        sections.flatZeroVolume.count++;
        pushCapped(sections.flatZeroVolume.timesMs, time[row]);
      }
    }
  }
  if (sections.flatZeroVolume.count > 0) notes.push(`${sections.flatZeroVolume.count} flat zero-volume bars (O = H = L = C, volume 0): likely exchange outages; kept as published`);

  // An export without close times cannot show an unfinished last bar; flag a suspiciously thin one.
  if (!rows.hasCloseTime && rows.fields.volume.length > 0 && finalCount > 31) {
    const last = final[finalCount - 1];
    const previous = Array.from(final.subarray(finalCount - 31, finalCount - 1), (row) => rows.fields.volume[row]).sort((a, b) => a - b);
    const median = (previous[14] + previous[15]) / 2;
    const ratio = median > 0 ? rows.fields.volume[last] / median : 1;
    if (ratio < 0.25) {
      notes.push(`the last bar (${ISO(time[last])}) has ${(ratio * 100).toFixed(0)}% of the median volume of the 30 bars before it: it may have been exported before it closed (the file has no close-time column to tell); kept`);
    }
  }

  sections.rows.accepted = finalCount;
  sections.bars = total;
  sections.firstTimeMs = candles.time[0];
  sections.lastTimeMs = candles.time[total - 1];
  return { candles, timeframe, timeframeSource: source, sections, notes };
}
