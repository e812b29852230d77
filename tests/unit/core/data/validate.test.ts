// The validation and repair policy on defect fixtures built from real rows (SOURCES.md: duplicated
// spans, conflicting duplicates, concatenated overlapping files, misaligned times), with the
// report's counts checked to add up: read = accepted + rejected + merged + dropped.
import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../../core/data/import-report.ts';
import { parseCandleFile } from '../../../../core/data/parse-candle-file.ts';
import { CANDLE_FLAG } from '../../../../core/series/candles.ts';
import { FILES, NOW, parseText, readBytes, rejection, utc, zipOf, zipText } from './shared-files.ts';

function accountedFor(report: ImportReport): number {
  return report.rows.accepted + report.rows.rejected + report.duplicates.identicalMerged + report.duplicates.conflictingRowsDropped + (report.unfinished.policy === 'drop' ? report.unfinished.count : 0);
}

const day1 = (): string[] => zipText(FILES.spot1m20200101).trim().split('\n');
const day2 = (): string[] => zipText(FILES.spot1m20200102).trim().split('\n');

describe('duplicates', () => {
  it('two overlapping real files concatenated: the overlap is merged as identical', async () => {
    // 2020-01-01 12:00 → 2020-01-02 23:59 followed by all of 2020-01-01: 720 bars overlap.
    const text = [...day1().slice(720), ...day2(), ...day1()].join('\n');
    const { candles, report } = await parseText(text, 'BTCUSDT-1m-concatenated.csv');
    expect(report.rows.read).toBe(720 + 1440 + 1440);
    expect(report.duplicates).toMatchObject({ identicalMerged: 720, conflictingTimes: 0 });
    expect(report.order).toEqual({ wasSorted: false, outOfOrderRows: 1440 });
    expect(candles.time.length).toBe(2880);
    expect(candles.time[0]).toBe(utc('2020-01-01T00:00:00'));
    expect(candles.time.every((t, i) => i === 0 || t - candles.time[i - 1] === 60_000)).toBe(true);
    expect(accountedFor(report)).toBe(report.rows.read);
  });

  it('a repeated span (a whole block published twice) is merged', async () => {
    const lines = day1();
    const text = [...lines.slice(0, 600), ...lines.slice(100, 400), ...lines.slice(600)].join('\n');
    const { report, candles } = await parseText(text, 'BTCUSDT-1m-2020-01-01.csv');
    expect(report.duplicates.identicalMerged).toBe(300);
    expect(candles.time.length).toBe(1440);
    expect(accountedFor(report)).toBe(report.rows.read);
  });

  it('a conflicting duplicate (one field changed): last wins by default, listed with lines and field', async () => {
    const lines = day1();
    const copy = lines[500].split(',');
    copy[4] = String(Number(copy[4]) + 1); // close +1
    copy[2] = String(Math.max(Number(copy[2]), Number(copy[4]))); // keep high ≥ close
    const text = [...lines, copy.join(',')].join('\n');
    const last = await parseText(text, 'BTCUSDT-1m-2020-01-01.csv');
    expect(last.report.duplicates).toMatchObject({ policy: 'last-wins', conflictingTimes: 1, conflictingRowsDropped: 1, identicalMerged: 0 });
    const conflict = last.report.duplicates.conflicts[0];
    expect(conflict).toMatchObject({ timeMs: Number(lines[500].split(',')[0]), lines: [501, 1441], keptLine: 1441 });
    expect(conflict.fields).toContain('close');
    expect(last.candles.close[500]).toBe(Number(copy[4]));
    const first = await parseText(text, 'BTCUSDT-1m-2020-01-01.csv', { duplicatePolicy: 'first-wins' });
    expect(first.candles.close[500]).toBe(Number(lines[500].split(',')[4]));
    expect(first.report.duplicates.conflicts[0].keptLine).toBe(501);
    const refused = await rejection(parseText(text, 'BTCUSDT-1m-2020-01-01.csv', { duplicatePolicy: 'refuse' }));
    expect(refused.code).toBe('E_REFUSED');
    expect(refused.message).toMatch(/conflicting rows .* lines 501, 1441, differing in .*close/);
  });
});

