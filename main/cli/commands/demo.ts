// `regimelab demo` (and `npm run demo`): the whole pipeline on the embedded simulated sample —
// SIM-BTCUSD 1h, 2-regime MS-GARCH fitted walk-forward on 4h bars, the Moderate preset backtested
// against the benchmarks over the last four years — then the report written to a file, its path and
// the headline numbers printed. The README's "see it work" path on any machine, offline.

import path from 'node:path';
import fs from 'node:fs';
import type { Command } from '../command.ts';
import { openCliWorkstation } from '../open-workstation.ts';
import { parseStrategyConfig, type StrategyConfigInput } from '../../../core/backtest/config.ts';
import { resolveBacktestRegimes, runBacktest } from '../../../core/backtest/run-backtest.ts';
import { RegimeLabError } from '../../../core/errors.ts';
import { formatValue } from '../../../core/report/format.ts';
import { SAMPLE_DESCRIPTION, SAMPLE_SYMBOL } from '../../../core/sample/simulated-btc.ts';
import { candleDataHash } from '../../services/runs/run-store.ts';
import { reportDataSource, reportRunOf } from '../../services/reports/index.ts';
import { headlineJson, headlineLines, writeReport } from './report.ts';

const YEAR_MS = 365 * 86_400_000;

/** The demo strategy: resources/strategies/moderate.json's choices on the sample, detection on 4h bars. */
export function demoConfig(firstTime: number, lastTime: number): StrategyConfigInput {
  return {
    name: 'moderate-demo',
    description: 'Moderate 1.5x low-vol / 0.75x high-vol on the simulated sample; walk-forward MS-GARCH on 4h bars',
    instruments: [{ symbol: SAMPLE_SYMBOL }],
    window: { start: Math.max(firstTime, lastTime - 4 * YEAR_MS), end: lastTime },
    regimes: {
      source: 'walk-forward',
      model: { variance: 'gjrGARCH', distribution: 'std', regimeCount: 2 },
      detectionTimeframe: '4h',
      refitEveryBars: 500,
      window: 'rolling',
      windowBars: 3000,
      minTrainBars: 2000,
      restarts: 2,
    },
    sizing: { kind: 'regime-leverage', preset: 'moderate' },
    costs: { takerFeeBps: 5, slippage: { bps: 2 }, funding: { kind: 'constant', ratePerEvent: 0.0001 } },
  };
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the whole pipeline on the embedded sample and write its report (fit, backtest Moderate vs benchmarks, report)',
  usage: 'regimelab demo [--out FILE.html] [--json]',
  options: { out: { type: 'string' } },
  async run(values, _positionals, ctx) {
    const started = Date.now();
    const ws = await openCliWorkstation(ctx);
    let series;
    try {
      const instrument = (await ws.call('data.listInstruments', {})).find((i) => i.symbol === SAMPLE_SYMBOL);
      if (!instrument) throw new RegimeLabError('E_NOT_FOUND', `the embedded sample ${SAMPLE_SYMBOL} is not in the store at ${ws.dataDir}`);
      series = await ws.call('data.getCandles', { instrumentId: instrument.id, timeframe: '1h' });
    } finally {
      await ws.close();
    }
    const candles = series.candles;
    const n = candles.time.length;
    const config = parseStrategyConfig(demoConfig(candles.time[0], candles.time[n - 1]));
    const data = { timeframe: '1h' as const, instruments: [{ symbol: SAMPLE_SYMBOL, candles }] };
    ctx.stderr('demo: fitting the 2-regime MS-GARCH walk-forward on 4h bars and backtesting Moderate …');
    const regimes = resolveBacktestRegimes(config, data);
    const result = runBacktest(config, data, { regimes });
    const out = typeof values.out === 'string' ? values.out : path.join(ws.dataDir, 'reports', 'demo-report.html');
    ctx.stderr('demo: rendering the report …');
    const written = await writeReport(
      ctx,
      {
        runs: [reportRunOf(result, candles, { regimes })],
        metadata: {
          title: 'RegimeLab demo: Moderate on the simulated sample',
          runTime: started,
          runDurationMs: Date.now() - started,
          appVersion: ws.paths.version,
          seed: null,
          dataHash: candleDataHash(candles),
          data: reportDataSource(candles, '1h', `${SAMPLE_SYMBOL}: ${SAMPLE_DESCRIPTION} (embedded sample)`, { gaps: 0, missingBars: 0, rejectedRows: 0 }),
        },
      },
      out,
    );
    const size = fs.statSync(written.file).size;
    return {
      json: { file: written.file, bytes: size, headline: headlineJson(result) },
      text: [`report: ${written.file} (${formatValue(size / 1e6, 'ratio')} MB)`, ...headlineLines(result)].join('\n'),
    };
  },
};
