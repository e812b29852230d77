#!/usr/bin/python3
"""Independent reference values for core/metrics (issue 5).

Run with Debian's interpreter (numpy / scipy / statsmodels from apt):
    /usr/bin/python3 tests/reference-scripts/metrics_reference.py
It generates fixed deterministic inputs from a numpy seed, computes every statistic with
numpy / scipy / statsmodels (or, where no library has the statistic, with the published formula
written independently here), and writes inputs and outputs to tests/fixtures/metrics/reference.json.
CI does not run Python: the JSON is committed and the vitest suites read it.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
import scipy.integrate as integrate
import scipy.optimize as optimize
import scipy.special as special
import scipy.stats as st
import statsmodels
import statsmodels.api as sm
from statsmodels.stats.diagnostic import acorr_ljungbox, het_arch
from statsmodels.tsa.stattools import acf

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "metrics", "reference.json")
SEED = 20240601
DAY_MS = 86_400_000
T0 = 1_609_459_200_000  # 2021-01-01T00:00:00Z

rng = np.random.default_rng(SEED)


def flist(x):
    return [float(v) for v in np.asarray(x, dtype=float).ravel()]


# ---------------------------------------------------------------- inputs
n_daily = 1000
returns_t = 0.0004 + 0.012 * rng.standard_t(4, size=n_daily) / math.sqrt(2.0)
equity = 1000.0 * np.concatenate([[1.0], np.cumprod(1.0 + returns_t)])
time = T0 + DAY_MS * np.arange(n_daily + 1, dtype=float)

# GARCH(1,1) returns for ARCH-LM / ACF.
n_garch = 1500
omega_g, alpha_g, beta_g = 2e-6, 0.1, 0.85
h = omega_g / (1 - alpha_g - beta_g)
garch = np.empty(n_garch)
for t in range(n_garch):
    z = rng.standard_normal()
    garch[t] = math.sqrt(h) * z
    h = omega_g + alpha_g * garch[t] ** 2 + beta_g * h

# Volatility forecasts vs realized.
n_fc = 800
true_vol = 0.01 * np.exp(0.3 * np.cumsum(rng.standard_normal(n_fc)) / math.sqrt(n_fc) * 5)
realized = true_vol * np.exp(0.25 * rng.standard_normal(n_fc))
forecast_a = true_vol * np.exp(0.10 * rng.standard_normal(n_fc))
forecast_b = true_vol * np.exp(0.30 * rng.standard_normal(n_fc) + 0.05)

# Classifier.
n_cl = 600
rv_cl = np.exp(rng.standard_normal(n_cl) * 0.5) * 0.02
labels_cl = (rv_cl > np.quantile(rv_cl[:300], 0.75)).astype(int)
prob_cl = 1 / (1 + np.exp(-(3 * (np.log(rv_cl / 0.02)) + 0.8 * rng.standard_normal(n_cl) - 0.5)))
prob_cl = np.round(prob_cl, 6)

# OHLC.
n_ohlc = 300
close = 100 * np.exp(np.cumsum(0.01 * rng.standard_normal(n_ohlc)))
open_ = np.concatenate([[100.0], close[:-1]]) * np.exp(0.002 * rng.standard_normal(n_ohlc))
high = np.maximum(open_, close) * np.exp(np.abs(0.006 * rng.standard_normal(n_ohlc)))
low = np.minimum(open_, close) * np.exp(-np.abs(0.006 * rng.standard_normal(n_ohlc)))

# Three correlated assets and a high-vol mask.
n_as = 500
cov = np.array([[1.0, 0.6, 0.3], [0.6, 1.0, 0.5], [0.3, 0.5, 1.0]])
assets = rng.multivariate_normal(np.zeros(3), cov, size=n_as) * 0.02
mask = (np.abs(assets[:, 0]) > 0.02).astype(int)

# Trades.
n_tr = 40
tr_entry = T0 + DAY_MS * np.sort(rng.integers(0, 900, size=n_tr)).astype(float)
tr_hold = DAY_MS * rng.integers(1, 20, size=n_tr).astype(float)
tr_pnl = np.round(rng.normal(15, 120, size=n_tr), 2)
tr_side = ["long" if s > 0.35 else "short" for s in rng.random(n_tr)]
tr_entry_px = np.round(100 * np.exp(0.05 * rng.standard_normal(n_tr)), 4)
tr_exit_px = np.round(tr_entry_px * np.exp(0.04 * rng.standard_normal(n_tr)), 4)
tr_fees = np.round(np.abs(rng.normal(2, 0.5, size=n_tr)), 4)
tr_mae = -np.round(np.abs(rng.normal(50, 30, size=n_tr)), 2)
tr_mfe = np.round(np.abs(rng.normal(80, 40, size=n_tr)), 2)
trades = [
    dict(entryTime=float(tr_entry[i]), exitTime=float(tr_entry[i] + tr_hold[i]), side=tr_side[i], qty=1.0,
         entryPrice=float(tr_entry_px[i]), exitPrice=float(tr_exit_px[i]), pnl=float(tr_pnl[i]),
         fees=float(tr_fees[i]), mae=float(tr_mae[i]), mfe=float(tr_mfe[i]))
    for i in range(n_tr)
]

# ---------------------------------------------------------------- distributions
dist = {}
zs = [-8.5, -5.0, -3.1, -1.96, -0.5, 0.0, 0.3, 1.2, 2.5, 4.0, 7.0]
dist["normal_cdf"] = [[z, float(st.norm.cdf(z))] for z in zs]
ps = [1e-12, 1e-6, 0.001, 0.01, 0.025, 0.05, 0.3, 0.5, 0.8, 0.975, 0.99, 0.999999]
dist["normal_ppf"] = [[p, float(st.norm.ppf(p))] for p in ps]
dist["t_cdf"] = [[x, nu, float(st.t.cdf(x, nu))] for nu in [1.0, 2.5, 4.0, 10.0, 60.0] for x in [-30.0, -4.0, -1.5, -0.2, 0.7, 2.0, 9.0]]
def t_ppf(p, nu, loc=0.0, scale=1.0):
    """scipy 1.10's t.ppf (stdtrit) is only good to ~1e-10 relative; polish it on the betainc-based CDF."""
    x0 = st.t.ppf(p, nu)
    span = 1e-6 * max(1.0, abs(x0))
    x = optimize.brentq(lambda x: st.t.cdf(x, nu) - p, x0 - span, x0 + span, xtol=1e-300, rtol=8.9e-16, maxiter=500)
    return loc + scale * x


