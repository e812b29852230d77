// Fuzzy matching for the command palette: the query's characters must appear in order in the text
// (case-insensitive, spaces in the query ignored); the best alignment scores matches at word starts
// and runs of consecutive characters, so "tf 4" finds "Timeframe: 4h" and "rb" finds "Run backtest".

export type FuzzyMatch = { score: number; positions: number[] };

const WORD_START_BONUS = 8;
const CONSECUTIVE_BONUS = 5;
const GAP_PENALTY = 0.15;
const LEADING_PENALTY = 0.05;

function isWordStart(text: string, j: number): boolean {
  if (j === 0) return true;
  const before = text[j - 1];
  if (/[\s\-_./:()▸·]/.test(before)) return true;
  return before === before.toLowerCase() && text[j] !== text[j].toLowerCase();
}

/** The best alignment of `query` in `text`, or null when its characters do not all appear in order. */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const q = query.replace(/\s+/g, '').toLowerCase();
  if (q.length === 0) return { score: 0, positions: [] };
  const t = text.toLowerCase();
  const m = q.length;
  const n = t.length;
  if (m > n) return null;
  // best[i][j]: the best score with q[i] matched at t[j]; from[i][j]: where q[i-1] was matched.
  const best: Float64Array[] = [];
  const from: Int32Array[] = [];
  for (let i = 0; i < m; i++) {
    const row = new Float64Array(n).fill(-Infinity);
    const back = new Int32Array(n).fill(-1);
    // Running best of best[i-1][k] + GAP_PENALTY·k over k < j-1 (a gap before j), with its k.
    let gapBest = -Infinity;
    let gapFrom = -1;
    for (let j = i; j < n; j++) {
      if (i > 0 && j >= 2) {
        const k = j - 2;
        const candidate = best[i - 1][k] + GAP_PENALTY * k;
        if (candidate > gapBest) {
          gapBest = candidate;
          gapFrom = k;
        }
      }
      if (t[j] !== q[i]) continue;
      const own = 1 + (isWordStart(text, j) ? WORD_START_BONUS : 0);
      if (i === 0) {
        row[j] = own - LEADING_PENALTY * j;
        continue;
      }
      const consecutive = best[i - 1][j - 1] + CONSECUTIVE_BONUS;
      const gapped = gapBest - GAP_PENALTY * (j - 1);
      if (consecutive >= gapped && Number.isFinite(consecutive)) {
        row[j] = own + consecutive;
        back[j] = j - 1;
      } else if (Number.isFinite(gapped)) {
        row[j] = own + gapped;
        back[j] = gapFrom;
      }
    }
    best.push(row);
    from.push(back);
  }
  let end = -1;
  for (let j = 0; j < n; j++) if (best[m - 1][j] > (end < 0 ? -Infinity : best[m - 1][end])) end = j;
  if (end < 0) return null;
  const positions = new Array<number>(m);
  for (let i = m - 1, j = end; i >= 0; i--) {
    positions[i] = j;
    j = from[i][j];
  }
  return { score: best[m - 1][end], positions };
}
