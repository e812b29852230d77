// `regimelab fit` and `regimelab loglik` as users script them, checked against the references:
// fixed-parameter log-likelihoods of every model family and a published fit (DEM/GBP, fGarch).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, sharedPath } from '../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../helpers/temp.ts';

const bin = path.join(repoRoot, 'bin', 'regimelab.mjs');
const ref = (...p: string[]) => sharedPath('data', 'reference', ...p);

function regimelab(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('regimelab fit / loglik against the references', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(() => removeDir(dir));

  it('loglik at fGarch fixed parameters (named object) matches to 1e-8', async () => {
    const cases = (JSON.parse(fs.readFileSync(ref('garch', 'expected.json'), 'utf8')) as { fixed_param_loglik: { series: string; model: string; cond_dist: string; include_mean: boolean; params: Record<string, number>; loglik: number }[] }).fixed_param_loglik;
    const picked = [cases.find((c) => c.model === 'garch' && c.cond_dist === 'std')!, cases.find((c) => c.model === 'gjr' && c.cond_dist === 'sstd')!];
    for (const c of picked) {
      const dist = { norm: 'norm', std: 't', sstd: 'skewt' }[c.cond_dist]!;
      const { code, stdout, stderr } = await regimelab(['loglik', '--json', '--data-dir', dir, '--input', ref('garch', 'inputs', `${c.series}.csv`), '--column', 'r', '--model', c.model, '--dist', dist, c.include_mean ? '--mean' : '--no-mean', '--params', JSON.stringify(c.params)]);
      expect(code, stderr).toBe(0);
      expect(rel((JSON.parse(stdout) as { loglik: number }).loglik, c.loglik)).toBeLessThan(1e-8);
    }
  });

  it('loglik at MSGARCH fixed parameters (array in MSGARCH order) matches to 1e-8', async () => {
    const cases = (JSON.parse(fs.readFileSync(ref('msgarch', 'expected.json'), 'utf8')) as { fixed_param_cases: { series: string; model: string; dist: string; K: number; param_order: string[]; params: Record<string, number>; loglik: number }[] }).fixed_param_cases;
    const c = cases.find((x) => x.K === 2 && x.model === 'gjrGARCH' && x.dist === 'std') ?? cases.find((x) => x.K === 2)!;
    const args = ['loglik', '--json', '--data-dir', dir, '--input', ref('msgarch', 'inputs', `${c.series}.csv`), '--column', 'r', '--model', 'msgarch', '--variance', c.model === 'gjrGARCH' ? 'gjr' : 'garch', '--dist', c.dist === 'std' ? 't' : 'norm', '--regimes', String(c.K)];
    const { code, stdout, stderr } = await regimelab([...args, '--params', JSON.stringify(c.param_order.map((n) => c.params[n]))]);
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout) as { loglik: number; paramOrder: string[] };
    expect(out.paramOrder).toEqual(c.param_order);
    expect(rel(out.loglik, c.loglik)).toBeLessThan(1e-8);
    const wrong = await regimelab([...args, '--params', '[0.1, 0.2]']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/takes \d+ parameters in the order alpha0_1/);
  });

  it('loglik of the statsmodels and HMM references at their parameters', async () => {
    const markov = (JSON.parse(fs.readFileSync(ref('markov', 'cases.json'), 'utf8')) as { cases: { id: string; input: { file: string; column: string }; spec: { model: string; k_regimes: number; switching_variance: boolean; trend: string }; best_fit: { params: number[]; llf: number } }[] }).cases;
    const mr = markov.find((c) => c.spec.model === 'MarkovRegression' && c.spec.k_regimes === 2 && c.spec.switching_variance && c.spec.trend === 'c')!;
    const r1 = await regimelab(['loglik', '--json', '--data-dir', dir, '--input', ref('markov', mr.input.file), '--column', mr.input.column, '--model', 'msreg', '--regimes', '2', '--params', JSON.stringify(mr.best_fit.params)]);
    expect(r1.code, r1.stderr).toBe(0);
    expect(rel((JSON.parse(r1.stdout) as { loglik: number }).loglik, mr.best_fit.llf)).toBeLessThan(1e-8);

    const hmm = (JSON.parse(fs.readFileSync(ref('hmm', 'cases.json'), 'utf8')) as { cases: { input: { file: string; column: string }; K: number; fixed_params_init: { params: { startprob: number[]; transmat: number[][]; means: number[]; variances: number[] }; loglik: number } }[] }).cases[0];
    const p = hmm.fixed_params_init.params;
    const r2 = await regimelab(['loglik', '--json', '--data-dir', dir, '--input', ref('hmm', hmm.input.file), '--column', hmm.input.column, '--model', 'hmm', '--regimes', String(hmm.K), '--params', JSON.stringify([...p.startprob, ...p.transmat.flat(), ...p.means, ...p.variances])]);
    expect(r2.code, r2.stderr).toBe(0);
    expect(rel((JSON.parse(r2.stdout) as { loglik: number }).loglik, hmm.fixed_params_init.loglik)).toBeLessThan(1e-8);
  });

  it('fit reproduces the published DEM/GBP GARCH(1,1) (logL −1106.608) with the promised JSON fields, and writes probabilities', async () => {
    const garch = await regimelab(['fit', '--json', '--data-dir', dir, '--input', ref('garch', 'inputs', 'dem2gbp.csv'), '--column', 'r', '--model', 'garch', '--dist', 'norm', '--mean']);
    expect(garch.code, garch.stderr).toBe(0);
    const g = JSON.parse(garch.stdout) as Record<string, unknown> & { loglik: number; params: Record<string, number>; stderr: Record<string, number> };
    for (const field of ['loglik', 'aic', 'bic', 'nobs', 'params', 'stderr', 'transitionMatrix', 'stationary', 'expectedDurations', 'seconds']) expect(g, field).toHaveProperty(field);
    expect(g.loglik).toBeCloseTo(-1106.608, 3);
    expect(g.params.beta1).toBeCloseTo(0.805974, 4);
    expect(g.stderr.alpha1).toBeGreaterThan(0);

    const probs = path.join(dir, 'probs.csv');
    const ms = await regimelab(['fit', '--json', '--data-dir', dir, '--input', ref('garch', 'inputs', 'dem2gbp.csv'), '--column', 'r', '--model', 'msgarch', '--variance', 'garch', '--dist', 'norm', '--regimes', '2', '--probs', probs]);
    expect(ms.code, ms.stderr).toBe(0);
    const m = JSON.parse(ms.stdout) as { loglik: number; transitionMatrix: number[][]; stationary: number[]; expectedDurations: number[] };
    const msgarchFits = (JSON.parse(fs.readFileSync(ref('msgarch', 'expected.json'), 'utf8')) as { fits: { id: string; loglik: number }[] }).fits;
    expect(m.loglik).toBeGreaterThanOrEqual(msgarchFits.find((f) => f.id === 'dem2gbp__sGARCH__norm__K2')!.loglik - 1e-4);
    for (const row of m.transitionMatrix) expect(row[0] + row[1]).toBeCloseTo(1, 12);
    expect(m.expectedDurations[0]).toBeCloseTo(1 / (1 - m.transitionMatrix[0][0]), 8);
    const lines = fs.readFileSync(probs, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('t,filtered_1,filtered_2,predicted_1,predicted_2,smoothed_1,smoothed_2,viterbi,sigma_1,sigma_2');
    expect(lines).toHaveLength(1975);
  });

  it('fits from the store: the simulated sample via --symbol/--timeframe', async () => {
    const { code, stdout, stderr } = await regimelab(['fit', '--json', '--data-dir', dir, '--symbol', 'SIM-BTCUSD', '--timeframe', '1d', '--model', 'gjr', '--dist', 't']);
    expect(code, stderr).toBe(0);
    expect((JSON.parse(stdout) as { nobs: number }).nobs).toBe(1824);
    const bad = await regimelab(['fit', '--data-dir', dir, '--symbol', 'NOPE', '--timeframe', '1d', '--model', 'gjr']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/no instrument NOPE/);
  });
});
