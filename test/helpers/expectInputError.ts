import { expect } from 'vitest';
import type { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';

/**
 * Asserts that `run` throws an input error of class `type`, whose location
 * names `field` (or no field when `undefined`) and whose problem (the message
 * without the location prefix) matches `message`.
 */
export function expectInputError(
  run: () => unknown,
  type: typeof InputTypeError | typeof InputRangeError,
  field: string | undefined,
  message: RegExp,
): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(type);
  const e = caught as InputTypeError;
  expect(e.location.field).toBe(field);
  expect(e.problem).toMatch(message);
}
