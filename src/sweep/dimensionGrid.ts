/**
 * The dimensions a sweep may evaluate, from 1 to `maxD`: steps
 * `d → max(d + 1, floor(d·(1 + resolution)))` — every integer while
 * `resolution·d < 2` (up to 40 for 5 %), geometric steps beyond — and `maxD`
 * last. Consecutive values differ by at most `max(1, resolution·d)`, so a dimension
 * read off this grid is within one step of the true one: the sweep's stated
 * resolution. The grid depends only on `(maxD, resolution)`, never on an
 * outcome, which is what lets sharded sweeps evaluate the same dimensions.
 * Length about `1/resolution + ln(maxD·resolution)/ln(1 + resolution)`;
 * time `O(length)`.
 *
 * @example
 * dimensionGrid(30, 0.05);  // [1, 2, 3, …, 29, 30]
 * dimensionGrid(60, 0.05);  // [1, 2, …, 39, 40, 42, 44, 46, 48, 50, 52, 54, 56, 58, 60]
 * dimensionGrid(100, 0.25); // [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 18, 22, 27, 33, 41, 51, 63, 78, 97, 100]
 * @throws {RangeError} when `maxD` is not an integer `>= 1` or `resolution` is not in `(0, 1]`.
 */
export function dimensionGrid(maxD: number, resolution: number): number[] {
  if (!Number.isSafeInteger(maxD) || maxD < 1) throw new RangeError(`maxD must be an integer >= 1, got ${maxD}`);
  if (!(resolution > 0 && resolution <= 1)) throw new RangeError(`resolution must lie in (0, 1], got ${resolution}`);
  const grid: number[] = [];
  // The 1e-9 guards floor() against a product like 20·1.05 landing just below an integer.
  for (let d = 1; d < maxD; d = Math.max(d + 1, Math.floor(d * (1 + resolution) + 1e-9))) grid.push(d);
  grid.push(maxD);
  return grid;
}
