// Generic candle CSVs: the real third-party exports (6/7 columns, ISO with and without offset,
// dates, ms), delimiter detection, explicit column mapping, .csv.gz, epoch units by magnitude.
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseCandleFile } from '../../../../core/data/parse-candle-file.ts';
import { AZMATH, FILES, NOW, SATER8, TAHA, YANNIEDOG, bytesOf, parseShared, parseText, readBytes, rejection, utc } from './shared-files.ts';

describe('real exports', () => {
  it('yanniedog 4h: naive date-times treated as UTC (stated), CRLF, the 8 known 4h gaps (16 bars)', async () => {
    const { report, candles } = await parseShared(FILES.export(YANNIEDOG, 'BTCUSDT_4h.csv'));
    expect(report.format).toBe('generic-csv');
    expect(report.lineEnding).toBe('CRLF');
    expect(report.timestampFormat).toBe('date-time without zone (treated as UTC)');
    expect(report.notes).toContain('open times carry no time zone; they were treated as UTC');
    expect(report.rows.accepted).toBe(18371);
    expect(report.gaps.count).toBe(8);
    expect(report.gaps.missingBars).toBe(16);
    expect(report.gaps.list[0]).toEqual({ fromMs: utc('2018-02-08T04:00:00'), toMs: utc('2018-02-09T04:00:00'), missingBars: 7, filled: false });
    expect(report.gaps.list.map((g) => g.missingBars)).toEqual([7, 2, 1, 1, 1, 2, 1, 1]);
    expect(report.flatZeroVolume.timesMs).toEqual([utc('2017-09-06T16:00:00')]);
    expect(candles.time[0]).toBe(utc('2017-08-17T04:00:00'));
    expect(candles.open[0]).toBe(4261.48);
    expect(report.columnsPresent).toEqual(['open', 'high', 'low', 'close', 'volume']);
    expect(report.notes.some((n) => n.includes('stored as 0: quoteVolume, trades, takerBuyBase, takerBuyQuote'))).toBe(true);
  });

  it('yanniedog 1d: date only → 00:00 UTC; known price 2024-03-14', async () => {
    const { report, candles } = await parseShared(FILES.export(YANNIEDOG, 'BTCUSDT_1d.csv'));
    expect(report.timestampFormat).toBe('date only (00:00 UTC)');
    expect(report.timeframe).toBe('1d');
    const k = candles.time.indexOf(utc('2024-03-14T00:00:00'));
    expect(candles.open[k]).toBe(73072.4);
    expect(candles.high[k]).toBe(73777);
  });

  it('yanniedog SOL 1h: 10 gaps / 20 hours and the two flat zero-volume bars', async () => {
    const { report } = await parseShared(FILES.export(YANNIEDOG, 'SOLUSDT_1h.csv'));
    expect(report.rows.accepted).toBe(47360);
    expect(report.gaps).toMatchObject({ count: 10, missingBars: 20 });
    expect(report.gaps.list.at(-1)).toMatchObject({ fromMs: utc('2023-03-24T13:00:00'), missingBars: 1 });
    expect(report.flatZeroVolume.timesMs).toEqual([utc('2021-02-11T03:00:00'), utc('2023-03-24T12:00:00')]);
  });

  it('sater8 "Open Time" header; the last 4 of the 4h gaps (5 bars)', async () => {
    const { report } = await parseShared(FILES.export(SATER8, 'BTCUSDT_4h.csv'));
    expect(report.columnMapping.time).toBe('Open Time');
    expect(report.rows.accepted).toBe(15035);
    expect(report.gaps).toMatchObject({ count: 4, missingBars: 5 });
  });

  it('azmath: ISO with +00:00 offset; SOL 2022-12-31 known prices via the yanniedog 1d', async () => {
    const { report } = await parseShared(FILES.export(AZMATH, 'BTCUSDT_1h.csv'));
    expect(report.timestampFormat).toBe('ISO 8601 with UTC offset');
    expect(report.firstTimeMs).toBe(utc('2024-04-16T01:00:00'));
    expect(report.rows.accepted).toBe(17520);
    const sol = await parseShared(FILES.export(YANNIEDOG, 'SOLUSDT_1d.csv'));
    const k = sol.candles.time.indexOf(utc('2022-12-31T00:00:00'));
    expect([sol.candles.open[k], sol.candles.low[k], sol.candles.close[k]]).toEqual([9.91, 9.66, 9.97]);
  });

  it('taha: 7 columns, ms first and an unused ISO column last', async () => {
    const { report, candles } = await parseShared(FILES.export(TAHA, 'ETHUSDT_4h.csv'));
    expect(report.timestampUnit).toBe('ms');
    expect(report.columnMapping.time).toBe('timestamp');
    expect(report.notes).toContain('unused columns: datetime');
    expect(report.rows.accepted).toBe(8761);
    expect(candles.time[0]).toBe(utc('2021-07-16T20:00:00'));
  });
});