describe('row rejections', () => {
  const lines = (): string[] => zipText(FILES.spot1m20200101).trim().split('\n').slice(0, 200);
  const mutate = (rows: string[], index: number, column: number, value: string): void => {
    const f = rows[index].split(',');
    f[column] = value;
    rows[index] = f.join(',');
  };

  it('each bad row is rejected with its line and reason; the file is accepted under 5%', async () => {
    const rows = lines();
    mutate(rows, 10, 4, 'abc'); // unparseable close
    mutate(rows, 11, 1, 'NaN'); // non-finite open
    mutate(rows, 12, 5, '1e400'); // volume overflows to Infinity
    mutate(rows, 13, 3, '0'); // low 0
    mutate(rows, 14, 5, '-1'); // negative volume
    mutate(rows, 15, 2, '1'); // high below open/close
    mutate(rows, 16, 3, '99999999'); // low above open/close
    mutate(rows, 17, 0, 'yesterday'); // timestamp
    rows[18] = rows[18].split(',').slice(0, 9).join(','); // 9 columns
    const { report, candles } = await parseText(rows.join('\n'), 'BTCUSDT-1m-2020-01-01.csv', { maxRejectedShare: 0.05 });
    expect(report.rows.rejected).toBe(9);
    expect(report.rows.rejectedRows.map((r) => [r.line, r.reason])).toEqual([
      [11, 'unparseable'], [12, 'non-finite'], [13, 'non-finite'], [14, 'non-positive-price'], [15, 'negative-volume'],
      [16, 'high-below-open-close'], [17, 'low-above-open-close'], [18, 'bad-timestamp'], [19, 'column-count'],
    ]);
    expect(report.rows.rejectedRows[0].detail).toBe('close "abc" is not a number');
    expect(report.rows.rejectedRows[2].detail).toBe('volume is Infinity');
    expect(report.rows.rejectedByReason['non-finite']).toBe(2);
    expect(candles.time.length).toBe(191);
    expect(report.gaps.missingBars).toBe(9); // rejected rows leave gaps, listed, not filled
    expect(accountedFor(report)).toBe(report.rows.read);
  });

  it('over the threshold the whole file is refused, with the report attached', async () => {
    const rows = lines();
    for (let i = 0; i < 11; i++) mutate(rows, 20 + i, 4, '-5'); // 11 of 200 = 5.5%
    const error = await rejection(parseText(rows.join('\n'), 'BTCUSDT-1m-2020-01-01.csv'));
    expect(error.code).toBe('E_REFUSED');
    expect(error.message).toMatch(/11 of 200 rows \(5\.5%\) were rejected, over the 5\.0% threshold; first at line 21: non-positive-price/);
    const report = (error.details as { report: ImportReport }).report;
    expect(report.rows.rejected).toBe(11);
    expect(report.sha256).toHaveLength(64);
    const lenient = await parseText(rows.join('\n'), 'BTCUSDT-1m-2020-01-01.csv', { maxRejectedShare: 0.1 });
    expect(lenient.report.rows.accepted).toBe(189);
  });
});

