// Real data for the walk-forward study suites: the TunahanAbali/taha-backtest Binance spot 4h exports
// of BTCUSDT, ETHUSDT and SOLUSDT (../shared/data/binance, read in place) imported into a fresh
// store (1d materialized from the 4h bars by the importer), a short range (calendar 2023) so the
// walk-forward fits are quick, and small walk-forward configs.
import { Workstation } from '../../../../../main/services/workstation.ts';
import type { JobParams } from '../../../../../core/contract/jobs.ts';
import { configHash } from '../../../../../main/services/runs/run-store.ts';
import { readStudyCells, studyIdOf } from '../../../../../main/services/studies/study-job.ts';
import type { StudyTask } from '../../../../../main/services/sweeps/sweep-backend.ts';
import { repoRoot, sharedPath } from '../../../helpers/paths.ts';

export const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] as const;
export const TAHA_4H = (symbol: string): string => sharedPath('data', 'binance', 'exports', 'TunahanAbali__taha-backtest', `${symbol}_4h.csv`);
/** Calendar 2023: 2,191 4h bars and 366 1d bars per instrument (the files have no gap there). */
export const RANGE = { from: Date.UTC(2023, 0, 1), to: Date.UTC(2024, 0, 1) };

/** A 2-regime sGARCH walk-forward strategy: first fit after 200 bars, refit every `refitEveryBars`. */
export function studyConfig(name: string, refitEveryBars = 150, minTrainBars = 200): Record<string, unknown> {
  return {
    name,
    instruments: [{ symbol: 'BTCUSDT' }],
    regimes: { source: 'walk-forward', model: { variance: 'sGARCH', distribution: 'norm', regimeCount: 2 }, minTrainBars, refitEveryBars, restarts: 1 },
    sizing: { kind: 'regime-leverage', leverage: [1.5, 0.5] },
    gate: {},
  };
}

/** A workstation on `dir` with the three real 4h files imported; instrument ids by symbol. */
export async function openStudyWorkstation(dir: string): Promise<{ ws: Workstation; ids: Record<(typeof SYMBOLS)[number], number> }> {
  const ws = await Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test', seedSample: false, computeWorkers: 2 });
  for (const symbol of SYMBOLS) await ws.startJob('data.importFile', { path: TAHA_4H(symbol) }).done;
  const instruments = await ws.call('data.listInstruments', {});
  const ids = Object.fromEntries(SYMBOLS.map((s) => [s, instruments.find((i) => i.symbol === s)!.id])) as Record<(typeof SYMBOLS)[number], number>;
  return { ws, ids };
}

export type StudyParams = JobParams<'backtest.walkForwardStudy'>;

/** The backend task the study job builds for `params` (same cells, hashes and study id). */
export function studyTask(ws: Workstation, params: Omit<StudyParams, 'backend'>): StudyTask {
  const cells = readStudyCells(ws.store, { ...params, backend: { kind: 'local' } });
  const hash = configHash(params.config);
  return { studyId: studyIdOf(hash, cells.map((c) => c.cellKey)), configHash: hash, configInput: params.config, cells, total: cells.length };
}
