import { InputRangeError, InputTypeError } from '../errors/inputError.js';
import type { SparseTarget } from '../targets/sparseTarget.js';

/** Options of {@link formatTarget}. */
export interface FormatTargetOptions {
  /** Rows printed before the rest is summarised as `… (+n rows)`; integer `>= 1` or `Infinity`. Default 8. */
  readonly maxRows?: number;
  /**
   * Print every value (and kappa) with the shortest decimal that reads back as
   * the same double, so the printed target can be rebuilt exactly. Default
   * `false`: 4 significant digits.
   */
  readonly lossless?: boolean;
}

const DEFAULT_MAX_ROWS = 8;

/**
 * One-line, human-readable description of a target for counterexample output:
 * `L`, the sparsity (largest row or column count), kappa, then each row as
 * `i:[j:W_ij, ...]` (0-based).
 *
 * `options` may be the `maxRows` number alone. Complexity
 * `O(L + printed entries)`.
 *
 * @example
 * const W = SparseTarget.fromEntries(3, [[0, 1, 0.5], [0, 2, 2], [1, 0, 1], [2, 2, 1e-300]]);
 * formatTarget(W);
 * // 'L=3 S=2 kappa=4 | 0:[1:0.5, 2:2] 1:[0:1] 2:[2:1e-300]'
 * formatTarget(W, 1);
 * // 'L=3 S=2 kappa=4 | 0:[1:0.5, 2:2] … (+2 rows)'
 * @throws {InputTypeError} when `options` is neither a number nor an object, or `lossless` is not a boolean.
 * @throws {InputRangeError} when `maxRows` is not an integer `>= 1` or `Infinity`.
 */
export function formatTarget(target: SparseTarget, options: number | FormatTargetOptions = {}): string {
  const opts: FormatTargetOptions = typeof options === 'number' ? { maxRows: options } : options;
  if (typeof opts !== 'object' || opts === null)
    throw new InputTypeError('options must be a number or an object', { field: 'options' });
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  if (typeof maxRows !== 'number' || !(maxRows === Infinity || (Number.isInteger(maxRows) && maxRows >= 1)))
    throw new InputRangeError(`maxRows must be an integer >= 1 or Infinity, got ${String(maxRows)}`, {
      field: 'maxRows',
    });
  const lossless = opts.lossless ?? false;
  if (typeof lossless !== 'boolean')
    throw new InputTypeError(`lossless must be a boolean, got ${String(lossless)}`, { field: 'lossless' });

  const num = lossless ? (v: number) => String(v) : (v: number) => String(Number(v.toPrecision(4)));
  // kappa overflows to Infinity beyond ~1.8e308; its logarithm never does.
  const kappa = Number.isFinite(target.kappa) ? num(target.kappa) : `exp(${num(target.logKappa)})`;
  const shown = Math.min(target.L, maxRows);
  const rows: string[] = [];
  for (let i = 0; i < shown; i++) {
    const cells: string[] = [];
    for (let p = target.rowPtr[i]!; p < target.rowPtr[i + 1]!; p++)
      cells.push(`${target.colIdx[p]}:${num(target.values[p]!)}`);
    rows.push(`${i}:[${cells.join(', ')}]`);
  }
  const rest = target.L - shown;
  const tail = rest > 0 ? ` … (+${rest} row${rest === 1 ? '' : 's'})` : '';
  return `L=${target.L} S=${target.sparsity} kappa=${kappa} | ${rows.join(' ')}${tail}`;
}
