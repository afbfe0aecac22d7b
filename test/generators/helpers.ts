import fc from 'fast-check';
// pure-rand is fast-check's own generator library (a dependency of fast-check):
// it is the documented way to build the `fc.Random` that `Arbitrary#generate` takes.
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { expect } from 'vitest';
import { TARGET_PATTERNS, type SparseTargetConstraints } from '../../src/generators/index.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';

/** Smallest positive normal double. */
export const MIN_NORMAL = 2 ** -1022;

/** The bounds a generated target must meet (the constraints it was generated with, defaults filled in). */
export interface Bounds {
  minL: number;
  maxL: number;
  S: number;
  kappa: number;
}

/**
 * Lists every way `W` breaks SPEC §1 or `bounds`, independently of how it was
 * built: rebuilds it with `SparseTarget.fromEntries` (which throws on any
 * SPEC §1 violation) and re-checks every bound on the rebuilt object.
 */
export function validityProblems(W: SparseTarget, bounds: Bounds): string[] {
  const problems: string[] = [];
  let rebuilt: SparseTarget;
  try {
    rebuilt = SparseTarget.fromEntries(W.L, W.entries(), { S: bounds.S });
  } catch (error) {
    return [`rebuild failed: ${(error as Error).message}`];
  }
  if (W.L < bounds.minL || W.L > bounds.maxL) problems.push(`L = ${W.L} outside ${bounds.minL}..${bounds.maxL}`);
  const logKappa = Math.log(bounds.kappa);
  for (let i = 0; i < W.L; i++) {
    const count = rebuilt.rowCount(i);
    if (count < 1 || count > bounds.S) problems.push(`row ${i} has ${count} entries`);
    // Exact comparison, no tolerance: the generator promises the computed
    // dynamic range never exceeds ln(kappa), rounding included.
    if (!(rebuilt.rowLogKappa[i]! <= logKappa))
      problems.push(`row ${i}: ln kappa_i = ${rebuilt.rowLogKappa[i]} > ${logKappa}`);
  }
  const columnCounts = new Array<number>(W.L).fill(0);
  for (const [i, j, v] of W.entries()) {
    columnCounts[j]!++;
    if (!Number.isFinite(v) || v < MIN_NORMAL)
      problems.push(`W[${i}][${j}] = ${v} is not a finite normal positive double`);
  }
  columnCounts.forEach((count, j) => {
    if (count > bounds.S) problems.push(`column ${j} has ${count} entries`);
  });
  return problems;
}

/** Asserts that `W` is a valid target within `bounds` (see {@link validityProblems}). */
export function expectValid(W: SparseTarget, bounds: Bounds): void {
  expect(validityProblems(W, bounds)).toEqual([]);
}

/** A generated value of `arb` with its shrink context, from a fixed seed. */
export function generateWithContext<T>(arb: fc.Arbitrary<T>, seed: number, biasFactor?: number): fc.Value<T> {
  return arb.generate(new fc.Random(xoroshiro128plus(seed)), biasFactor);
}

/** Offsets `j - i` (not wrapped) of all entries. */
export function offsets(W: SparseTarget): number[] {
  return W.entries().map(([i, j]) => j - i);
}

/** Constraints of `sparseTarget` as the tests draw them (every field given but `fullRows`). */
export type DrawnConstraints = Required<Omit<SparseTargetConstraints, 'fullRows'>> &
  Pick<SparseTargetConstraints, 'fullRows'>;

/**
 * Constraints of `sparseTarget` over its whole domain, within size limits: `minL` from 2, `maxL` up to
 * `extraL` above it, `S` from 1, `kappa` from exactly 1 (and just above 1, where rounding is most delicate)
 * to `maxKappa`, every pattern, row scales from 0 to 200 decades, and with `fullRows` the full form too.
 */
export function constraintsArbitrary(limits: {
  maxMinL: number;
  extraL: number;
  maxS: number;
  maxKappa: number;
  fullRows: boolean;
}): fc.Arbitrary<DrawnConstraints> {
  return fc
    .record({
      minL: fc.integer({ min: 2, max: limits.maxMinL }),
      extraL: fc.integer({ min: 0, max: limits.extraL }),
      S: fc.integer({ min: 1, max: limits.maxS }),
      kappa: fc.oneof(
        fc.constant(1),
        fc.constantFrom(1 + Number.EPSILON, 1 + 1e-12, 2, Math.E),
        fc.double({ min: 1, max: limits.maxKappa, noNaN: true }),
      ),
      pattern: fc.constantFrom(...TARGET_PATTERNS),
      rowScaleDecades: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 199 }), fc.constant(200)),
      fullRows: limits.fullRows ? fc.option(fc.constantFrom(0, 0.5, 1), { nil: undefined }) : fc.constant(undefined),
    })
    .map(({ minL, extraL, fullRows, ...rest }) => ({
      minL,
      maxL: minL + extraL,
      ...rest,
      ...(fullRows !== undefined ? { fullRows } : {}),
    }));
}