describe('timeframe and alignment', () => {
  it('misaligned open times refuse the file and say what was found', async () => {
    const rows = zipText(FILES.spot1m20200101).trim().split('\n').slice(0, 60);
    const f = rows[30].split(',');
    f[0] = String(Number(f[0]) + 30_000);
    rows[30] = f.join(',');
    const error = await rejection(parseText(rows.join('\n'), 'BTCUSDT-1m-2020-01-01.csv'));
    expect(error.code).toBe('E_REFUSED');
    expect(error.message).toBe('BTCUSDT-1m-2020-01-01.csv: 1 of 60 open times are not aligned to 1m boundaries (UTC), e.g. line 31: 2020-01-01T00:30:30.000Z');
  });

  it('a spacing that is no timeframe (7 minutes) is refused with the spacing found', async () => {
    const text = ['time,open,high,low,close', ...Array.from({ length: 20 }, (_, i) => `${Date.UTC(2024, 0, 1) + i * 420_000},1,2,0.5,1.5`)].join('\n');
    const error = await rejection(parseText(text, 'x.csv'));
    expect(error.message).toBe('x.csv: the timeframe cannot be inferred: the most common step between bars is 7 minutes (19 of 19 steps), which is not one of 1m, 5m, 15m, 1h, 4h, 1d, 1w');
  });

  it('a file name that contradicts the spacing is refused', async () => {
    const error = await rejection(parseCandleFile(readBytes(FILES.spot1h2023('01')), 'BTCUSDT-1m-2023-01.csv', { nowMs: NOW }));
    expect(error.message).toMatch(/file name's timeframe is 1m, but most bars \(743 of 743 steps\) are 1 hour apart/);
  });

  it('an interval RegimeLab does not store is named in the refusal', async () => {
    const error = await rejection(parseCandleFile(readBytes(FILES.spot1h2023('01')), 'BTCUSDT-30m-2023-01.csv', { nowMs: NOW }));
    expect(error.message).toMatch(/interval 30m is not a timeframe RegimeLab stores/);
  });

  it('weekly bars must start on Monday', async () => {
    const monday = Date.UTC(2024, 0, 1);
    const bars = (start: number): string => ['time,open,high,low,close', ...Array.from({ length: 5 }, (_, i) => `${start + i * 604_800_000},1,2,0.5,1.5`)].join('\n');
    expect((await parseText(bars(monday), 'x.csv')).timeframe).toBe('1w');
    const error = await rejection(parseText(bars(monday - 86_400_000), 'x.csv'));
    expect(error.message).toMatch(/not aligned to 1w boundaries \(UTC, weeks from Monday\)/);
  });
});

describe('gaps and filling', () => {
  it('short gaps (≤ fillMaxBars) are filled SYNTHETIC, longer ones stay gaps; nothing is filled by default', async () => {
    const rows = zipText(FILES.spot1m20200101).trim().split('\n').slice(0, 100);
    const kept = rows.filter((_, i) => !(i === 10 || i === 20 || i === 21 || (i >= 30 && i < 33)));
    const plain = await parseText(kept.join('\n'), 'BTCUSDT-1m-2020-01-01.csv');
    expect(plain.report.gaps).toMatchObject({ count: 3, missingBars: 6, filledGaps: 0, syntheticBars: 0, fillEnabled: false });
    expect(plain.candles.flags.every((f) => f === 0)).toBe(true);
    const filled = await parseText(kept.join('\n'), 'BTCUSDT-1m-2020-01-01.csv', { fillGaps: true });
    expect(filled.report.gaps).toMatchObject({ count: 3, missingBars: 6, filledGaps: 2, syntheticBars: 3, fillMaxBars: 2 });
    expect(filled.report.gaps.list.map((g) => [g.missingBars, g.filled])).toEqual([[1, true], [2, true], [3, false]]);
    expect(filled.candles.time.length).toBe(94 + 3);
    const synthetic = Array.from(filled.candles.flags).flatMap((f, i) => (f === CANDLE_FLAG.SYNTHETIC ? [i] : []));
    expect(synthetic).toEqual([10, 20, 21]);
    expect(filled.candles.volume[10]).toBe(0);
    expect(filled.candles.open[10]).toBe(filled.candles.close[9]);
    const wide = await parseText(kept.join('\n'), 'BTCUSDT-1m-2020-01-01.csv', { fillGaps: true, fillMaxBars: 3 });
    expect(wide.report.gaps.syntheticBars).toBe(6);
  });
});

describe('sorting', () => {
  it('reversed rows are sorted, counted and noted', async () => {
    const rows = zipText(FILES.spot1m20200101).trim().split('\n').slice(0, 50).reverse();
    const { candles, report } = await parseText(rows.join('\n'), 'BTCUSDT-1m-2020-01-01.csv');
    expect(report.order).toEqual({ wasSorted: false, outOfOrderRows: 49 });
    expect(candles.time[0]).toBe(utc('2020-01-01T00:00:00'));
    expect(report.notes).toContain('49 rows were out of time order; the rows were sorted by open time');
  });
});

describe('progress and cancel', () => {
  it('reports increasing progress to 1 and cancels with E_CANCELLED', async () => {
    const bytes = zipOf('BTCUSDT-1m-2020-01-01.csv', Array.from({ length: 100 }, () => zipText(FILES.spot1m20200101)).join(''));
    const seen: number[] = [];
    const { report } = await parseCandleFile(bytes, 'BTCUSDT-1m-2020-01-01.zip', { nowMs: NOW, onProgress: (f) => seen.push(f) });
    expect(report.duplicates.identicalMerged).toBe(99 * 1440);
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1])).toBe(true);
    expect(seen.at(-1)).toBe(1);
    let calls = 0;
    const error = await rejection(parseCandleFile(bytes, 'BTCUSDT-1m-2020-01-01.zip', { nowMs: NOW, signal: { cancelled: () => ++calls > 2 } }));
    expect(error.code).toBe('E_CANCELLED');
  });
});
