/**
 * Errors that mean "the input is wrong", as opposed to a defect of attnproof itself.
 *
 * Every reader and validator throws one of these two classes, following the
 * ml-matrix convention: {@link InputTypeError} when a value has the wrong type
 * (a string where a number belongs, a missing field), {@link InputRangeError}
 * when a value is of the right type but outside its domain (a negative weight,
 * an index out of range, a row over the sparsity bound, a wrong shape).
 *
 * Both carry an {@link InputLocation} so the command line can print one line
 * naming the file, row, column or field at fault, and exit with code 2.
 */

/** Where in the input a problem was found. All fields are optional. */
export interface InputLocation {
  /** File the input came from, when it came from a file. */
  readonly file?: string;
  /** 1-based line number in a text file. */
  readonly line?: number;
  /** Row index, in the index base the input uses (see `indexBase`). */
  readonly row?: number;
  /** Column index, in the index base the input uses. */
  readonly column?: number;
  /** Name of the field, matrix or option at fault (`"X"`, `"entries[3]"`, `"--epsilon"`). */
  readonly field?: string;
}

/** Renders a location as a short prefix, e.g. `W.mtx line 7, row 3, column 9`. */
export function describeLocation(location: InputLocation): string {
  const parts: string[] = [];
  const head = location.file !== undefined ? location.file : '';
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.field !== undefined) parts.push(location.field);
  if (location.row !== undefined) parts.push(`row ${location.row}`);
  if (location.column !== undefined) parts.push(`column ${location.column}`);
  if (head === '') return parts.join(', ');
  return parts.length === 0 ? head : `${head}: ${parts.join(', ')}`;
}

function compose(problem: string, location: InputLocation): string {
  const where = describeLocation(location);
  return where === '' ? problem : `${where}: ${problem}`;
}

/** A value of the right type outside its allowed range or shape. */
export class InputRangeError extends RangeError {
  override readonly name = 'InputRangeError';
  /** The problem without the location prefix. */
  readonly problem: string;
  readonly location: InputLocation;
  constructor(problem: string, location: InputLocation = {}) {
    super(compose(problem, location));
    this.problem = problem;
    this.location = location;
  }
}

/** A value of the wrong type (or missing where one is required). */
export class InputTypeError extends TypeError {
  override readonly name = 'InputTypeError';
  /** The problem without the location prefix. */
  readonly problem: string;
  readonly location: InputLocation;
  constructor(problem: string, location: InputLocation = {}) {
    super(compose(problem, location));
    this.problem = problem;
    this.location = location;
  }
}

/** Either kind of input error. */
export type InputError = InputRangeError | InputTypeError;

/** True when `error` reports bad input (and so maps to exit code 2). */
export function isInputError(error: unknown): error is InputError {
  return error instanceof InputRangeError || error instanceof InputTypeError;
}

/**
 * Returns a copy of `error` whose location also names `extra` (fields of `error`
 * win). Used by readers to add the file name to an error raised deeper down.
 */
export function withLocation(error: InputError, extra: InputLocation): InputError {
  const location = { ...extra, ...error.location };
  return error instanceof InputTypeError
    ? new InputTypeError(error.problem, location)
    : new InputRangeError(error.problem, location);
}
