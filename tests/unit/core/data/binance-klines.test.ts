// Binance kline archives as they come: every layout in ../shared/data/binance/SOURCES.md (spot and
// futures, daily zips and monthly CSVs, with/without header, CRLF, ms and µs) and its real defects.
import { describe, expect, it } from 'vitest';
import { CANDLE_FLAG } from '../../../../core/series/candles.ts';
import { FILES, NOW, parseShared, parseText, readBytes, rejection, utc, zipOf, zipText } from './shared-files.ts';
import { parseCandleFile } from '../../../../core/data/parse-candle-file.ts';
import { sha256Hex } from '../../../../core/data/sha256.ts';

describe('Binance spot daily 1m zips (12 columns, no header, ms)', () => {
  it('reads all 1,440 bars of 2020-01-01 with every column and the archive sha256', async () => {
    const { candles, report, symbol, timeframe, market } = await parseShared(FILES.spot1m20200101);
    expect([symbol, timeframe, market]).toEqual(['BTCUSDT', '1m', 'spot']);
    expect(report.format).toBe('binance-klines');
    expect(report.container).toBe('zip');
    expect(report.member).toBe('BTCUSDT-1m-2020-01-01.csv');
    expect(report.sha256).toBe('dd579c62368ded93d3f01a1904575b932279e32936e181c062763e605793c1c2');
    expect(report.header).toBeNull();
    expect(report.timestampUnit).toBe('ms');
    expect(report.rows).toMatchObject({ read: 1440, accepted: 1440, rejected: 0 });
    expect(report.columnsPresent).toEqual(['open', 'high', 'low', 'close', 'volume', 'quoteVolume', 'trades', 'takerBuyBase', 'takerBuyQuote']);
    expect(candles.time[0]).toBe(utc('2020-01-01T00:00:00'));
    expect(candles.time[1439]).toBe(utc('2020-01-01T23:59:00'));
    expect(report.gaps.count).toBe(0);
    expect(report.unfinished.count).toBe(0);
    // First row of the member, field by field.
    const first = zipText(FILES.spot1m20200101).split('\n')[0].split(',').map(Number);
    expect([candles.open[0], candles.high[0], candles.low[0], candles.close[0], candles.volume[0]]).toEqual(first.slice(1, 6));
    expect([candles.quoteVolume[0], candles.trades[0], candles.takerBuyBase[0], candles.takerBuyQuote[0]]).toEqual(first.slice(7, 11));
  });

  it('agrees with the .CHECKSUM files for all three lostleaf zips', async () => {
    for (const file of [FILES.spot1m20200101, FILES.spot1m20200102, FILES.spot1m20200103]) {
      const expected = readBytes(`${file}.CHECKSUM`);
      const hex = new TextDecoder().decode(expected).split(/\s+/)[0];
      expect(sha256Hex(readBytes(file))).toBe(hex);
      expect((await parseShared(file)).report.sha256).toBe(hex);
    }
  });

  it('reads the unzipped CSV (the head32 prefix) the same way', async () => {
    const { candles, report } = await parseShared(FILES.spot1mHead32);
    expect(report.container).toBe('none');
    expect(report.rows.accepted).toBe(32);
    expect(candles.time[0]).toBe(utc('2024-12-31T00:00:00'));
    expect(candles.open[0]).toBe(92792.05);
    expect(candles.trades[0]).toBe(1660);
  });
});

