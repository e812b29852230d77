// Byte-level parsers for one CSV field: decimal numbers and timestamps, read straight from the
// file's Uint8Array without creating a string per field. Numbers are bit-identical to Number(text);
// timestamps become UTC milliseconds with the notation they were written in (TIME_KIND).

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_FALLBACK_FIELD_BYTES = 64;
const decoder = new TextDecoder();

/**
 * Side results of the last parse (kept in one object so the hot loop allocates nothing):
 * `failed` when the field could not be read as a number or a time, `timeKind` the TIME_KIND of the
 * last timestamp parsed.
 */
export const fieldStatus = { failed: false, timeKind: 0 as number };

export const TIME_KIND = {
  EPOCH_S: 1,
  EPOCH_MS: 2,
  EPOCH_US: 3,
  EPOCH_NS: 4,
  ISO_Z: 5,
  ISO_OFFSET: 6,
  NAIVE_DATETIME: 7,
  DATE_ONLY: 8,
  NATIVE: 9,
} as const;
export type TimeKind = (typeof TIME_KIND)[keyof typeof TIME_KIND];

export const TIME_KIND_LABEL: Record<TimeKind, string> = {
  1: 'epoch seconds',
  2: 'epoch milliseconds',
  3: 'epoch microseconds',
  4: 'epoch nanoseconds',
  5: 'ISO 8601 UTC (Z)',
  6: 'ISO 8601 with UTC offset',
  7: 'date-time without zone (treated as UTC)',
  8: 'date only (00:00 UTC)',
  9: 'native timestamp column',
};

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE_TEXT = /^[+-]?(nan|inf|infinity)$/i;

/** The field's text, for messages and the slow path; long fields are cut. */
export function fieldText(bytes: Uint8Array, start: number, end: number, maxLength = 40): string {
  const text = decoder.decode(bytes.subarray(start, Math.min(end, start + maxLength)));
  return end - start > maxLength ? `${text}…` : text;
}

function slowNumber(bytes: Uint8Array, start: number, end: number): number {
  if (end - start > MAX_FALLBACK_FIELD_BYTES) {
    fieldStatus.failed = true;
    return Number.NaN;
  }
  const text = decoder.decode(bytes.subarray(start, end)).trim();
  if (NUMBER_TEXT.test(text)) return Number(text);
  if (NON_FINITE_TEXT.test(text)) return text.toLowerCase().includes('nan') ? Number.NaN : text.startsWith('-') ? -Infinity : Infinity;
  fieldStatus.failed = true;
  return Number.NaN;
}

/**
 * Decimal number in bytes[start, end). Fast path: at most 2^53 as integer mantissa and at most 22
 * fraction digits, where mantissa / 10^k is one correctly rounded division, i.e. exactly Number(text).
 * Anything else (exponents, spaces, 'NaN') goes through Number(). Sets `fieldStatus.failed` on garbage.
 */
export function parseNumberField(bytes: Uint8Array, start: number, end: number): number {
  fieldStatus.failed = false;
  let i = start;
  let negative = false;
  const first = bytes[i];
  if (first === 45) {
    negative = true;
    i++;
  } else if (first === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  let dot = false;
  for (; i < end; i++) {
    const c = bytes[i] - 48;
    if (c >= 0 && c <= 9) {
      mantissa = mantissa * 10 + c;
      digits++;
      if (dot) fractionDigits++;
    } else if (c === -2 && !dot) dot = true;
    else break;
  }
  if (i !== end || digits === 0 || mantissa > Number.MAX_SAFE_INTEGER || fractionDigits > 22) return slowNumber(bytes, start, end);
  const value = fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits];
  return negative ? -value : value;
}

