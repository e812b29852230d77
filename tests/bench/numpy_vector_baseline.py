# The reference point, rerun in the same benchmark run: a vectorized numpy regime-leverage
# backtest over N bars (next-open fills, taker fee on turnover, funding every other 4h bar on the
# position notional, equity curve written out). Prints one JSON line: {"n", "reps", "min_ms", "median_ms"}.
# Run by tests/bench/backtest-vector.ts with /usr/bin/python3 (Debian's numpy).
# With a third argument V (`... N REPS V`), the sweep reference instead: V variants (low-vol leverage ×
# high-vol leverage × fee, as tests/bench/backtest-sweep.ts), each the run above plus its headline
# statistics (mean, volatility, Sharpe, Sortino, max drawdown, CAGR); min and median ms per variant
# over REPS passes (run by backtest-sweep.ts).
import json
import sys
import time

import numpy as np

n = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
rng = np.random.default_rng(7)
regime = (np.cumsum(rng.random(n) < 0.03) % 2).astype(np.int8)
sigma = np.where(regime == 0, 0.01, 0.03)
close = 100 * np.exp(np.cumsum(sigma * rng.standard_normal(n)))
open_ = np.empty(n)
open_[0] = 100.0
open_[1:] = close[:-1]
funding = np.where(np.arange(n) % 2 == 0, 0.0001, 0.0)
leverage_by_regime = np.array([1.5, 0.75])
fee, slip = 5e-4, 2e-4


def run(leverage_by_regime=leverage_by_regime, fee=fee):
    target = leverage_by_regime[regime]          # decided at the close of t
    held = np.empty(n)
    held[0] = 0.0
    held[1:] = target[:-1]                       # filled at the next open
    ret_open_close = close / open_ - 1.0
    ret_close_open = np.empty(n)
    ret_close_open[0] = 0.0
    ret_close_open[1:] = open_[1:] / close[:-1] - 1.0
    prev_held = np.empty(n)
    prev_held[0] = 0.0
    prev_held[1:] = held[:-1]
    turnover = np.abs(held - prev_held)
    growth = (1 + prev_held * ret_close_open) * (1 - turnover * (fee + slip)) * (1 + held * ret_open_close) * (1 - prev_held * funding)
    equity = 10_000.0 * np.cumprod(growth)
    return equity


def headline(equity, periods_per_year=2190.0):
    r = equity[1:] / equity[:-1] - 1.0
    mean = r.mean()
    sd = r.std(ddof=1)
    downside = np.sqrt(np.mean(np.minimum(r, 0.0) ** 2))
    peak = np.maximum.accumulate(equity)
    max_dd = float(np.max(1.0 - equity / peak))
    years = len(r) / periods_per_year
    cagr = (equity[-1] / equity[0]) ** (1 / years) - 1
    return {"sharpe": mean / sd * np.sqrt(periods_per_year), "sortino": mean / downside * np.sqrt(periods_per_year), "max_dd": max_dd, "cagr": cagr}


if len(sys.argv) > 3:
    variants = int(sys.argv[3])
    grid = [(1 + 0.1 * (v // 100 % 10), 0.3 + 0.1 * (v // 10 % 10), (v % 10) * 1e-4) for v in range(variants)]
    headline(run())
    per_variant = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for low, high, f in grid:
            headline(run(np.array([low, high]), f))
        per_variant.append((time.perf_counter() - t0) * 1000 / variants)
    per_variant.sort()
    print(json.dumps({"n": n, "reps": reps, "variants": variants, "min_ms": per_variant[0], "median_ms": per_variant[len(per_variant) // 2]}))
    sys.exit(0)

times = []
run()
for _ in range(reps):
    t0 = time.perf_counter()
    equity = run()
    times.append((time.perf_counter() - t0) * 1000)
times.sort()
print(json.dumps({"n": n, "reps": reps, "min_ms": times[0], "median_ms": times[len(times) // 2], "final_equity": float(equity[-1])}))
