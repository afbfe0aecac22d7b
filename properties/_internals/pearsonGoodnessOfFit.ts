import { chiSquareSurvival } from '../../src/statistics/chiSquare.js';

/**
 * Pearson's chi-square goodness-of-fit test of observed counts against cell
 * probabilities. Neighbouring cells are merged from both ends until every
 * expected count is at least 5 (the usual validity rule for the chi-square
 * approximation); the statistic then has `cells − 1` degrees of freedom.
 * Returns the statistic, degrees of freedom and p-value. `O(cells)`.
 *
 * @example
 * pearsonGoodnessOfFit([50, 50], [0.5, 0.5]).pValue; // 1
 */
export function pearsonGoodnessOfFit(counts: ArrayLike<number>, probabilities: ArrayLike<number>): { statistic: number; degreesOfFreedom: number; pValue: number } {
  const n = Array.from(counts).reduce((a, b) => a + b, 0);
  const cells: Array<{ observed: number; expected: number }> = [];
  let observed = 0;
  let expected = 0;
  for (let k = 0; k < counts.length; k++) {
    observed += counts[k]!;
    expected += n * probabilities[k]!;
    if (expected >= 5) {
      cells.push({ observed, expected });
      observed = 0;
      expected = 0;
    }
  }
  // The tail left over joins the last cell.
  if (cells.length === 0) return { statistic: 0, degreesOfFreedom: 0, pValue: 1 };
  cells[cells.length - 1]!.observed += observed;
  cells[cells.length - 1]!.expected += expected;
  const statistic = cells.reduce((s, c) => s + (c.observed - c.expected) ** 2 / c.expected, 0);
  const degreesOfFreedom = cells.length - 1;
  return { statistic, degreesOfFreedom, pValue: degreesOfFreedom === 0 ? 1 : chiSquareSurvival(statistic, degreesOfFreedom) };
}
