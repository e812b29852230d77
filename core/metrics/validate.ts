// Input checks shared by every metrics module: invalid input is a RegimeLabError (E_BAD_INPUT)
// that names the field, the index and the value; a NaN never travels into a statistic.
import { RegimeLabError } from '../errors.ts';

export function badInput(field: string, message: string, value?: unknown): never {
  throw new RegimeLabError('E_BAD_INPUT', `${field}: ${message}`, value === undefined ? { field } : { field, value });
}

/** Throws when any element is NaN or ±Infinity, naming the field and the first bad index. */
export function assertFiniteSeries(field: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) badInput(field, `element ${i} is ${v}; every value must be a finite number`, String(v));
  }
}

export function assertFiniteNumber(field: string, value: number): void {
  if (!Number.isFinite(value)) badInput(field, `must be a finite number, got ${value}`, String(value));
}

export function assertSameLength(fieldA: string, a: ArrayLike<unknown>, fieldB: string, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) badInput(fieldB, `length ${b.length} differs from ${fieldA} length ${a.length}`);
}

export function assertPositiveInteger(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) badInput(field, `must be a positive integer, got ${value}`, value);
}

export function assertProbability(field: string, value: number, { open = true } = {}): void {
  const ok = open ? value > 0 && value < 1 : value >= 0 && value <= 1;
  if (!ok) badInput(field, `must be in ${open ? '(0, 1)' : '[0, 1]'}, got ${value}`, value);
}

export function assertMinLength(field: string, values: ArrayLike<unknown>, min: number): void {
  if (values.length < min) badInput(field, `needs at least ${min} observations, got ${values.length}`);
}
