// Boundary validation: parse a method's raw input against its schema, or fail with E_BAD_INPUT
// naming every offending field. Transports call this before anything reaches a service.

import { RegimeLabError } from '../errors.ts';
import { isMethodName, METHODS, type MethodName, type MethodParsedInput } from './methods.ts';

export function parseMethodInput<M extends MethodName>(method: M, raw: unknown): MethodParsedInput<M> {
  const result = METHODS[method].input.safeParse(raw ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : '(input)';
      return `${where}: ${issue.message}`;
    });
    throw new RegimeLabError('E_BAD_INPUT', `${method}: invalid input — ${problems.join('; ')}`, { issues: problems });
  }
  return result.data as MethodParsedInput<M>;
}

export function assertMethodName(value: unknown): MethodName {
  if (!isMethodName(value)) {
    throw new RegimeLabError('E_NOT_FOUND', `unknown method ${JSON.stringify(value)}`);
  }
  return value;
}
