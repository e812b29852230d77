// Fixed, locale-free number formatting for the report: the same value always prints the same text
// on every machine (no toLocaleString, no Intl), so a rendered report is byte-for-byte reproducible.

export type NumberFormat = 'pct' | 'pctPlain' | 'pctValue' | 'pct1' | 'ratio' | 'ratio3' | 'num4' | 'int' | 'money' | 'x' | 'pvalue' | 'date' | 'datetime' | 'duration' | 'bars' | 'text';

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** 1234567.891 → "1,234,567.89" (fixed decimals, comma thousands). */
export function groupThousands(value: number, decimals: number): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, frac] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && Number(fixed) !== 0 ? '−' : '';
  return sign + grouped + (frac !== undefined ? `.${frac}` : '');
}

function signed(text: string, value: number): string {
  return value < 0 && text !== '0' && !/^0(\.0+)?$/.test(text) ? `−${text}` : text;
}

function fixed(value: number, decimals: number): string {
  return signed(Math.abs(value).toFixed(decimals), value);
}

/** ISO date (UTC) of a millisecond time: 2024-03-01. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** ISO date and minute (UTC): 2024-03-01 04:00. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** A duration as days (and hours below two days): "37.5 d", "6 h". */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 2 * MS_PER_HOUR) return `${groupThousands(ms / 60_000, 1)} min`;
  if (ms < 2 * MS_PER_DAY) return `${groupThousands(ms / MS_PER_HOUR, 0)} h`;
  return `${groupThousands(ms / MS_PER_DAY, 1)} d`;
}

/** The text shown for a value in a format; null and non-finite numbers print as an en dash. */
export function formatValue(value: number | string | boolean | null | undefined, format: NumberFormat): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return value === Infinity ? '∞' : value === -Infinity ? '−∞' : '–';
  switch (format) {
    case 'pct':
      return `${fixed(100 * value, 2)}%`;
    case 'pctPlain':
      return `${fixed(100 * value, 2)}%`;
    case 'pctValue':
      return `${fixed(value, 2)}%`;
    case 'pct1':
      return `${fixed(100 * value, 1)}%`;
    case 'ratio':
      return fixed(value, 2);
    case 'ratio3':
      return fixed(value, 3);
    case 'num4':
      return fixed(value, 4);
    case 'int':
      return groupThousands(value, 0);
    case 'money':
      return groupThousands(value, 2);
    case 'x':
      return `${fixed(value, 2)}x`;
    case 'pvalue':
      return value < 0.0001 ? '<0.0001' : value.toFixed(4);
    case 'date':
      return formatDate(value);
    case 'datetime':
      return formatDateTime(value);
    case 'duration':
      return formatDuration(value);
    case 'bars':
      return `${groupThousands(value, 0)} bars`;
    case 'text':
      return String(value);
  }
}

/** The exact value carried in data-value attributes (tests read it back): shortest round-trip text. */
export function rawValue(value: number | string | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

/** A chart coordinate rounded to 7 significant digits (charts do not need more; keeps the file small). */
export function chartNumber(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(7)) : 0;
}
