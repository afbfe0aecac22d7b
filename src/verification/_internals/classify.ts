import { SUM_INFLATION, UNIT_ROUNDOFF } from './roundingBounds.js';

/** Outcome of one condition in one row. */
export type RowOutcome = 'holds' | 'fails' | 'close';

/**
 * Decides `exact value <= exact threshold` from computed approximations:
 * `|value − exact value| <= valueBound`, `|threshold − exact threshold| <= thresholdBound`.
 *
 * - `'holds'` when `value + slack <= threshold`,
 * - `'fails'` when `value − slack > threshold`,
 * - `'close'` (too close to call) otherwise, and whenever a bound is not finite or a number is NaN,
 *
 * where `slack = (valueBound + thresholdBound + 2u(|value| + |threshold|))·(1 + 2^-20)`.
 * The `2u(...)` term covers the rounding of the comparison sums themselves:
 * `fl(value + slack) >= value + valueBound + thresholdBound` (and symmetrically
 * for the failing test), so both outcomes are certain, not just likely. `O(1)`.
 *
 * @example
 * classify(0.5, 1e-15, Math.log1p(1), 1e-16); // 'holds'
 * classify(Math.log(0.5), 1e-15, Math.log(0.5), 0); // 'close'
 * @throws never.
 */
export function classify(value: number, valueBound: number, threshold: number, thresholdBound: number): RowOutcome {
  const slack =
    (valueBound + thresholdBound + 2 * UNIT_ROUNDOFF * (Math.abs(value) + Math.abs(threshold))) * SUM_INFLATION;
  if (!(slack <= Number.MAX_VALUE)) return 'close'; // NaN or infinite: nothing can be decided
  if (value + slack <= threshold) return 'holds';
  if (value - slack > threshold) return 'fails';
  return 'close';
}
