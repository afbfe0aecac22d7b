import fc from 'fast-check';
import type { DenseMatrix } from '../src/matrix/denseMatrix.js';
import { sparseTarget } from '../src/generators/sparseTarget.js';
import { fastCheckProperty } from '../src/harness/fastCheckProperty.js';
import { SparseTarget } from '../src/targets/sparseTarget.js';

interface FixedCase {
  readonly first: SparseTarget;
  readonly second: SparseTarget;
  readonly d: number;
  /** Seed shared by both requests (not shrunk). */
  readonly seed: number;
}

const PRECISION = { epsilon: 0.9, gamma: 0.9 };

/** Index of the first entry where two matrices differ bit for bit, or -1 (shapes must agree). */
function firstDifference(a: DenseMatrix, b: DenseMatrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) return 0;
  for (let t = 0; t < a.data.length; t++) if (!Object.is(a.data[t], b.data[t])) return t;
  return -1;
}

/**
 * **Fixed parameters (SPEC §5; the theorem's premise).** The theorem is about
 * one attention head with *fixed* parameters: only the inputs may depend on
 * the target. Two requests with the same `L`, `d` and seed but different
 * targets must get bit-identical `WQ` and `WK`.
 */
export const fixedParameters = fastCheckProperty<FixedCase>({
  name: 'fixed-parameters',
  lemma: 'Premise (fixed WQ, WK)',
  claim: 'two targets with the same L, d and seed get bit-identical WQ and WK',
  defaultRuns: 20,
  arbitrary: fc.integer({ min: 2, max: 16 }).chain((L) =>
    fc.record({
      first: sparseTarget({ minL: L, maxL: L, S: 2, kappa: 4, rowScaleDecades: 50 }),
      second: sparseTarget({ minL: L, maxL: L, S: 2, kappa: 4, rowScaleDecades: 50 }),
      d: fc.integer({ min: 1, max: 64 }),
      seed: fc.noShrink(fc.nat()),
    }),
  ),
  async check({ first, second, d: drawn, seed }, construction) {
    // A deterministic construction (SPEC §7) is asked for at least its own d0.
    const d = Math.max(drawn, construction.baseDimension?.(Math.max(first.maxRowCount, second.maxRowCount)) ?? 1);
    const a = await construction.construct(first, { ...PRECISION, d, seed });
    const b = await construction.construct(second, { ...PRECISION, d, seed });
    const problems: string[] = [];
    for (const name of ['WQ', 'WK'] as const) {
      const t = firstDifference(a[name], b[name]);
      if (t >= 0)
        problems.push(
          a[name].rows !== b[name].rows || a[name].cols !== b[name].cols
            ? `${name} is ${a[name].rows}×${a[name].cols} for the first target but ${b[name].rows}×${b[name].cols} for the second`
            : `${name}[${Math.floor(t / a[name].cols)}][${t % a[name].cols}] is ${a[name].data[t]} for the first target but ${b[name].data[t]} for the second`,
        );
    }
    return problems.length === 0
      ? null
      : `with L = ${first.L}, d = ${d}, seed ${seed}: ${problems.join('; ')} — the parameters depend on the target`;
  },
  describe: ({ first, second, d, seed }) => ({ target: first, parameters: { second: second.toJSON(), d, seed } }),
  restore: (p, target) => {
    const second = p.second as { L: number; entries: [number, number, number][] };
    return { first: target, second: sparseTargetOf(second), d: p.d as number, seed: p.seed as number };
  },
});

function sparseTargetOf(json: { L: number; entries: [number, number, number][] }): SparseTarget {
  return SparseTarget.fromEntries(json.L, json.entries);
}
