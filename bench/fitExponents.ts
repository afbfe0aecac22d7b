/** Least squares for `ln t = a + b ln L + c ln d` (normal equations, 3×3, Gaussian elimination). */
export function fitExponents(
  points: readonly { L: number; d: number; seconds: number }[],
): { b: number; c: number; n: number } | null {
  if (points.length < 3) return null;
  const A = [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ];
  for (const p of points) {
    const x = [1, Math.log(p.L), Math.log(p.d)];
    const y = Math.log(p.seconds);
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) A[r]![c]! += x[r]! * x[c]!;
      A[r]![3]! += x[r]! * y;
    }
  }
  for (let k = 0; k < 3; k++) {
    if (Math.abs(A[k]![k]!) < 1e-12) return null;
    for (let r = k + 1; r < 3; r++) {
      const f = A[r]![k]! / A[k]![k]!;
      for (let c = k; c < 4; c++) A[r]![c]! -= f * A[k]![c]!;
    }
  }
  const sol = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    let s = A[r]![3]!;
    for (let c = r + 1; c < 3; c++) s -= A[r]![c]! * sol[c]!;
    sol[r] = s / A[r]![r]!;
  }
  return { b: sol[1]!, c: sol[2]!, n: points.length };
}
