// `regimelab loglik`: the log-likelihood at given parameters (named object or an array in the
// reference implementation's order), so the implementation can be checked against R or Python.

import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { openCliWorkstation } from '../open-workstation.ts';
import { MODEL_OPTIONS, MODEL_USAGE, modelSpecFromFlags, seriesFromFlags } from '../model-options.ts';
import { regimeLogLikelihood, regimeModelLabel, regimeParamNames } from '../../../core/models/regime-model.ts';
import { RegimeLabError } from '../../../core/errors.ts';

export const loglikCommand: Command = {
  name: 'loglik',
  summary: 'Log-likelihood of a model at given parameters (to check against R MSGARCH, fGarch, statsmodels)',
  usage: `regimelab loglik ${MODEL_USAGE} --params '{"omega":…}' | '[…in the reference order…]' [--json]`,
  options: { ...MODEL_OPTIONS, params: { type: 'string' } },
  async run(values, _positionals, ctx) {
    const spec = modelSpecFromFlags(values as Record<string, string | boolean | undefined>);
    if (typeof values.params !== 'string') throw new UsageError(`--params is required: an object of ${regimeParamNames(spec).join(', ')} or an array in that order`);
    let params: unknown;
    try {
      params = JSON.parse(values.params);
    } catch {
      throw new RegimeLabError('E_BAD_INPUT', `--params is not valid JSON: ${values.params.slice(0, 80)}`);
    }
    const isArray = Array.isArray(params) && params.every((v) => typeof v === 'number');
    const isObject = params !== null && typeof params === 'object' && !Array.isArray(params) && Object.values(params).every((v) => typeof v === 'number');
    if (!isArray && !isObject) throw new RegimeLabError('E_BAD_INPUT', '--params must be a JSON object of numbers or an array of numbers');
    const needsStore = typeof values.input !== 'string';
    const ws = needsStore ? await openCliWorkstation(ctx) : null;
    try {
      const series = await seriesFromFlags(values as Record<string, string | boolean | undefined>, ws);
      const started = performance.now();
      const result = regimeLogLikelihood(spec, series.values, params as number[] | Record<string, number>);
      const seconds = (performance.now() - started) / 1000;
      const json = { model: regimeModelLabel(spec), spec, source: series.source, loglik: result.loglik, nobs: result.nobs, paramOrder: regimeParamNames(spec), seconds };
      return { json, text: `${json.model} on ${series.source}\nlog-likelihood ${result.loglik.toPrecision(15)}  n = ${result.nobs}` };
    } finally {
      await ws?.close();
    }
  },
};
