import { assertInteger, assertOpenProbability } from './validate.js';

/**
 * Bonferroni split of a family-wise error budget: the level each of `count`
 * tests must use so that the probability that *any* of them falsely alarms is at
 * most `alpha` (union bound: `P(any) <= sum of P(each) = count · alpha/count`).
 * Valid whatever the dependence between the tests. `O(1)`.
 *
 * @example
 * bonferroniAlpha(1e-6, 40); // 2.5e-8
 * bonferroniAlpha(0.05, 1);  // 0.05
 * @throws {TypeError} when an argument is not a number.
 * @throws {RangeError} when `alpha` is outside `(0, 1)` or `count` is not an integer `>= 1`.
 */
export function bonferroniAlpha(alpha: number, count: number): number {
  assertOpenProbability('alpha', alpha);
  assertInteger('count', count, 1);
  return alpha / count;
}
