// Information criteria of a fitted GARCH model. fGarch reports them per observation
// (fit@fit$ics: AIC = (−2·loglik + 2k)/N, BIC = (−2·loglik + k·log N)/N, SIC = log((N+2k)/N) − 2·loglik/N,
// HQIC = (−2·loglik + 2k·log log N)/N); the plain totals (AIC = −2·loglik + 2k, …) are given beside them.

export type InformationCriteria = {
  /** Per observation, as fGarch's fit@fit$ics. */
  aic: number;
  bic: number;
  sic: number;
  hqic: number;
  /** Plain totals: −2·loglik + penalty. */
  totals: { aic: number; bic: number; hqic: number };
};

export function informationCriteria(loglik: number, parameterCount: number, nobs: number): InformationCriteria {
  const k = parameterCount;
  const n = nobs;
  const deviance = -2 * loglik;
  const totals = {
    aic: deviance + 2 * k,
    bic: deviance + k * Math.log(n),
    hqic: deviance + 2 * k * Math.log(Math.log(n)),
  };
  return {
    aic: totals.aic / n,
    bic: totals.bic / n,
    sic: Math.log((n + 2 * k) / n) + deviance / n,
    hqic: totals.hqic / n,
    totals,
  };
}