describe('timestamp notations and units', () => {
  const rows = (times: string[]): string => ['time,open,high,low,close,volume', ...times.map((t, i) => `${t},${100 + i},${101 + i},${99 + i},${100.5 + i},${10 + i}`)].join('\n');
  const hours = [0, 1, 2, 3].map((h) => Date.UTC(2024, 0, 1, h));
  const cases: [string, string[], string, string | null][] = [
    ['epoch seconds', hours.map((t) => String(t / 1000)), 'epoch seconds', 's'],
    ['epoch ms', hours.map(String), 'epoch milliseconds', 'ms'],
    ['epoch µs', hours.map((t) => `${t}000`), 'epoch microseconds', 'us'],
    ['ISO Z', hours.map((t) => new Date(t).toISOString()), 'ISO 8601 UTC (Z)', null],
    ['ISO T no zone', hours.map((t) => new Date(t).toISOString().slice(0, 19)), 'date-time without zone (treated as UTC)', null],
    ['ISO +02:00', hours.map((t) => new Date(t + 7_200_000).toISOString().slice(0, 19) + '+02:00'), 'ISO 8601 with UTC offset', null],
    ['ISO -0530 compact', hours.map((t) => new Date(t - 19_800_000).toISOString().slice(0, 19) + '-0530'), 'ISO 8601 with UTC offset', null],
    ['slashes, minutes only', hours.map((t) => new Date(t).toISOString().slice(0, 16).replace(/-/g, '/').replace('T', ' ')), 'date-time without zone (treated as UTC)', null],
    ['fractional seconds', hours.map((t) => new Date(t).toISOString().replace('.000Z', '.000000Z')), 'ISO 8601 UTC (Z)', null],
  ];
  for (const [label, times, format, unit] of cases) {
    it(`${label} → the same UTC hours`, async () => {
      const { candles, report } = await parseText(rows(times), 'x.csv');
      expect(Array.from(candles.time)).toEqual(hours);
      expect(report.timestampFormat).toBe(format);
      expect(report.timestampUnit).toBe(unit);
      expect(report.timeframe).toBe('1h');
      expect(report.timeframeSource).toBe('inferred');
    });
  }

  it('mixed ms and µs rows: each converted by magnitude, reported as mixed', async () => {
    const { candles, report } = await parseText(rows([String(hours[0]), `${hours[1]}000`, String(hours[2]), `${hours[3]}000`]), 'x.csv');
    expect(Array.from(candles.time)).toEqual(hours);
    expect(report.timestampUnit).toBe('mixed');
    expect(report.notes.some((n) => n.startsWith('open times mix units'))).toBe(true);
  });
});

