// Section 1, the run card: everything needed to reproduce the run — strategy and parameters, the
// regime model and its spec, the costs model, the data source with its import summary, run time,
// config and data hashes, app version and seed, and the full resolved config as canonical JSON.

import { canonicalJson } from '../hash/canonical-json.ts';
import { sha256Hex } from '../data/sha256.ts';
import type { StrategyConfig } from '../backtest/config.ts';
import type { BuildContext } from './build-context.ts';
import type { KeyValue, Section } from './report-model.ts';

/** SHA-256 of the canonical JSON of a config (equals main/services/runs/run-store.ts configHash). */
export function reportConfigHash(config: unknown): string {
  return sha256Hex(new TextEncoder().encode(canonicalJson(config)));
}

const kv = (key: string, label: string, value: KeyValue['value'], format: KeyValue['format'] = 'text'): KeyValue => ({ key, label, value, format });

function sizingText(config: StrategyConfig): string {
  const s = config.sizing;
  switch (s.kind) {
    case 'regime-leverage':
      return `regime leverage ${s.preset ? `(${s.preset}) ` : ''}${(s.leverage ?? []).map((l) => `${l}x`).join(' / ')} low-vol first, ${s.mode}`;
    case 'constant':
      return `constant ${s.leverage}x`;
    case 'buy-and-hold':
      return 'buy and hold (spot)';
    case 'four-state':
      return `four-state ${s.method}`;
  }
}

function regimeItems(config: StrategyConfig, ctx: BuildContext): KeyValue[] {
  const r = config.regimes;
  const items: KeyValue[] = [kv('source', 'Source', r.source)];
  if (r.source === 'walk-forward' || r.source === 'hindsight') {
    items.push(kv('model', 'Model', `MS-GARCH ${r.model.variance}, ${r.model.distribution === 'std' ? 'Student-t' : 'normal'} innovations, K = ${r.model.regimeCount}`));
    items.push(kv('detection', 'Detection timeframe', r.detectionTimeframe ?? ctx.metadata.data.timeframe));
    items.push(kv('restarts', 'Optimizer restarts', r.restarts, 'int'));
  }
  if (r.source === 'walk-forward') {
    items.push(kv('refit', 'Refit every', r.refitEveryBars, 'bars'));
    items.push(kv('window', 'Training window', r.window === 'rolling' ? `rolling ${r.windowBars ?? '?'} bars` : 'expanding'));
    items.push(kv('minTrain', 'Minimum training', r.minTrainBars, 'bars'));
  }
  if (r.source === 'hindsight') items.push(kv('fitSample', 'Fit sample', r.fitSample));
  ctx.primary.result.regimeSources.forEach((s, i) => {
    items.push(kv(`resolved${i}`, `Resolved (${s.symbol})`, `${s.source}${s.refits ? `; ${s.refits} refits` : ''}`));
  });
  items.push(kv('hindsight', 'Uses hindsight', ctx.primary.result.hindsight, 'text'));
  if (config.gate) items.push(kv('gate', 'Switch gate', `Pr ≥ ${config.gate.threshold} for ${config.gate.confirmBars} bars, min dwell ${config.gate.minDwellBars}`));
  return items;
}

