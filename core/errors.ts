// Error codes of the workstation API and the one error type that carries them across every
// transport (IPC, bridge, direct, workers). Messages name the field and the value that was wrong.

export const ERROR_CODES = {
  E_BAD_INPUT: 'The input was not valid.',
  E_NOT_FOUND: 'The requested item does not exist.',
  E_REFUSED: 'The request was refused.',
  E_CANCELLED: 'The job was cancelled.',
  E_UNAUTHORIZED: 'The request did not carry a valid token or origin.',
  E_CONFLICT: 'The request conflicts with the current state.',
  E_INTERNAL: 'An internal error occurred.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export type SerializedError = { code: ErrorCode; message: string; details?: unknown };

export class RegimeLabError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'RegimeLabError';
    this.code = code;
    this.details = details;
  }

  toJSON(): SerializedError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** Any thrown value as a SerializedError; unknown errors become E_INTERNAL with their message. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof RegimeLabError) return error.toJSON();
  if (error && typeof error === 'object' && 'code' in error && isErrorCode((error as { code: unknown }).code)) {
    const e = error as { code: ErrorCode; message?: unknown; details?: unknown };
    return { code: e.code, message: String(e.message ?? ERROR_CODES[e.code]), ...(e.details === undefined ? {} : { details: e.details }) };
  }
  if (error instanceof RangeError || error instanceof TypeError) return { code: 'E_BAD_INPUT', message: error.message };
  if (error instanceof Error) return { code: 'E_INTERNAL', message: error.message };
  return { code: 'E_INTERNAL', message: String(error) };
}

export function deserializeError(error: SerializedError): RegimeLabError {
  return new RegimeLabError(error.code, error.message, error.details);
}

/** Cooperative cancellation checked by long loops in core/ (jobs pass a worker-side flag). */
export type CancelSignal = { cancelled(): boolean };

export function throwIfCancelled(signal: CancelSignal | undefined): void {
  if (signal?.cancelled()) throw new RegimeLabError('E_CANCELLED', 'cancelled by the user');
}
