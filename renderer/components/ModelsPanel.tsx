// The models panel: registered ONNX models (task, input, held-back metrics, TTT), the execution
// provider, "Run on this series" (models.predict → the resulting regime run is selected, so the chart
// draws its bands) and the research's evaluation tables (models.evaluate) for the chosen series.

import { useCallback, useEffect, useState } from 'react';
import type { Instrument, ModelInfo, Timeframe } from '../../core/contract/schemas.ts';
import type { JobKind, JobParams, JobParamsInput, JobResult, ModelEvaluation } from '../../core/contract/jobs.ts';
import { api } from '../api.ts';
import { runJob } from '../../core/contract/run-job.ts';
import { jobProgressHooks, type JobProgress } from '../state/job-progress.ts';

type Props = {
  instrument: Instrument;
  timeframe: Timeframe;
  selectedRunId: string | null;
  onSelectRun: (runId: string | null) => void;
};

type TttMode = JobParams<'models.predict'>['ttt'];

const fmt = (x: number | null | undefined, digits = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(2) : x.toFixed(digits));

function testMetrics(m: ModelInfo): string {
  const test = (m.training?.metrics.test ?? null) as Record<string, number> | null;
  if (!test) return '—';
  return m.task === 'volatility-forecast' ? `R² ${fmt(test.r2)} · QLIKE ${fmt(test.qlike)}` : `acc ${fmt(test.accuracy)} · Brier ${fmt(test.brier)}`;
}