dist["t_ppf"] = [[p, nu, float(t_ppf(p, nu))] for nu in [1.0, 2.5, 4.0, 10.0, 60.0] for p in [1e-6, 0.001, 0.01, 0.05, 0.4, 0.9, 0.995]]
dist["chi2_sf"] = [[x, k, float(st.chi2.sf(x, k))] for k in [1, 2, 3, 5, 10] for x in [0.001, 0.5, 3.84, 9.2, 40.0, 200.0]]
dist["gammaln"] = [[x, float(special.gammaln(x))] for x in [0.1, 0.5, 1.0, 1.5, 3.7, 10.0, 125.5, 251.0, 1001.0]]
dist["betainc"] = [[a, b, x, float(special.betainc(a, b, x))] for (a, b) in [(0.5, 0.5), (2.0, 3.0), (10.0, 0.5), (0.5, 30.0)] for x in [0.01, 0.3, 0.7, 0.99]]
dist["gammainc"] = [[a, x, float(special.gammainc(a, x)), float(special.gammaincc(a, x))] for a in [0.5, 1.0, 4.5, 30.0] for x in [0.1, 2.0, 10.0, 45.0]]

# ---------------------------------------------------------------- returns / risk / drawdown
r = np.diff(equity) / equity[:-1]
ppy = 365
sd1 = r.std(ddof=1)
years = (time[-1] - time[0]) / (365 * DAY_MS)
peak = np.maximum.accumulate(equity)
dd = equity / peak - 1
downside = math.sqrt(np.sum(np.minimum(r, 0) ** 2) / len(r))
cagr = (equity[-1] / equity[0]) ** (1 / years) - 1
mdd = float(-dd.min())
ulcer = math.sqrt(np.mean(dd ** 2))
rr = dict(
    totalReturn=float(equity[-1] / equity[0] - 1),
    cagr=float(cagr),
    years=float(years),
    annualizedVolatility=float(sd1 * math.sqrt(ppy)),
    sharpe=float(r.mean() / sd1 * math.sqrt(ppy)),
    sharpeRf=float((r.mean() - ((1.03) ** (1 / ppy) - 1)) / sd1 * math.sqrt(ppy)),
    sortino=float(r.mean() / downside * math.sqrt(ppy)),
    downsideDeviation=float(downside),
    omega=float(np.sum(np.maximum(r, 0)) / np.sum(np.maximum(-r, 0))),
    tailRatio=float(abs(np.percentile(r, 95)) / abs(np.percentile(r, 5))),
    skew=float(st.skew(r)),
    excessKurtosis=float(st.kurtosis(r)),
    skewUnbiased=float(st.skew(r, bias=False)),
    excessKurtosisUnbiased=float(st.kurtosis(r, bias=False)),
    bestPeriod=float(r.max()),
    worstPeriod=float(r.min()),
    maxDrawdown=mdd,
    timeUnderwater=float(np.mean(dd < 0)),
    ulcerIndex=float(ulcer),
    calmar=float(cagr / mdd),
    ulcerPerformanceIndex=float(cagr / ulcer),
)
# Worst drawdown episode: peak, trough, recovery.
trough = int(np.argmin(dd))
peak_idx = int(np.argmax(equity[: trough + 1]))
rec = np.nonzero(equity[trough:] >= equity[peak_idx])[0]
rr["maxDrawdownPeakIndex"] = peak_idx
rr["maxDrawdownTroughIndex"] = trough
rr["maxDrawdownRecoveryIndex"] = int(trough + rec[0]) if len(rec) else None

