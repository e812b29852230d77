// What file names and folders say: Binance archive names, export names, data.binance.vision paths.
import { describe, expect, it } from 'vitest';
import { parseCandleFileName, parseCandlePath } from '../../../../core/data/file-name.ts';

describe('file names', () => {
  it('Binance daily and monthly archives name symbol, interval and period', () => {
    expect(parseCandleFileName('BTCUSDT-1m-2025-01-02.zip')).toEqual({ symbol: 'BTCUSDT', interval: '1m', timeframe: '1m', period: 'daily', periodStartMs: Date.UTC(2025, 0, 2), periodEndMs: Date.UTC(2025, 0, 3) });
    expect(parseCandleFileName('/x/y/BTCUSDT-1h-2023-12.csv')).toMatchObject({ period: 'monthly', periodStartMs: Date.UTC(2023, 11, 1), periodEndMs: Date.UTC(2024, 0, 1) });
    expect(parseCandleFileName('BTCUSD_PERP-4h-2024-02.zip')).toMatchObject({ symbol: 'BTCUSD_PERP', timeframe: '4h' });
    expect(parseCandleFileName('ETHUSDT-30m-2024-02.zip')).toMatchObject({ interval: '30m' });
    expect(parseCandleFileName('ETHUSDT-30m-2024-02.zip').timeframe).toBeUndefined();
    expect(parseCandleFileName('BTCUSDT-fundingRate-2020-01.zip')).toEqual({ symbol: 'BTCUSDT', dataSet: 'fundingRate' });
  });

  it('export names', () => {
    expect(parseCandleFileName('SOLUSDT_1h.csv')).toEqual({ symbol: 'SOLUSDT', interval: '1h', timeframe: '1h' });
    expect(parseCandleFileName('btcusdt_1h.parquet')).toEqual({ symbol: 'BTCUSDT', interval: '1h', timeframe: '1h' });
    expect(parseCandleFileName('prices.csv')).toEqual({});
  });

  it('folders', () => {
    expect(parseCandlePath('data/futures/um/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2025-01-02.zip')).toEqual({ market: 'usd-m', symbol: 'BTCUSDT', interval: '1m', timeframe: '1m' });
    expect(parseCandlePath('futures/cm/monthly/klines/BTCUSD_PERP/1d/')).toMatchObject({ market: 'coin-m', symbol: 'BTCUSD_PERP' });
    expect(parseCandlePath('spot\\monthly\\klines\\ETHUSDT\\4h\\x.zip')).toEqual({ market: 'spot', symbol: 'ETHUSDT', interval: '4h', timeframe: '4h' });
  });
});
