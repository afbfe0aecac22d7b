/**
 * Solves the `m×m` system `Γ λ = v` (row-major `gram`) by Gaussian elimination
 * with partial pivoting, for the small Gram systems of `exact-support`
 * (`m <= S`). A pivot that vanishes (support keys linearly dependent, as when
 * `d < m`) leaves its unknown at 0: the solution then matches `v` on the
 * independent keys only, and the verifier judges the rest. `O(m³)`.
 */
export function gramSolve(gram: Float64Array, v: readonly number[]): number[] {
  const m = v.length;
  const a = Float64Array.from(gram);
  const b = Float64Array.from(v);
  const pivotOf: number[] = [];
  for (let col = 0, row = 0; col < m && row < m; col++) {
    let best = row;
    for (let r = row + 1; r < m; r++) if (Math.abs(a[r * m + col]!) > Math.abs(a[best * m + col]!)) best = r;
    // Relative to the diagonal of unit keys (1), a pivot of at most 1e-12 is dependence, not signal.
    if (!(Math.abs(a[best * m + col]!) > 1e-12)) continue;
    for (let c = 0; c < m; c++) [a[row * m + c], a[best * m + c]] = [a[best * m + c]!, a[row * m + c]!];
    [b[row], b[best]] = [b[best]!, b[row]!];
    for (let r = row + 1; r < m; r++) {
      const f = a[r * m + col]! / a[row * m + col]!;
      if (f === 0) continue;
      for (let c = col; c < m; c++) a[r * m + c]! -= f * a[row * m + c]!;
      b[r]! -= f * b[row]!;
    }
    pivotOf[row] = col;
    row++;
  }
  const x = new Array<number>(m).fill(0);
  for (let row = pivotOf.length - 1; row >= 0; row--) {
    const col = pivotOf[row]!;
    let s = b[row]!;
    for (let c = col + 1; c < m; c++) s -= a[row * m + c]! * x[c]!;
    x[col] = s / a[row * m + col]!;
  }
  return x;
}