function digitsAt(bytes: Uint8Array, p: number, count: number, end: number): number {
  if (p + count > end) return -1;
  let v = 0;
  for (let k = 0; k < count; k++) {
    const c = bytes[p + k] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return false;
  if (month === 2 && day === 29) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return true;
}

function failTime(): number {
  fieldStatus.failed = true;
  return Number.NaN;
}

/**
 * A timestamp in bytes[start, end) as UTC ms. Epoch integers are classified by magnitude
 * (< 1e11 seconds, < 1e14 ms, < 1e17 µs, else ns: unambiguous for dates 1973–5138), so Binance's
 * 16-digit microseconds (spot files from 2025-01-01) are recognised per row. Text dates:
 * YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH[:MM]]; without a zone the time is taken as UTC.
 */
export function parseTimestampField(bytes: Uint8Array, start: number, end: number): number {
  fieldStatus.failed = false;
  // Strip one pair of quotes and surrounding spaces.
  while (start < end && bytes[start] === 32) start++;
  while (end > start && bytes[end - 1] === 32) end--;
  if (end - start >= 2 && bytes[start] === 34 && bytes[end - 1] === 34) {
    start++;
    end--;
  }
  if (start >= end) return failTime();
  const year = digitsAt(bytes, start, 4, end);
  const sep = bytes[start + 4];
  if (year >= 0 && (sep === 45 || sep === 47) && end - start >= 10) return parseCalendar(bytes, start, end, year, sep);
  const value = parseNumberField(bytes, start, end);
  if (fieldStatus.failed || !Number.isFinite(value)) return failTime();
  return epochToMs(value);
}

/** An epoch number in s, ms, µs or ns (by magnitude, see parseTimestampField) as UTC ms; sets fieldStatus.timeKind. */
export function epochToMs(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude < 1e11) {
    fieldStatus.timeKind = TIME_KIND.EPOCH_S;
    return Math.round(value * 1000);
  }
  if (magnitude < 1e14) {
    fieldStatus.timeKind = TIME_KIND.EPOCH_MS;
    return value;
  }
  if (magnitude < 1e17) {
    fieldStatus.timeKind = TIME_KIND.EPOCH_US;
    return value / 1000;
  }
  fieldStatus.timeKind = TIME_KIND.EPOCH_NS;
  return Math.round(value / 1e6);
}

function parseCalendar(bytes: Uint8Array, s: number, end: number, year: number, sep: number): number {
  const month = digitsAt(bytes, s + 5, 2, end);
  const day = digitsAt(bytes, s + 8, 2, end);
  if (month < 0 || day < 0 || bytes[s + 7] !== sep || !validDate(year, month, day)) return failTime();
  const dayMs = daysFromCivil(year, month, day) * 86_400_000;
  let p = s + 10;
  if (p === end) {
    fieldStatus.timeKind = TIME_KIND.DATE_ONLY;
    return dayMs;
  }
  if (bytes[p] !== 84 && bytes[p] !== 32 && bytes[p] !== 116) return failTime();
  p++;
  const hour = digitsAt(bytes, p, 2, end);
  const minute = digitsAt(bytes, p + 3, 2, end);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || bytes[p + 2] !== 58) return failTime();
  p += 5;
  let second = 0;
  let fractionMs = 0;
  if (p < end && bytes[p] === 58) {
    second = digitsAt(bytes, p + 1, 2, end);
    if (second < 0 || second > 59) return failTime();
    p += 3;
    if (p < end && (bytes[p] === 46 || bytes[p] === 44)) {
      p++;
      let scale = 100;
      const fractionStart = p;
      while (p < end && bytes[p] >= 48 && bytes[p] <= 57) {
        fractionMs += (bytes[p] - 48) * scale;
        scale /= 10;
        p++;
      }
      if (p === fractionStart) return failTime();
    }
  }
  let offsetMinutes = 0;
  if (p === end) fieldStatus.timeKind = TIME_KIND.NAIVE_DATETIME;
  else if ((bytes[p] === 90 || bytes[p] === 122) && p + 1 === end) fieldStatus.timeKind = TIME_KIND.ISO_Z;
  else if (bytes[p] === 43 || bytes[p] === 45) {
    const sign = bytes[p] === 45 ? -1 : 1;
    const offsetHours = digitsAt(bytes, p + 1, 2, end);
    let q = p + 3;
    let offsetMins = 0;
    if (q < end && bytes[q] === 58) q++;
    if (q < end) {
      offsetMins = digitsAt(bytes, q, 2, end);
      q += 2;
    }
    if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59 || q !== end) return failTime();
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
    fieldStatus.timeKind = TIME_KIND.ISO_OFFSET;
  } else return failTime();
  return dayMs + hour * 3_600_000 + (minute - offsetMinutes) * 60_000 + second * 1000 + Math.round(fractionMs);
}