# ---------------------------------------------------------------- VaR / ES
def t_mle(x):
    df0, loc0, sc0 = st.t.fit(x)
    nll = lambda th: -np.sum(st.t.logpdf(x, math.exp(th[0]), th[1], math.exp(th[2])))
    res = optimize.minimize(nll, [math.log(df0), loc0, math.log(sc0)], method="Nelder-Mead",
                            options=dict(xatol=1e-12, fatol=1e-12, maxiter=20000, maxfev=40000))
    df, loc, sc = math.exp(res.x[0]), res.x[1], math.exp(res.x[2])
    return dict(df=df, loc=loc, scale=sc, logLikelihood=float(-res.fun), scipyFitDf=float(df0))


tfit = t_mle(r)
var = {"studentTFit": tfit, "levels": {}}
S, K = st.skew(r), st.kurtosis(r)
mu, sig = r.mean(), r.std(ddof=1)
for level in [0.95, 0.99]:
    p = 1 - level
    q = np.quantile(r, p)
    z = st.norm.ppf(p)
    tq = t_ppf(p, tfit["df"], tfit["loc"], tfit["scale"])
    t_es = -integrate.quad(lambda x: x * st.t.pdf(x, tfit["df"], tfit["loc"], tfit["scale"]), -np.inf, tq, epsabs=1e-14, epsrel=1e-12)[0] / p
    zcf = lambda zz: zz + (zz ** 2 - 1) * S / 6 + (zz ** 3 - 3 * zz) * K / 24 - (2 * zz ** 3 - 5 * zz) * S ** 2 / 36
    cf_es = -(mu + sig * integrate.quad(lambda u: zcf(st.norm.ppf(u)), 0, p, epsabs=1e-14, epsrel=1e-12, limit=200)[0] / p)
    var["levels"][str(level)] = dict(
        historicalVar=float(-q),
        historicalEs=float(-r[r <= q].mean()),
        normalVar=float(-(mu + sig * z)),
        normalEs=float(-integrate.quad(lambda x: x * st.norm.pdf(x, mu, sig), -np.inf, mu + sig * z, epsabs=1e-16, epsrel=1e-12)[0] / p),
        studentTVar=float(-tq),
        studentTEs=float(t_es),
        cornishFisherVar=float(-(mu + sig * zcf(z))),
        cornishFisherEs=float(cf_es),
    )

