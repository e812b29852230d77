// Which archives a date range needs: whole months monthly, the edges daily, in the
// data.binance.vision layout for each market; unpublished days clamped; bad dates refused.
import { describe, expect, it } from 'vitest';
import { archiveUrl, dailyArchivesOf, planKlineArchives } from '../../../../../main/services/download/archive-plan.ts';
import { parseChecksumFile } from '../../../../../main/services/download/fetch-archive.ts';

const NOW = Date.UTC(2026, 0, 15, 12);

describe('planning kline archives', () => {
  it('uses monthly archives for whole months and daily archives for the days around them', () => {
    const plan = planKlineArchives({ symbol: 'BTCUSDT', market: 'spot', interval: '1m', from: '2023-01-15', to: '2023-04-02' }, NOW);
    const labels = plan.archives.map((a) => `${a.period}:${a.label}`);
    expect(labels.filter((l) => l.startsWith('daily:2023-01'))).toHaveLength(17); // 15..31
    expect(labels.filter((l) => l.startsWith('monthly'))).toEqual(['monthly:2023-02', 'monthly:2023-03']);
    expect(labels.slice(-2)).toEqual(['daily:2023-04-01', 'daily:2023-04-02']);
    expect(plan.archives).toHaveLength(17 + 2 + 2);
    expect(plan.archives[17].path).toBe('data/spot/monthly/klines/BTCUSDT/1m/BTCUSDT-1m-2023-02.zip');
    expect(plan.archives[0].path).toBe('data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2023-01-15.zip');
    expect(plan.archives[17].endMs - plan.archives[17].startMs).toBe(28 * 86_400_000);
    expect(plan.notes).toEqual([]);
  });

  it('lays futures out under futures/um and futures/cm, and joins the base URL without doubled slashes', () => {
    const um = planKlineArchives({ symbol: 'BTCUSDT', market: 'usd-m', interval: '1h', from: '2024-02', to: '2024-02' }, NOW);
    expect(um.archives.map((a) => a.path)).toEqual(['data/futures/um/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2024-02.zip']);
    const cm = planKlineArchives({ symbol: 'BTCUSD_PERP', market: 'coin-m', interval: '1d', from: '2024-02-28', to: '2024-02-29' }, NOW);
    expect(cm.archives.map((a) => archiveUrl('https://mirror.example/', a))).toEqual([
      'https://mirror.example/data/futures/cm/daily/klines/BTCUSD_PERP/1d/BTCUSD_PERP-1d-2024-02-28.zip',
      'https://mirror.example/data/futures/cm/daily/klines/BTCUSD_PERP/1d/BTCUSD_PERP-1d-2024-02-29.zip',
    ]);
  });

  it('clamps the range to yesterday (today has no archive yet) and says so', () => {
    const plan = planKlineArchives({ symbol: 'BTCUSDT', market: 'spot', interval: '1h', from: '2026-01-10', to: '2026-02-28' }, NOW);
    expect(plan.toDay).toBe('2026-01-14');
    expect(plan.archives.map((a) => a.label)).toEqual(['2026-01-10', '2026-01-11', '2026-01-12', '2026-01-13', '2026-01-14']);
    expect(plan.notes[0]).toMatch(/not published yet; the range ends at 2026-01-14/);
    // A month that is not over is never planned as a monthly archive.
    expect(planKlineArchives({ symbol: 'X', market: 'spot', interval: '1h', from: '2026-01', to: '2026-01' }, NOW).archives.every((a) => a.period === 'daily')).toBe(true);
  });

  it('refuses dates that are not dates, reversed ranges and ranges in the future, naming the field', () => {
    const plan = (from: string, to: string) => () => planKlineArchives({ symbol: 'BTCUSDT', market: 'spot', interval: '1h', from, to }, NOW);
    expect(plan('2023-02-30', '2023-03-01')).toThrow(/from: 2023-02-30 is not a calendar date/);
    expect(plan('2023-01-01', '2023-13')).toThrow(/to: 2023-13 has no month 13/);
    expect(plan('01/02/2023', '2023-03-01')).toThrow(/from: "01\/02\/2023" is not a date/);
    expect(plan('2023-03-02', '2023-03-01')).toThrow(/from 2023-03-02 is after to 2023-03-01/);
    expect(plan('2026-01-15', '2026-01-20')).toThrow(/no archive is published yet/);
  });

  it('expands a month into its days for the 404 fallback (leap February: 29)', () => {
    const [feb] = planKlineArchives({ symbol: 'BTCUSDT', market: 'spot', interval: '1m', from: '2024-02', to: '2024-02' }, NOW).archives;
    const days = dailyArchivesOf(feb);
    expect(days).toHaveLength(29);
    expect(days[28].fileName).toBe('BTCUSDT-1m-2024-02-29.zip');
  });

  it('reads a .CHECKSUM line and refuses one for another file or without a hash', () => {
    const hex = 'dd579c62368ded93d3f01a1904575b932279e32936e181c062763e605793c1c2';
    expect(parseChecksumFile(`${hex}  BTCUSDT-1m-2020-01-01.zip`, 'BTCUSDT-1m-2020-01-01.zip')).toBe(hex);
    expect(parseChecksumFile(`${hex.toUpperCase()} *BTCUSDT-1m-2020-01-01.zip\n`, 'BTCUSDT-1m-2020-01-01.zip')).toBe(hex);
    expect(() => parseChecksumFile(`${hex}  BTCUSDT-1m-2020-01-02.zip`, 'BTCUSDT-1m-2020-01-01.zip')).toThrow(/names another file/);
    expect(() => parseChecksumFile('<html>Not Found</html>', 'BTCUSDT-1m-2020-01-01.zip')).toThrow(/not a SHA-256 checksum line/);
  });
});