describe('layout detection and mapping', () => {
  const base = 'timestamp,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,10\n2024-01-02,1.5,2,1,1.8,11\n2024-01-03,1.8,2.2,1.7,2,12\n';
  it.each([
    ['semicolon', ';'],
    ['tab', '\t'],
    ['pipe', '|'],
  ])('detects the %s delimiter', async (_, delimiter) => {
    const { report, candles } = await parseText(base.replace(/,/g, delimiter), 'x.csv');
    expect(report.delimiter).toBe(delimiter);
    expect(Array.from(candles.close)).toEqual([1.5, 1.8, 2]);
  });

  it('honours quotes, a BOM, trailing blank lines and spaces around numbers', async () => {
    const text = '\ufeff"Date","Open","High","Low","Close","Volume"\r\n"2024-01-01", 1 ,2,0.5,1.5,10\r\n"2024-01-02",1.5,2,1,1.8,11\r\n\r\n\r\n';
    const { report, candles } = await parseText(text, 'x.csv');
    expect(report.rows).toMatchObject({ read: 2, accepted: 2, blankLines: 2 });
    expect(candles.open[0]).toBe(1);
  });

  it('an explicit mapping overrides the header (by name and by index)', async () => {
    const text = 'when,px_o,px_h,px_l,px_c,qty,sym\n2024-01-01,1,2,0.5,1.5,10,ETHUSDT\n2024-01-02,1.5,2,1,1.8,11,ETHUSDT\n';
    const error = await rejection(parseText(text, 'x.csv'));
    expect(error.message).toMatch(/no time, open, high, low, close column in the header/);
    const { report, symbol } = await parseText(text, 'x.csv', { timeframe: '1d', columns: { time: 'when', open: 1, high: 'px_h', low: 'PX_L', close: 4, volume: 'qty', symbol: 6 } });
    expect(symbol).toBe('ETHUSDT');
    expect(report.columnMapping).toMatchObject({ time: 'when', open: 'px_o', low: 'px_l', symbol: 'sym' });
    expect(report.timeframeSource).toBe('option');
  });

  it('a headerless file with a mapping by index', async () => {
    const text = '1.5,1,2,0.5,2024-01-01\n1.8,1.5,2,1,2024-01-02\n';
    const { candles } = await parseText(text, 'x.csv', { columns: { close: 0, open: 1, high: 2, low: 3, time: 4 } });
    expect(Array.from(candles.close)).toEqual([1.5, 1.8]);
    expect(candles.volume[0]).toBe(0);
  });

  it('.csv.gz is decompressed and named without .gz', async () => {
    const gz = gzipSync(readBytes(FILES.export(YANNIEDOG, 'SOLUSDT_1d.csv')));
    const { report } = await parseCandleFile(gz, 'SOLUSDT_1d.csv.gz', { nowMs: NOW });
    expect(report.container).toBe('gzip');
    expect(report.rows.accepted).toBe(1975);
    expect(report.symbol).toBe('SOLUSDT');
  });

  it('a symbol column that disagrees with the file name is refused unless allowed', async () => {
    const text = 'time,symbol,open,high,low,close,volume\n2024-01-01,ETHUSDT,1,2,0.5,1.5,10\n2024-01-02,ETHUSDT,1.5,2,1,1.8,11\n';
    const error = await rejection(parseText(text, 'BTCUSDT_1d.csv'));
    expect(error.code).toBe('E_REFUSED');
    expect(error.message).toMatch(/symbol mismatch: BTCUSDT vs ETHUSDT/);
    const allowed = await parseText(text, 'BTCUSDT_1d.csv', { allowSymbolMismatch: true });
    expect(allowed.symbol).toBe('ETHUSDT');
    expect(allowed.report.symbolCheck).toEqual({ fileName: 'BTCUSDT', contents: ['ETHUSDT'], mismatch: true });
  });

  it('several instruments in one symbol column are refused', async () => {
    const text = 'time,symbol,open,high,low,close\n2024-01-01,ETHUSDT,1,2,0.5,1.5\n2024-01-02,BTCUSDT,1.5,2,1,1.8\n';
    const error = await rejection(parseText(text, 'x.csv', { symbol: 'ETHUSDT' }));
    expect(error.message).toMatch(/several instruments \(ETHUSDT, BTCUSDT\)/);
  });

  it('bytesOf round trip helper sanity', () => {
    expect(bytesOf('a').length).toBe(1);
  });
});
