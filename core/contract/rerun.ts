// Rerunning a run from the history: the job that made it, rebuilt from the spec the run record keeps
// (config, data selection, model), on the local backend (the spec does not keep the backend). Pure, so the rules are tested without a window; the UI starts the
// job it returns. A run whose inputs were not kept (an imported probability CSV: only its SHA-256 is
// stored) cannot be rerun, and the reason says what to do instead.

import type { JobKind, JobParams } from './jobs.ts';
import type { RunKind } from './schemas.ts';

export type RerunRequest<K extends JobKind = JobKind> = { ok: true; kind: K; params: JobParams<K> } | { ok: false; reason: string };

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

export function rerunRequest(kind: RunKind, spec: unknown, title: string): RerunRequest {
  if (!isObj(spec)) return { ok: false, reason: 'this run keeps no spec to rerun from' };
  const again = `${title} (rerun)`.slice(0, 200);
  if (kind === 'regime-fit') {
    const data = spec.data;
    if (!isObj(data) || typeof data.instrumentId !== 'number' || typeof data.timeframe !== 'string' || spec.model === undefined) {
      return { ok: false, reason: 'the fit\'s spec lacks its model or data selection' };
    }
    const params = {
      instrumentId: data.instrumentId,
      timeframe: data.timeframe,
      ...(typeof data.from === 'number' ? { from: data.from } : {}),
      ...(typeof data.to === 'number' ? { to: data.to } : {}),
      model: spec.model,
      title: again,
    };
    return { ok: true, kind: 'regimes.fit', params: params as JobParams<'regimes.fit'> };
  }
  if (kind === 'backtest') {
    if (Array.isArray(spec.regimeCsv) && spec.regimeCsv.length > 0) {
      return { ok: false, reason: 'this backtest read imported probability CSVs, which the run keeps only as SHA-256 hashes; run it again from the strategy editor with the files' };
    }
    if (typeof spec.timeframe !== 'string') return { ok: false, reason: 'the backtest\'s spec lacks its timeframe' };
    const params = {
      config: spec.config,
      timeframe: spec.timeframe,
      ...(typeof spec.market === 'string' ? { market: spec.market } : {}),
      ...(Array.isArray(spec.regimeRunIds) && spec.regimeRunIds.length > 0 ? { regimeRunIds: spec.regimeRunIds } : {}),
      title: again,
    };
    return { ok: true, kind: 'backtest.run', params: params as JobParams<'backtest.run'> };
  }
  if (kind === 'sweep') {
    if (!isObj(spec.grid) || !isObj(spec.data)) return { ok: false, reason: 'the sweep\'s spec lacks its grid or data selection' };
    const params = { config: spec.config, grid: spec.grid, data: spec.data, title: again };
    return { ok: true, kind: 'backtest.sweep', params: params as JobParams<'backtest.sweep'> };
  }
  if (kind === 'walk-forward') {
    if (!Array.isArray(spec.instrumentIds) || !Array.isArray(spec.timeframes)) return { ok: false, reason: 'the study\'s spec lacks its instruments or timeframes' };
    const params = {
      config: spec.config,
      instrumentIds: spec.instrumentIds,
      timeframes: spec.timeframes,
      ...(typeof spec.from === 'number' ? { from: spec.from } : {}),
      ...(typeof spec.to === 'number' ? { to: spec.to } : {}),
      title: again,
    };
    return { ok: true, kind: 'backtest.walkForwardStudy', params: params as JobParams<'backtest.walkForwardStudy'> };
  }
  return { ok: false, reason: `a ${String(kind)} run cannot be rerun from the history` };
}
