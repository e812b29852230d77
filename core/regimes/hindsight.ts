// Hindsight regimes: one MS-GARCH fit on the whole sample and Kim-smoothed probabilities, so every row
// uses information after its bar. It exists only to measure the look-ahead gap; every series and
// result built from it carries `hindsight: true`.

import type { CancelSignal } from '../errors.ts';
import { fitMsGarch, type MsGarchFit } from '../models/msgarch/fit.ts';
import { msGarchFilter } from '../models/msgarch/filter.ts';
import { uniformMsGarchSpec } from '../models/msgarch/spec.ts';
import type { MsGarchRegimeModel } from './walk-forward.ts';

export type HindsightRegimes = { regimeCount: number; smoothedProbs: Float64Array; filteredProbs: Float64Array; fit: MsGarchFit };

export function hindsightMsGarch(returns: Float64Array, model: MsGarchRegimeModel, options: { restarts?: number; signal?: CancelSignal } = {}): HindsightRegimes {
  const spec = uniformMsGarchSpec(model.variance, model.distribution, model.regimeCount);
  const fit = fitMsGarch(spec, returns, { restarts: options.restarts ?? 4, standardErrors: false, signal: options.signal });
  const filter = msGarchFilter(fit.spec, fit.params, returns);
  return { regimeCount: model.regimeCount, smoothedProbs: filter.smoothedProbs, filteredProbs: filter.filteredProbs, fit };
}