export function ModelsPanel({ instrument, timeframe, selectedRunId, onSelectRun }: Props) {
  const [models, setModels] = useState<ModelInfo[]>([]);
  const [provider, setProvider] = useState<string>('');
  const [ttt, setTtt] = useState<TttMode>('none');
  const [job, setJob] = useState<JobProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [evaluation, setEvaluation] = useState<ModelEvaluation | null>(null);

  const refresh = useCallback(async (probeInference = false) => {
    const [list, info] = await Promise.all([api.call('models.list', {}), api.call('system.info', { probeInference })]);
    setModels(list);
    setProvider(info.inference.message);
  }, []);

  useEffect(() => {
    void refresh().catch((e: Error) => setError(e.message));
  }, [refresh]);

  const start = async <K extends JobKind>(kind: K, params: JobParamsInput<K>): Promise<JobResult<K> | null> => {
    setError(null);
    try {
      return await runJob(api, kind, params, jobProgressHooks(setJob));
    } catch (e) {
      setError((e as Error).message);
      return null;
    } finally {
      setJob(null);
      void refresh();
    }
  };

  const predict = async (m: ModelInfo) => {
    const params = { modelId: m.id, instrumentId: instrument.id, timeframe, ttt: m.task === 'regime-classifier' && m.ttt ? ttt : 'none', thresholdQuantile: 0.75, strideBars: 1 } satisfies JobParams<'models.predict'>;
    const result = await start('models.predict', params);
    if (result) onSelectRun(result.runId);
  };

  const evaluate = async (m: ModelInfo) => {
    const result = await start('models.evaluate', { modelIds: [m.id], instrumentId: instrument.id, timeframe, importance: m.task === 'volatility-forecast' });
    if (result) setEvaluation(result);
  };

  return (
    <aside className="regime-panel models-panel" data-testid="models-panel">
      <h3>ONNX models</h3>
      <div className="muted small" data-testid="inference-provider">
        Execution provider: {provider || '—'} <button className="link" onClick={() => void refresh(true)}>Detect</button>
      </div>
      <label>Test-time training (classifiers)
        <select value={ttt} onChange={(e) => setTtt(e.target.value as TttMode)} data-testid="models-ttt">
          <option value="none">none (baseline)</option>
          <option value="standard">standard</option>
          <option value="online">online</option>
          <option value="entropy">entropy-adaptive</option>
        </select>
      </label>
      <table className="grid" data-testid="models-list">
        <thead><tr><th>Model</th><th>Task</th><th>Held-back test</th><th /></tr></thead>
        <tbody>
          {models.map((m) => {
            const usable = m.timeframe === timeframe;
            const why = usable ? '' : `trained on ${m.timeframe} bars; this series is ${timeframe}`;
            return (
              <tr key={m.id} title={`${m.name}\n${m.input} → ${m.output}${m.ttt ? `\nTTT: ${m.ttt.aux}` : ''}`}>
                <td>{m.id}{m.source === 'imported' ? ' (imported)' : ''}</td>
                <td>{m.task === 'volatility-forecast' ? `vol forecast, ${m.horizonBars} bars` : `classifier${m.ttt ? ` · TTT ${m.ttt.aux}` : ''}`}</td>
                <td>{testMetrics(m)}</td>
                <td>
                  <button onClick={() => void predict(m)} disabled={job !== null || !usable} title={why || `Run on ${instrument.symbol} ${timeframe} and show the regime bands`} data-testid={`predict-${m.id}`}>Run on this series</button>
                  <button onClick={() => void evaluate(m)} disabled={job !== null || !usable} title={why || 'Evaluate on the last quarter of the series'}>Evaluate</button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {job && (
        <div className="progress-row" data-testid="models-progress">
          <progress max={1} value={job.progress} /> {job.message}
          <button className="link" onClick={() => void api.call('jobs.cancel', { jobId: job.jobId })}>Cancel</button>
        </div>
      )}
      {error && <div className="message error" role="alert">{error}</div>}
      {selectedRunId && <div className="muted small">Selected regime run: {selectedRunId.slice(0, 8)}…</div>}
      {evaluation && <EvaluationTable evaluation={evaluation} />}
    </aside>
  );
}

function EvaluationTable({ evaluation: e }: { evaluation: ModelEvaluation }) {
  const period = `${new Date(e.period.fromMs).toISOString().slice(0, 10)} → ${new Date(e.period.toMs - 1).toISOString().slice(0, 10)}`;
  return (
    <div className="evaluation" data-testid="models-evaluation">
      <h3>Evaluation · {e.symbol} {e.timeframe}{e.simulated ? ' (simulated)' : ''} · {period}</h3>
      {e.forecasters && (
        <>
          <table className="grid">
            <thead><tr><th>Model</th><th>R²</th><th>RMSE</th><th>QLIKE</th><th>MAE</th><th>Dir. acc</th><th>ΔQLIKE vs GARCH (p)</th></tr></thead>
            <tbody>
              {e.forecasters.rows.map((r) => (
                <tr key={r.model}>
                  <td>{r.model}</td><td>{fmt(r.accuracy.r2)}</td><td>{fmt(r.accuracy.rmse, 5)}</td><td>{fmt(r.accuracy.qlike)}</td><td>{fmt(r.accuracy.mae, 5)}</td><td>{fmt(r.accuracy.directionalAccuracy)}</td>
                  <td>{r.vsBaseline ? `${fmt(r.vsBaseline.qlike.meanLossDifferential)} (${fmt(r.vsBaseline.qlike.pValue)})` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {Object.entries(e.forecasters.importance).map(([id, groups]) => (
            <div key={id} className="muted small">Importance (R² lost when shuffled): {groups.map((g) => `${g.group} ${fmt(g.r2Drop)}`).join(', ')}</div>
          ))}
          <div className="muted small">n = {e.forecasters.n}; negative Δ = lower loss than {e.forecasters.baseline} (block bootstrap).</div>
        </>
      )}
      {e.classifier && (
        <table className="grid">
          <thead><tr><th>Mode</th><th>Accuracy</th><th>F1</th><th>ECE</th><th>Brier</th><th>IC</th><th>ms/sample</th></tr></thead>
          <tbody>
            {e.classifier.rows.map((r) => (
              <tr key={r.mode}>
                <td>{r.mode}</td><td>{fmt(r.evaluation.overall.accuracy)}</td><td>{fmt(r.evaluation.overall.f1)}</td><td>{fmt(r.evaluation.overall.expectedCalibrationError)}</td>
                <td>{fmt(r.evaluation.overall.brier)}</td><td>{fmt(r.evaluation.overall.informationCoefficient)}</td><td>{r.meanMs.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="muted small">Provider {e.provider}; {(e.durationMs / 1000).toFixed(1)} s.</div>
    </div>
  );
}