# Model-based: unit-variance t(5) innovations and a two-regime normal mixture.
sig_model = np.array([0.01, 0.02, 0.015, 0.03])
mean_model = np.array([0.0, 0.001, -0.0005, 0.0])
nu_m = 5.0
unit_scale = math.sqrt((nu_m - 2) / nu_m)
model_t_var = [float(-(mean_model[i] + sig_model[i] * unit_scale * t_ppf(0.01, nu_m))) for i in range(4)]
w1 = np.array([0.2, 0.7, 0.5, 0.95])
s_low = np.array([0.01, 0.012, 0.008, 0.01])
s_high = np.array([0.03, 0.04, 0.05, 0.035])
nu_mix = [None, 4.0]
mix_var, mix_es = [], []
for i in range(4):
    def comp_cdf(x, s, nu):
        if nu is None:
            return st.norm.cdf(x, 0, s)
        return st.t.cdf(x, nu, 0, s * math.sqrt((nu - 2) / nu))
    def comp_pdf(x, s, nu):
        if nu is None:
            return st.norm.pdf(x, 0, s)
        return st.t.pdf(x, nu, 0, s * math.sqrt((nu - 2) / nu))
    f = lambda x: (1 - w1[i]) * comp_cdf(x, s_low[i], nu_mix[0]) + w1[i] * comp_cdf(x, s_high[i], nu_mix[1]) - 0.01
    qmix = optimize.brentq(f, -1, 0, xtol=1e-16, rtol=1e-15)
    mix_var.append(float(-qmix))
    pe = integrate.quad(lambda x: x * ((1 - w1[i]) * comp_pdf(x, s_low[i], nu_mix[0]) + w1[i] * comp_pdf(x, s_high[i], nu_mix[1])), -np.inf, qmix, epsabs=1e-15, epsrel=1e-12)[0]
    mix_es.append(float(-pe / 0.01))
var["model"] = dict(sigma=flist(sig_model), mean=flist(mean_model), nu=nu_m, tVar99=model_t_var,
                    mixture=dict(weightHigh=flist(w1), sigmaLow=flist(s_low), sigmaHigh=flist(s_high), nuHigh=4.0, var99=mix_var, es99=mix_es))

# ---------------------------------------------------------------- inference
sr = r.mean() / sd1
g3 = st.skew(r)
g4 = st.kurtosis(r, fisher=False)
T = len(r)
def psr(sr_hat, sr_star):
    return float(st.norm.cdf((sr_hat - sr_star) * math.sqrt(T - 1) / math.sqrt(1 - g3 * sr_hat + (g4 - 1) / 4 * sr_hat ** 2)))
trial_sharpes = rng.normal(0.02, 0.015, size=25)
V = trial_sharpes.var(ddof=1)
N = len(trial_sharpes)
gamma = 0.5772156649015329
sr0 = math.sqrt(V) * ((1 - gamma) * st.norm.ppf(1 - 1 / N) + gamma * st.norm.ppf(1 - 1 / (N * math.e)))
z95 = st.norm.ppf(0.95)
inference = dict(
    sharpePerPeriod=float(sr), skew=float(g3), rawKurtosis=float(g4), n=T,
    psr0=psr(sr, 0.0), psrBench=psr(sr, 0.01),
    trialSharpes=flist(trial_sharpes), expectedMaxSharpe=float(sr0), dsr=psr(sr, sr0),
    minTrl=float(1 + (1 - g3 * sr + (g4 - 1) / 4 * sr ** 2) * (z95 / (sr - 0.0)) ** 2),
)

# ---------------------------------------------------------------- exploration (statsmodels)
g = garch
gd = g - g.mean()
lm, lm_p, _, _ = het_arch(gd, nlags=5)
lb_r = acorr_ljungbox(g, lags=[10])
lb_sq = acorr_ljungbox(gd ** 2, lags=[10])
jb = st.jarque_bera(g)
gfit = t_mle(g)
explore = dict(
    mean=float(g.mean()), std=float(g.std(ddof=1)), skew=float(st.skew(g)), excessKurtosis=float(st.kurtosis(g)),
    jarqueBera=float(jb.statistic), jarqueBeraP=float(jb.pvalue),
    archLm=float(lm), archLmP=float(lm_p),
    acfReturns=flist(acf(g, nlags=20, adjusted=False, fft=False)),
    acfSquared=flist(acf(gd ** 2, nlags=20, adjusted=False, fft=False)),
    ljungBox=float(np.asarray(lb_r["lb_stat"])[0]), ljungBoxP=float(np.asarray(lb_r["lb_pvalue"])[0]),
    ljungBoxSquared=float(np.asarray(lb_sq["lb_stat"])[0]), ljungBoxSquaredP=float(np.asarray(lb_sq["lb_pvalue"])[0]),
    studentT=gfit,
    empiricalVar99=float(-np.quantile(g, 0.01)),
    normalVar99=float(-(g.mean() + g.std(ddof=1) * st.norm.ppf(0.01))),
    corr=[flist(row) for row in np.corrcoef(assets.T)],
    corrMasked=[flist(row) for row in np.corrcoef(assets[mask == 1].T)],
)