describe('microsecond timestamps (spot from 2025-01-01)', () => {
  it('detects 16-digit µs in the real 2025-01-02 spot zip and converts to ms', async () => {
    const { candles, report } = await parseShared(FILES.spot1mUs20250102);
    expect(report.timestampUnit).toBe('us');
    expect(report.timestampFormat).toBe('epoch microseconds');
    expect(report.rows.accepted).toBe(1440);
    expect(candles.time[0]).toBe(utc('2025-01-02T00:00:00'));
    expect(candles.time[1439]).toBe(utc('2025-01-02T23:59:00'));
    expect(report.earlyClose.count).toBe(0); // …059999999 µs is not an early close
    expect(report.unfinished.count).toBe(0);
  });

  it('a µs fixture built from the real ms rows parses to the same candles', async () => {
    const msText = zipText(FILES.spot1m20200101);
    const usText = msText
      .trim()
      .split('\n')
      .map((line) => {
        const f = line.split(',');
        f[0] = `${f[0]}000`;
        f[6] = `${f[6]}999`;
        return f.join(',');
      })
      .join('\n');
    expect(usText.split('\n')[0].split(',')[0]).toHaveLength(16);
    const ms = await parseShared(FILES.spot1m20200101);
    const us = await parseCandleFile(zipOf('BTCUSDT-1m-2020-01-01.csv', usText), 'BTCUSDT-1m-2020-01-01.zip', { nowMs: NOW });
    expect(us.report.timestampUnit).toBe('us');
    expect(Array.from(us.candles.time)).toEqual(Array.from(ms.candles.time));
    expect(Array.from(us.candles.close)).toEqual(Array.from(ms.candles.close));
    expect(us.report.earlyClose.count).toBe(0);
  });
});

describe('USD-M futures daily zip (header, ms, 1–2 decimals)', () => {
  it('skips the header, keeps ms, infers market usd-m from the folder', async () => {
    const { candles, report, market } = await parseShared(FILES.futures1m20250102);
    expect(market).toBe('usd-m');
    expect(report.header?.[0]).toBe('open_time');
    expect(report.timestampUnit).toBe('ms');
    expect(report.rows).toMatchObject({ read: 1440, accepted: 1440 });
    expect(report.sha256.startsWith('e4d9e1b9')).toBe(true);
    expect(candles.open[0]).toBe(94580.9);
    expect(candles.time[0]).toBe(utc('2025-01-02T00:00:00'));
  });

  it('refuses the funding-rate archive as not klines', async () => {
    const error = await rejection(parseShared(FILES.funding202001));
    expect(error.code).toBe('E_BAD_INPUT');
    expect(error.message).toMatch(/fundingRate file, not klines/);
    // Renamed, it is caught by its header instead.
    const renamed = await rejection(parseCandleFile(readBytes(FILES.funding202001), 'data.zip', { nowMs: NOW }));
    expect(renamed.message).toMatch(/funding-rate file/);
  });
});

describe('Binance spot 1h monthly CSVs (headers, CRLF)', () => {
  it('reads the CRLF file with the spreadsheet header (Opentime,…)', async () => {
    const { candles, report } = await parseShared(FILES.spot1h202201Crlf);
    expect(report.lineEnding).toBe('CRLF');
    expect(report.header?.[0]).toBe('Opentime');
    expect(report.format).toBe('binance-klines');
    expect(report.rows).toMatchObject({ read: 744, accepted: 744, rejected: 0 });
    expect(candles.time[0]).toBe(utc('2022-01-01T00:00:00'));
    expect(candles.time[743]).toBe(utc('2022-01-31T23:00:00'));
    expect(candles.open[0]).toBe(46216.93);
    expect(candles.takerBuyQuote[743]).toBe(10685983.4076992);
  });

  it('2023-03: the spot halt — flat zero-volume 12:00 bar, early close 12:39:41.646, 13:00 missing', async () => {
    const { candles, report } = await parseShared(FILES.spot1h2023('03'));
    expect(report.rows).toMatchObject({ read: 743, accepted: 743, rejected: 0 });
    expect(report.earlyClose.count).toBe(1);
    expect(report.earlyClose.bars[0]).toEqual({ timeMs: utc('2023-03-24T12:00:00'), closeTimeMs: 1679661581646, line: 566 });
    expect(report.flatZeroVolume).toEqual({ count: 1, timesMs: [utc('2023-03-24T12:00:00')] });
    expect(report.gaps.count).toBe(1);
    expect(report.gaps.list[0]).toEqual({ fromMs: utc('2023-03-24T13:00:00'), toMs: utc('2023-03-24T13:00:00'), missingBars: 1, filled: false });
    expect(report.unfinished.count).toBe(0); // an early close is not an unfinished candle
    const halt = candles.time.indexOf(utc('2023-03-24T12:00:00'));
    expect([candles.open[halt], candles.high[halt], candles.low[halt], candles.close[halt], candles.volume[halt]]).toEqual([28080, 28080, 28080, 28080, 0]);
    expect(candles.time[halt + 1]).toBe(utc('2023-03-24T14:00:00'));
  });

  it('2023-03 with gap filling: the missing 13:00 becomes one SYNTHETIC flat bar', async () => {
    const { candles, report } = await parseShared(FILES.spot1h2023('03'), { fillGaps: true });
    expect(report.gaps).toMatchObject({ count: 1, filledGaps: 1, syntheticBars: 1 });
    expect(report.rows.accepted).toBe(743);
    expect(report.bars).toBe(744);
    const k = candles.time.indexOf(utc('2023-03-24T13:00:00'));
    expect(candles.flags[k]).toBe(CANDLE_FLAG.SYNTHETIC);
    expect([candles.open[k], candles.close[k], candles.volume[k]]).toEqual([candles.close[k - 1], candles.close[k - 1], 0]);
  });

  it('every intabyu month reads completely (744/672/743/720/744)', async () => {
    const counts = [];
    for (const month of ['01', '02', '03', '04', '05']) counts.push((await parseShared(FILES.spot1h2023(month))).report.rows.accepted);
    expect(counts).toEqual([744, 672, 743, 720, 744]);
  });
});

