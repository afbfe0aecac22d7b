import { describe, expect, it } from 'vitest';
import { gramSolve } from '../../src/construction/_internals/gramSolve.js';

const matrix = (rows: number[][]): Float64Array => Float64Array.from(rows.flat());

/** max_i |(A x − v)_i| for the row-major m×m matrix A. */
function residual(a: Float64Array, x: readonly number[], v: readonly number[]): number {
  const m = v.length;
  let worst = 0;
  for (let i = 0; i < m; i++) {
    let s = -v[i]!;
    for (let j = 0; j < m; j++) s += a[i * m + j]! * x[j]!;
    worst = Math.max(worst, Math.abs(s));
  }
  return worst;
}

describe('gramSolve (the Gram systems of exact-support)', () => {
  it('solves regular systems whose pivots must be searched for in every column (residual <= 1e-12, absolute)', () => {
    // Leading entries 0 or tiny: without a row exchange (or with the wrong one) elimination divides by 0 or by
    // 1e-10, which loses the solution; partial pivoting keeps it to rounding.
    for (const rows of [
      [
        [0, 1],
        [1, 0],
      ],
      [
        [1e-10, 1],
        [1, 1],
      ],
      [
        [0, 0, 1],
        [0, 1, 0],
        [1, 0, 0],
      ],
      [
        [1e-10, 1, 0],
        [1, 1e-10, 1],
        [0, 1, 1e-10],
      ],
      [
        [0, 0, 2, 1],
        [0, 3, 1, 0],
        [1e-9, 1, 0, 4],
        [5, 0, 0, 1e-9],
      ],
      [
        [0.2, 0.9, 0, 0],
        [0.1, 0, 0.3, 0],
        [0, 0.5, 0, 0.8],
        [0.7, 0, 0, 0.6],
      ],
    ]) {
      const a = matrix(rows);
      const v = rows.map((_, i) => i + 1);
      const x = gramSolve(a, v);
      expect(x).toHaveLength(v.length);
      expect(residual(a, x, v)).toBeLessThanOrEqual(1e-12); // absolute; entries and solutions are O(1)..O(10)
    }
  });

  it('leaves the unknown of a dependent key at 0, the first of equal keys keeping its value (exact)', () => {
    // Keys 0 and 1 equal (Gram rows equal): the first row's equation is solved, the second unknown stays 0.
    expect(
      gramSolve(
        matrix([
          [1, 1],
          [1, 1],
        ]),
        [1, 2],
      ),
    ).toEqual([1, 0]);
    // Key 2 equal to key 0, between independent keys: unknowns 0 and 1 solve their equations exactly.
    expect(
      gramSolve(
        matrix([
          [1, 0, 1],
          [0, 1, 0],
          [1, 0, 1],
        ]),
        [3, 4, 5],
      ),
    ).toEqual([3, 4, 0]);
    // The dependent column first: its unknown stays 0, the next column takes its pivot row.
    expect(
      gramSolve(
        matrix([
          [0, 1, 0],
          [0, 0, 1],
          [0, 1, 1],
        ]),
        [2, 3, 5],
      ),
    ).toEqual([0, 2, 3]);
    // The dependent column first, and the next column's pivot below the first row: a row exchange in column 1.
    expect(
      gramSolve(
        matrix([
          [0, 0, 1],
          [0, 1, 0],
          [0, 1, 1],
        ]),
        [3, 2, 7],
      ),
    ).toEqual([0, 2, 3]);
    // No key at all independent (every pivot at most 1e-12, the threshold included): all unknowns 0.
    expect(
      gramSolve(
        matrix([
          [1e-12, 0],
          [0, 0],
        ]),
        [1, 1],
      ),
    ).toEqual([0, 0]);
    expect(gramSolve(matrix([[1e-12]]), [1])).toEqual([0]);
    // Just above the threshold the pivot counts.
    expect(gramSolve(matrix([[2e-12]]), [1])).toEqual([5e11]);
    expect(gramSolve(new Float64Array(0), [])).toEqual([]);
  });

  it('does not change its arguments', () => {
    const a = matrix([
      [0, 1],
      [1, 0],
    ]);
    const v = [1, 2];
    expect(gramSolve(a, v)).toEqual([2, 1]);
    expect(Array.from(a)).toEqual([0, 1, 1, 0]);
    expect(v).toEqual([1, 2]);
  });
});