# ---------------------------------------------------------------- forecast evaluation
def qlike(f, y):
    ratio = y ** 2 / f ** 2
    return ratio - np.log(ratio) - 1

mz = sm.OLS(realized, sm.add_constant(forecast_a)).fit()
def dm(la, lb, hh):
    d = la - lb
    n = len(d)
    dbar = d.mean()
    gam = [np.sum((d[k:] - dbar) * (d[: n - k] - dbar)) / n for k in range(hh)]
    lrv = gam[0] + 2 * sum(gam[1:])
    stat = dbar / math.sqrt(lrv / n)
    hln = stat * math.sqrt((n + 1 - 2 * hh + hh * (hh - 1) / n) / n)
    return dict(statistic=float(stat), pValue=float(2 * st.norm.sf(abs(stat))), hln=float(hln), hlnP=float(2 * st.t.sf(abs(hln), n - 1)), mean=float(dbar))
dir_hits = 0
dir_n = 0
for t in range(1, n_fc):
    a = np.sign(realized[t] - realized[t - 1])
    if a == 0:
        continue
    dir_n += 1
    dir_hits += int(np.sign(forecast_a[t] - realized[t - 1]) == a)
forecast = dict(
    mse=float(np.mean((forecast_a - realized) ** 2)), mae=float(np.mean(np.abs(forecast_a - realized))),
    rmse=float(math.sqrt(np.mean((forecast_a - realized) ** 2))), qlike=float(np.mean(qlike(forecast_a, realized))),
    r2=float(1 - np.sum((forecast_a - realized) ** 2) / np.sum((realized - realized.mean()) ** 2)),
    mzAlpha=float(mz.params[0]), mzBeta=float(mz.params[1]), mzR2=float(mz.rsquared),
    directionalAccuracy=dir_hits / dir_n,
    dmMse=dm((forecast_a - realized) ** 2, (forecast_b - realized) ** 2, 1),
    dmQlikeH5=dm(qlike(forecast_a, realized), qlike(forecast_b, realized), 5),
)

# ---------------------------------------------------------------- classifier
def cl_scores(sel):
    p = prob_cl[sel]
    y = labels_cl[sel]
    v = rv_cl[sel]
    pred = (p >= 0.5).astype(int)
    tp = int(np.sum((pred == 1) & (y == 1))); fp = int(np.sum((pred == 1) & (y == 0)))
    tn = int(np.sum((pred == 0) & (y == 0))); fn = int(np.sum((pred == 0) & (y == 1)))
    prec = tp / (tp + fp) if tp + fp else None
    rec = tp / (tp + fn) if tp + fn else None
    f1 = 2 * prec * rec / (prec + rec) if prec is not None and rec is not None and prec + rec > 0 else None
    bins = np.minimum(9, np.floor(p * 10).astype(int))
    ece = sum(np.sum(bins == b) / len(p) * abs(p[bins == b].mean() - y[bins == b].mean()) for b in range(10) if np.any(bins == b))
    return dict(n=int(len(p)), accuracy=(tp + tn) / len(p), precision=prec, recall=rec, f1=f1, ece=float(ece),
                brier=float(np.mean((p - y) ** 2)), ic=float(st.spearmanr(p, v).statistic), tp=tp, fp=fp, tn=tn, fn=fn)
edges = np.quantile(rv_cl, [0, 0.25, 0.5, 0.75, 1])
quart = [rv_cl <= edges[1]] + [(rv_cl > edges[k]) & (rv_cl <= edges[k + 1]) for k in (1, 2, 3)]
classifier = dict(overall=cl_scores(np.ones(n_cl, bool)), quartiles=[cl_scores(qm) for qm in quart], edges=flist(edges))