describe('unfinished candles', () => {
  it('a bar whose close time is after the daily file end is dropped and listed', async () => {
    const text = zipText(FILES.spot1m20200101).trim().split('\n');
    // Append the first bar of the next day (from the 2020-01-02 file) to the 2020-01-01 file.
    const next = zipText(FILES.spot1m20200102).split('\n')[0];
    const { report, candles } = await parseCandleFile(zipOf('BTCUSDT-1m-2020-01-01.csv', [...text, next].join('\n')), 'BTCUSDT-1m-2020-01-01.zip', { nowMs: NOW });
    expect(report.unfinished.count).toBe(1);
    expect(report.unfinished.bars[0]).toMatchObject({ timeMs: utc('2020-01-02T00:00:00'), reason: 'after-file-end', line: 1441 });
    expect(candles.time.length).toBe(1440);
  });

  it('a bar closing after "now" is dropped by default, kept flagged INCOMPLETE on request', async () => {
    const nowMs = utc('2020-01-01T23:59:30'); // mid-way through the last bar
    const dropped = await parseShared(FILES.spot1m20200101, { nowMs });
    expect(dropped.report.unfinished).toMatchObject({ policy: 'drop', count: 1 });
    expect(dropped.report.unfinished.bars[0]).toMatchObject({ timeMs: utc('2020-01-01T23:59:00'), reason: 'in-future' });
    expect(dropped.candles.time.length).toBe(1439);
    const kept = await parseShared(FILES.spot1m20200101, { nowMs, unfinished: 'keep' });
    expect(kept.candles.time.length).toBe(1440);
    expect(kept.candles.flags[1439]).toBe(CANDLE_FLAG.INCOMPLETE);
  });

  it('an export without close times: a thin last bar is noted, never silently dropped', async () => {
    const { report } = await parseShared(FILES.export('yanniedog__binance-historical-OHLCV-data', 'BTCUSDT_4h.csv'));
    expect(report.lastTimeMs).toBe(utc('2026-01-06T12:00:00'));
    expect(report.notes.some((n) => n.includes('2026-01-06T12:00:00.000Z') && n.includes('before it closed'))).toBe(true);
  });
});

describe('6- and 10-column prefixes of the kline layout', () => {
  it('reads 6 columns (no close time) and 10 columns; absent columns are 0 and listed', async () => {
    const lines = zipText(FILES.spot1m20200101).trim().split('\n').slice(0, 100);
    for (const width of [6, 10]) {
      const text = lines.map((l) => l.split(',').slice(0, width).join(',')).join('\n');
      const { candles, report } = await parseText(text, 'BTCUSDT-1m-2020-01-01.csv');
      expect(report.columnCount).toBe(width);
      expect(report.rows.accepted).toBe(100);
      expect(report.columnsPresent.includes('quoteVolume')).toBe(width >= 8);
      expect(report.columnsPresent.includes('takerBuyQuote')).toBe(false);
      expect(candles.takerBuyQuote[0]).toBe(0);
      expect(candles.close[99]).toBe(Number(lines[99].split(',')[4]));
    }
  });
});
