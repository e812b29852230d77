// Imported regime probabilities: a CSV with a time column (UTC ms, or ISO 8601 read as UTC) and one
// probability column per regime, lowest-volatility regime first (e.g. `time,p_low,p_high`). The rows
// must be FILTERED probabilities (information up to each bar's close) unless `hindsight` says otherwise.

import { RegimeLabError } from '../errors.ts';
import type { Timeframe } from '../series/timeframe.ts';
import { validateRegimeSeries, type RegimeSeries } from './regime-series.ts';

export type RegimeCsvOptions = {
  timeframe: Timeframe;
  /** Name of the time column (default: the first column). */
  timeColumn?: string;
  /** Probability columns in regime order (default: every other column, in file order). */
  probabilityColumns?: string[];
  hindsight?: boolean;
  fileName?: string;
};

function parseTime(text: string, line: number, fileName: string): number {
  const s = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  // Naive ISO timestamps are UTC (as exchange exports write them).
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new RegimeLabError('E_BAD_INPUT', `${fileName} line ${line}: time '${s}' is neither UTC milliseconds nor an ISO 8601 timestamp`);
  return ms;
}

export function parseRegimeCsv(text: string, options: RegimeCsvOptions): RegimeSeries {
  const fileName = options.fileName ?? 'regimes.csv';
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new RegimeLabError('E_BAD_INPUT', `${fileName}: needs a header and at least one row`);
  const header = lines[0].split(',').map((h) => h.trim());
  const timeIndex = options.timeColumn ? header.indexOf(options.timeColumn) : 0;
  if (timeIndex < 0) throw new RegimeLabError('E_BAD_INPUT', `${fileName}: no time column '${options.timeColumn}' in header ${header.join(',')}`);
  const probNames = options.probabilityColumns ?? header.filter((_, i) => i !== timeIndex);
  const probIndex = probNames.map((name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new RegimeLabError('E_BAD_INPUT', `${fileName}: no probability column '${name}' in header ${header.join(',')}`);
    return i;
  });
  const k = probIndex.length;
  if (k < 1) throw new RegimeLabError('E_BAD_INPUT', `${fileName}: no probability columns`);
  const n = lines.length - 1;
  const time = new Float64Array(n);
  const probs = new Float64Array(n * k);
  for (let r = 0; r < n; r++) {
    const fields = lines[r + 1].split(',');
    time[r] = parseTime(fields[timeIndex] ?? '', r + 2, fileName);
    for (let j = 0; j < k; j++) {
      const raw = (fields[probIndex[j]] ?? '').trim();
      const v = raw === '' || raw.toLowerCase() === 'nan' ? NaN : Number(raw);
      if (raw !== '' && raw.toLowerCase() !== 'nan' && !Number.isFinite(v)) {
        throw new RegimeLabError('E_BAD_INPUT', `${fileName} line ${r + 2}: ${probNames[j]} '${raw}' is not a number`);
      }
      probs[r * k + j] = v;
    }
  }
  const series: RegimeSeries = { time, timeframe: options.timeframe, regimeCount: k, probs, hindsight: options.hindsight ?? false, source: `imported ${fileName}` };
  validateRegimeSeries(series, fileName);
  return series;
}