# ---------------------------------------------------------------- realized vol
lr = np.diff(np.log(close))
hz = 10
fwd = [float(np.std(lr[t: t + hz], ddof=1)) for t in range(n_ohlc - hz)]
park = np.log(high / low) ** 2 / (4 * math.log(2))
gk = 0.5 * np.log(high / low) ** 2 - (2 * math.log(2) - 1) * np.log(close / open_) ** 2
fwd_park = [float(math.sqrt(np.mean(park[t + 1: t + 1 + hz]))) for t in range(n_ohlc - hz)]
fwd_gk = [float(math.sqrt(max(0, np.mean(gk[t + 1: t + 1 + hz])))) for t in range(n_ohlc - hz)]
train_end = 150
thr = float(np.quantile(np.asarray(fwd)[:train_end], 0.75))
realized_vol = dict(horizon=hz, forward=fwd, parkinson=flist(park[:20]), garmanKlass=flist(gk[:20]),
                    forwardParkinson=fwd_park, forwardGarmanKlass=fwd_gk, trainEnd=train_end, threshold=thr,
                    highCount=int(np.sum(np.asarray(fwd) > thr)))

# ---------------------------------------------------------------- trades
pnl = tr_pnl
wins = pnl[pnl > 0]; losses = pnl[pnl < 0]
streak = lambda cond: max((len(s) for s in "".join("1" if c else "0" for c in cond).split("0")), default=0)
holds = tr_hold
trades_ref = dict(
    count=n_tr, wins=int(len(wins)), losses=int(len(losses)), winRate=float(len(wins) / n_tr),
    profitFactor=float(wins.sum() / -losses.sum()), payoffRatio=float(wins.mean() / -losses.mean()),
    expectancy=float(pnl.mean()), sqn=float(math.sqrt(n_tr) * pnl.mean() / pnl.std(ddof=1)),
    longestWinStreak=streak(pnl > 0), longestLossStreak=streak(pnl < 0),
    meanHoldMs=float(holds.mean()), medianHoldMs=float(np.median(holds)),
)

# ---------------------------------------------------------------- NautilusTrader names (252) on daily returns
nautilus = dict(
    sharpe252=float(r.mean() / r.std(ddof=1) * math.sqrt(252)),
    sortino252=float(r.mean() / math.sqrt(np.sum(r[r < 0] ** 2) / len(r)) * math.sqrt(252)),
    vol252=float(r.std(ddof=1) * math.sqrt(252)),
    profitFactor=float(r[r > 0].sum() / -r[r < 0].sum()),
    riskReturn=float(r.mean() / r.std(ddof=1)),
    skewPandas=float(st.skew(r, bias=False)), kurtPandas=float(st.kurtosis(r, bias=False)),
    longRatio=float(sum(1 for s in tr_side if s == "long") / n_tr),
    maxWinner=float(pnl[pnl > 0].max()), minWinner=float(pnl[pnl > 0].min()),
    maxLoser=float(pnl[pnl <= 0].min()), minLoser=float(pnl[pnl <= 0].max()),
)

ref = dict(
    generated_by="tests/reference-scripts/metrics_reference.py",
    software=dict(python=sys.version.split()[0], numpy=np.__version__, scipy=scipy.__version__, statsmodels=statsmodels.__version__),
    seed=SEED,
    inputs=dict(equity=flist(equity), time=flist(time), garch=flist(garch), realized=flist(realized),
                forecastA=flist(forecast_a), forecastB=flist(forecast_b), probHigh=flist(prob_cl), labels=[int(v) for v in labels_cl],
                realizedVol=flist(rv_cl), open=flist(open_), high=flist(high), low=flist(low), close=flist(close),
                assets=[flist(assets[:, k]) for k in range(3)], highVolMask=[int(v) for v in mask], trades=trades),
    distributions=dist, returnsRisk=rr, var=var, inference=inference, explore=explore, forecast=forecast,
    classifier=classifier, realizedVol=realized_vol, trades=trades_ref, nautilus=nautilus,
)
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as fh:
    json.dump(ref, fh, separators=(",", ":"))
print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")