export function runCardSection(ctx: BuildContext): Section {
  const { result } = ctx.primary;
  const config = result.config;
  const meta = ctx.metadata;
  const c = config.costs;
  const data = meta.data;
  const funding = c.funding.kind === 'constant' ? `constant ${c.funding.ratePerEvent} per event at ${c.fundingHoursUtc.join(', ')} h UTC` : c.funding.kind === 'series' ? `funding-rate series (fallback ${c.funding.fallbackRate})` : 'none';
  return {
    id: 'run-card',
    number: 1,
    title: 'Run card',
    blocks: [
      {
        kind: 'kv',
        id: 'run-card.strategy',
        title: 'Strategy',
        items: [
          kv('name', 'Name', config.name),
          kv('description', 'Description', config.description ?? null),
          kv('instruments', 'Instruments', config.instruments.map((i) => `${i.symbol}${i.weight !== undefined ? ` × ${i.weight}` : ''}`).join(', ')),
          kv('sizing', 'Sizing', sizingText(config)),
          kv('warmup', 'Warm-up leverage', config.warmupLeverage, 'x'),
          kv('rebalance', 'Rebalance', `${config.rebalance.rule}${config.rebalance.rule === 'drift' ? ` (band ${config.rebalance.band})` : config.rebalance.rule === 'schedule' ? ` (${config.rebalance.every})` : ''}`),
          kv('window', 'Trading window', `${new Date(result.window.startTime).toISOString()} → ${new Date(result.window.endTime).toISOString()}`),
          kv('initialCash', 'Initial cash', config.initialCash, 'money'),
          kv('path', 'Execution path', result.path),
          kv('circuitBreaker', 'Circuit breaker', config.circuitBreaker ? `flat at ${100 * config.circuitBreaker.maxDrawdown}% drawdown, re-arm after ${config.circuitBreaker.cooldownBars} bars` : 'none'),
        ],
      },
      { kind: 'kv', id: 'run-card.regimes', title: 'Regime model', items: regimeItems(config, ctx) },
      {
        kind: 'kv',
        id: 'run-card.costs',
        title: 'Costs and margin',
        items: [
          kv('taker', 'Taker fee', `${c.takerFeeBps} bps`),
          kv('maker', 'Maker fee', `${c.makerFeeBps} bps`),
          kv('liquidity', 'Liquidity', c.liquidity),
          kv('slippage', 'Slippage', `${c.slippage.model}, ${c.slippage.bps} bps${c.slippage.model === 'volume' ? ` + ${c.slippage.impactBps} bps √(qty/volume)` : ''}`),
          kv('funding', 'Funding', funding),
          kv('maxLeverage', 'Max gross leverage', config.margin.maxLeverage, 'x'),
          kv('mmr', 'Maintenance margin rate', config.margin.maintenanceMarginRate, 'pctPlain'),
          kv('afterLiquidation', 'After liquidation', config.margin.afterLiquidation),
        ],
      },
      {
        kind: 'kv',
        id: 'run-card.data',
        title: 'Data',
        items: [
          kv('source', 'Source', data.description),
          kv('files', 'Files', data.files?.join(', ') ?? null),
          kv('timeframe', 'Timeframe', data.timeframe),
          kv('bars', 'Bars loaded', data.bars, 'int'),
          kv('first', 'First bar', data.firstTime, 'datetime'),
          kv('last', 'Last bar', data.lastTime, 'datetime'),
          kv('gaps', 'Gaps', data.gaps ?? null, 'int'),
          kv('missing', 'Missing bars', data.missingBars ?? null, 'int'),
          kv('synthetic', 'Synthetic (filled) bars', data.syntheticBars ?? null, 'int'),
          kv('incomplete', 'Incomplete bars (base bars missing)', data.incompleteBars ?? null, 'int'),
          kv('rejected', 'Rejected rows', data.rejectedRows ?? null, 'int'),
          kv('tradedBars', 'Bars traded', result.equity.length - 1, 'int'),
          kv('periodsPerYear', 'Periods per year', result.periodsPerYear, 'int'),
        ],
      },
      {
        kind: 'kv',
        id: 'run-card.run',
        title: 'Reproduce',
        items: [
          kv('runId', 'Run id', meta.runId ?? null),
          kv('runTime', 'Run time (UTC)', meta.runTime, 'datetime'),
          kv('duration', 'Run duration', meta.runDurationMs ?? null, 'duration'),
          kv('configHash', 'Config hash (SHA-256)', meta.configHash ?? reportConfigHash(config)),
          kv('dataHash', 'Data hash (SHA-256)', meta.dataHash),
          kv('appVersion', 'App version', meta.appVersion),
          kv('seed', 'Seed', meta.seed ?? null, 'int'),
          kv('bootstrapSeed', 'Bootstrap seed', ctx.options.bootstrapSeed, 'int'),
        ],
      },
      { kind: 'text', id: 'run-card.config', title: 'Resolved config (canonical JSON)', text: canonicalJson(config), tone: 'code' },
    ],
  };
}
