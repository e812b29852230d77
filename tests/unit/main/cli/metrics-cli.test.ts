// `regimelab stats`, `var-test` and `explore` as users run them: the real bin on CSV fixtures in a
// temp dir, the printed numbers checked against core/metrics called directly and closed forms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { computeEquityStats, exploreReturns, kupiecPof, logReturns, tradeStats, varBacktest, varBacktestByRegime, type Trade } from '../../../../core/metrics/index.ts';
import { simulateSample, DEFAULT_SAMPLE_SPEC } from '../../../../core/sample/simulated-btc.ts';
import { resampleCandles } from '../../../../core/series/resample.ts';
import { repoRoot } from '../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../helpers/temp.ts';

const bin = path.join(repoRoot, 'bin', 'regimelab.mjs');
function regimelab(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A seeded LCG so the fixtures are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** The number printed after `label` on its text-table line. */
function printed(stdout: string, label: string): number {
  const line = stdout.split('\n').find((l) => l.trimStart().startsWith(label + ' '));
  if (!line) throw new Error(`no line "${label}" in:\n${stdout}`);
  return Number(line.trim().slice(label.length).trim().split(/\s+/)[0]);
}

describe('regimelab stats / var-test / explore', () => {
  let dir: string;
  let equity: Float64Array;
  let time: Float64Array;
  let trades: Trade[];
  let hits: Uint8Array;
  let regimes: number[];
  beforeAll(() => {
    dir = makeTempDir();
    const rand = lcg(7);
    const n = 400;
    equity = new Float64Array(n);
    time = Float64Array.from({ length: n }, (_, i) => T0 + i * DAY);
    let e = 10_000;
    for (let i = 0; i < n; i++) {
      e *= 1 + 0.02 * (rand() - 0.48);
      equity[i] = Number(e.toFixed(6));
    }
    fs.writeFileSync(path.join(dir, 'equity.csv'), 'date,nav\n' + Array.from(equity, (v, i) => `${new Date(time[i]).toISOString().slice(0, 10)},${v}`).join('\n') + '\n');
    // Constant growth of 0.1 % a day over exactly 365 days, epoch seconds.
    fs.writeFileSync(path.join(dir, 'growth.csv'), 'timestamp,equity\n' + Array.from({ length: 366 }, (_, i) => `${(T0 + i * DAY) / 1000},${100 * 1.001 ** i}`).join('\n') + '\n');
    trades = Array.from({ length: 25 }, (_, i) => {
      const pnl = Number((40 * (rand() - 0.4)).toFixed(4));
      return { entryTime: T0 + i * DAY, exitTime: T0 + i * DAY + 30 * 3_600_000, side: i % 3 ? 'long' : 'short', qty: 2, entryPrice: 100, exitPrice: 100 + (i % 3 ? pnl : -pnl) / 2, pnl, fees: 0.2, mae: 0, mfe: 0 } satisfies Trade;
    });
    // NautilusTrader positions-report names: closed positions say FLAT, the side is in `entry`; money carries a currency.
    fs.writeFileSync(
      path.join(dir, 'positions.csv'),
      'ts_opened,ts_closed,side,entry,quantity,avg_px_open,avg_px_close,realized_pnl,commissions\n' +
        trades.map((t) => [new Date(t.entryTime).toISOString(), new Date(t.exitTime).toISOString(), 'FLAT', t.side === 'long' ? 'BUY' : 'SELL', t.qty, t.entryPrice, t.exitPrice, `${t.pnl} USDT`, `${t.fees} USDT`].join(',')).join('\n') + '\n',
    );
    hits = Uint8Array.from({ length: 500 }, () => (rand() < 0.02 ? 1 : 0));
    regimes = Array.from({ length: 500 }, (_, i) => Math.floor(i / 60) % 2);
    const returns = Array.from(hits, (h) => (h ? -0.05 : 0.001));
    fs.writeFileSync(path.join(dir, 'hits.csv'), 'time,hit,regime,ret,var\n' + Array.from(hits, (h, i) => `${T0 + i * DAY},${h},${regimes[i] ? 'high' : 'low'},${returns[i]},0.03`).join('\n') + '\n');
  });
  afterAll(() => removeDir(dir));

  it('stats --json is computeEquityStats of the file, with the detected columns said', () => {
    const { code, stdout, stderr } = regimelab(['stats', '--equity', path.join(dir, 'equity.csv'), '--json']);
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout) as { input: { equity: { timeColumn: string; equityColumn: string; timeFormat: string } }; stats: unknown; crossWalk: { statistic: string; nautilusTrader: number }[] };
    expect(out.input.equity).toMatchObject({ timeColumn: 'date', equityColumn: 'nav', timeFormat: 'ISO 8601 (UTC unless an offset is given)' });
    const direct = computeEquityStats(equity, time);
    expect(out.stats).toEqual(JSON.parse(JSON.stringify(direct)));
    expect(direct.conventions).toMatchObject({ periodsPerYear: 365, periodsPerYearSource: 'inferred from the median bar spacing' });
    // NautilusTrader's 252-day Sharpe is √(252/365) of ours on the same daily returns.
    const sharpe252 = out.crossWalk.find((r) => r.statistic === 'Sharpe ratio')!.nautilusTrader;
    expect(sharpe252).toBeCloseTo(direct.sharpe! * Math.sqrt(252 / 365), 10);
  });

  it('stats prints an aligned table whose numbers are the core values, with conventions given on the command line', () => {
    const { code, stdout } = regimelab(['stats', '--equity', path.join(dir, 'equity.csv'), '--periods-per-year', '252', '--risk-free', '0.03', '--ddof', '0']);
    expect(code).toBe(0);
    const direct = computeEquityStats(equity, time, { periodsPerYear: 252, riskFree: 0.03, ddof: 0 });
    expect(stdout).toMatch(/periods per year\s+252 \(given; year = 365 days\)/);
    expect(stdout).toMatch(/risk-free\s+0\.03 per year/);
    expect(stdout).toMatch(/downside\s+downside deviation over all observations below the per-period target/);
    expect(printed(stdout, 'Sharpe')).toBeCloseTo(direct.sharpe!, 4);
    expect(printed(stdout, 'Sortino')).toBeCloseTo(direct.sortino!, 4);
    expect(printed(stdout, 'max drawdown')).toBeCloseTo(direct.maxDrawdown, 5);
    expect(printed(stdout, 'annualized volatility')).toBeCloseTo(direct.annualizedVolatility!, 5);
    expect(stdout).toMatch(/Cross-walk[\s\S]*Nautilus \(252\)\s+QuantStats\s+backtesting\.py/);
  });

  it('stats on constant growth: the closed form, zero volatility reported, epoch seconds detected', () => {
    const { code, stdout } = regimelab(['stats', '--equity', path.join(dir, 'growth.csv'), '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { input: { equity: { timeFormat: string } }; stats: ReturnType<typeof computeEquityStats> };
    expect(out.input.equity.timeFormat).toBe('epoch seconds');
    const s = out.stats;
    expect(s.years).toBeCloseTo(1, 12);
    expect(s.totalReturn).toBeCloseTo(1.001 ** 365 - 1, 10);
    expect(s.cagr).toBeCloseTo(1.001 ** 365 - 1, 10);
    expect(s.maxDrawdown).toBe(0);
    expect(s.sharpe).toBeNull();
    expect(s.undefinedBecause.sharpe).toMatch(/zero volatility/);
    const text = regimelab(['stats', '--equity', path.join(dir, 'growth.csv')]).stdout;
    expect(text).toMatch(/Sharpe\s+—\s+zero volatility/);
  });

  it('stats --trades reads NautilusTrader position columns and matches tradeStats', () => {
    const { code, stdout, stderr } = regimelab(['stats', '--equity', path.join(dir, 'equity.csv'), '--trades', path.join(dir, 'positions.csv'), '--json']);
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout) as { trades: unknown; input: { trades: { columns: Record<string, string> } }; nautilus: { general: Record<string, number> } };
    expect(out.trades).toEqual(JSON.parse(JSON.stringify(tradeStats(trades))));
    expect(out.input.trades.columns).toMatchObject({ entryTime: 'ts_opened', pnl: 'realized_pnl', entryPrice: 'avg_px_open', fees: 'commissions' });
    expect(out.nautilus.general['Long Ratio']).toBeCloseTo(trades.filter((t) => t.side === 'long').length / trades.length, 12);
  });

  it('stats names the file, line and column of a bad value', () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'time,equity\n2024-01-01,100\n2024-01-02,abc\n');
    const { code, stderr } = regimelab(['stats', '--equity', bad]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${bad} line 3, column "equity": "abc" is not a finite number`);
  });

  it('var-test --json is varBacktest overall and varBacktestByRegime per regime', () => {
    const { code, stdout, stderr } = regimelab(['var-test', '--hits', path.join(dir, 'hits.csv'), '--level', '0.99', '--regimes', 'regime', '--json']);
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout) as { overall: unknown; byRegime: Record<string, unknown> };
    expect(out.overall).toEqual(JSON.parse(JSON.stringify(varBacktest(hits, 0.99))));
    const byCode = varBacktestByRegime(hits, regimes, 0.99);
    expect(out.byRegime.low).toEqual(JSON.parse(JSON.stringify(byCode['0'])));
    expect(out.byRegime.high).toEqual(JSON.parse(JSON.stringify(byCode['1'])));
  });

  it('var-test from a returns + VaR pair gives the same hits; text shows Kupiec and the traffic light', () => {
    const { code, stdout } = regimelab(['var-test', '--hits', path.join(dir, 'hits.csv'), '--level', '0.01', '--returns-column', 'ret', '--var-column', 'var']);
    expect(code).toBe(0);
    const direct = varBacktest(hits, 0.99);
    expect(stdout).toMatch(/read as the tail probability p = 0\.01/);
    expect(stdout).toMatch(/hit when return < −VaR/);
    const all = stdout.split('\n').find((l) => l.trimStart().startsWith('all '))!.trim().split(/\s+/);
    expect(Number(all[1])).toBe(500);
    expect(Number(all[2])).toBe(direct.x);
    expect(Number(all[4])).toBeCloseTo(direct.kupiec.lr, 3);
    expect(all).toContain(direct.trafficLight.zone);
  });

  it('var-test closed form: no hits in T bars gives Kupiec LR = −2T ln(1 − p)', () => {
    const zero = path.join(dir, 'zero.csv');
    fs.writeFileSync(zero, 'hit\n' + '0\n'.repeat(250));
    const out = JSON.parse(regimelab(['var-test', '--hits', zero, '--level', '0.99', '--json']).stdout) as { overall: { kupiec: { lr: number }; trafficLight: { zone: string; plusFactor: number } } };
    expect(out.overall.kupiec.lr).toBeCloseTo(-2 * 250 * Math.log(0.99), 12);
    expect(out.overall.kupiec.lr).toBeCloseTo(kupiecPof(250, 0, 0.01).lr, 12);
    expect(out.overall.trafficLight).toMatchObject({ zone: 'green', plusFactor: 0 });
  });

  it('explore --json on the simulated sample equals exploreReturns on the same closes', () => {
    const data = makeTempDir();
    try {
      const { code, stdout, stderr } = regimelab(['explore', 'SIM-BTCUSD', '1d', '--json', '--data-dir', data]);
      expect(code, stderr).toBe(0);
      const out = JSON.parse(stdout) as { bars: number; highVolMask: { source: string }; report: { moments: { excessKurtosis: number; std: number }; jarqueBera: { statistic: number }; studentT: { df: number }; acfSquaredReturns: { acf: number[] } } };
      const daily = resampleCandles(simulateSample(DEFAULT_SAMPLE_SPEC).candles, '1h', '1d');
      const direct = exploreReturns(logReturns(daily.close));
      expect(out.bars).toBe(daily.close.length);
      expect(out.report.moments.excessKurtosis).toBeCloseTo(direct.moments.excessKurtosis, 10);
      expect(out.report.moments.std).toBeCloseTo(direct.moments.std, 12);
      expect(out.report.jarqueBera.statistic).toBeCloseTo(direct.jarqueBera.statistic, 6);
      expect(out.report.studentT.df).toBeCloseTo(direct.studentT.df, 8);
      expect(out.report.acfSquaredReturns.acf).toEqual(Array.from(direct.acfSquaredReturns.acf));
      expect(out.highVolMask.source).toBe('simulation truth');
      const text = regimelab(['explore', 'SIM-BTCUSD', '1d', '--data-dir', data]).stdout;
      expect(text).toMatch(/SIMULATED/);
      expect(printed(text, 'excess kurtosis')).toBeCloseTo(direct.moments.excessKurtosis, 3);
      expect(regimelab(['explore', 'NOPE', '1d', '--data-dir', data]).stderr).toMatch(/no instrument NOPE/);
    } finally {
      removeDir(data);
    }
  }, 120_000);
});
