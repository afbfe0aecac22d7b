import fc from 'fast-check';
import { describe, it } from 'vitest';
import { FRONTIER_PATTERNS, frontierTarget, type FrontierPattern } from '../../src/frontier/frontierTarget.js';
import { sparseTarget, type SparseTargetConstraints } from '../../src/generators/index.js';
import { recordedTargetOf, recordTarget, type RecordedTarget } from '../../src/harness/counterexampleRecord.js';
import type { FastCheckTheoremProperty } from '../../src/harness/fastCheckProperty.js';
import { sampleTarget } from '../../src/harness/sampleTarget.js';
import { fillGaussian } from '../../src/random/gaussian.js';
import { fillRademacher } from '../../src/random/rademacher.js';
import { createRandom } from '../../src/random/randomSource.js';
import type { SparseTarget } from '../../src/targets/sparseTarget.js';
import { precisionArbitrary } from '../../properties/_internals/precisionCases.js';
import { theoremConfig } from '../../properties/_internals/theoremConfigs.js';
import { exactness, l1LogitTarget, l2Perturbation, theoremAtDStar } from '../../properties/index.js';
import { fixedParameters, protocolTheoremAtDStar } from '../../properties/validationProperties.js';
import {
  assertCorrectValues,
  assertSameValueGivenSameSeed,
  assertSeededCorrectValues,
  assertSeededSameValue,
  assertSeedMatters,
} from '../helpers/generatorAssertions.js';
import { fuzzRuns } from '../helpers/fuzzRuns.js';
import { constraintsArbitrary, validityProblems, type Bounds, type DrawnConstraints } from './helpers.js';

// The contract of every generator attnproof has (test/helpers/generatorAssertions.ts): same seed, same value
// (and same shrinks); every value, and every shrink, within the generator's own constraints; the seed matters.
// Seeds, parameters and shrink paths are drawn by fast-check, so every run tries new ones; ATTNPROOF_FUZZ_RUNS
// scales the budgets (default 100: the numbers of runs below; 2000 is a long session).

/** A target as comparable data: `L` and its entries, values bit for bit (`toStrictEqual` uses `Object.is`). */
const dataOf = (W: SparseTarget): { L: number; entries: unknown[] } => W.toJSON();
const keyOf = (W: SparseTarget): string => JSON.stringify(W.toJSON());

/** Kept small (L <= 20) so that walks down the shrink tree stay fast. */
const constraintsArb = constraintsArbitrary({ maxMinL: 8, extraL: 12, maxS: 5, maxKappa: 1e50, fullRows: true });

/**
 * What `sparseTarget(c)` promises, checked on the value alone: SPEC §1 and the bounds (L, S per row and
 * column, the row dynamic range within kappa exactly: test/generators/helpers.ts), values within
 * `10^±(rowScaleDecades + log10 kappa)`, and the pattern's own shape where it is a hard constraint
 * (`permutation`: one entry per row and column; `banded`: all offsets j - i within one window of width S).
 */
function targetProblems(W: SparseTarget, c: DrawnConstraints): string[] {
  const problems = validityProblems(W, c);
  // tolerance 1e-9 decades: rounding of 10^u·exp(·) and of log10 near magnitude 300.
  const decades = c.rowScaleDecades + Math.log10(c.kappa) + 1e-9;
  for (const [i, j, v] of W.entries())
    if (Math.abs(Math.log10(v)) > decades) problems.push(`W[${i}][${j}] = ${v} is beyond 10^±${decades}`);
  if (c.pattern === 'permutation' && W.sparsity !== 1)
    problems.push(`a permutation with ${W.sparsity} entries in a row or column`);
  if (c.pattern === 'banded') {
    const offsets = W.entries().map(([i, j]) => j - i);
    const width = Math.max(...offsets) - Math.min(...offsets) + 1;
    if (width > c.S) problems.push(`a band of width ${width} > S = ${c.S}`);
  }
  return problems;
}

describe('sparseTarget (fast-check arbitrary)', () => {
  it('same seed, same target and same shrinks', () => {
    assertSameValueGivenSameSeed((c: DrawnConstraints) => sparseTarget(c).map(dataOf), {
      parameters: constraintsArb,
      maxDepth: 60,
      assert: { numRuns: fuzzRuns(0.25) },
    });
  });

  it('every target and every shrink stays within the constraints', () => {
    assertCorrectValues(sparseTarget, targetProblems, {
      parameters: constraintsArb,
      maxDepth: 80,
      assert: { numRuns: fuzzRuns(0.6) },
    });
  });
});

describe('sampleTarget (seeded: the sweep and the statistical properties draw their targets with it)', () => {
  const generate = (c: DrawnConstraints, seed: number): SparseTarget => sampleTarget(c, seed);
  it('same seed, same target', () => {
    assertSeededSameValue(generate, {
      parameters: constraintsArb,
      isEqual: sameTarget,
      assert: { numRuns: fuzzRuns(0.6) },
    });
  });
  it('every target within the constraints', () => {
    assertSeededCorrectValues(generate, targetProblems, {
      parameters: constraintsArb,
      assert: { numRuns: fuzzRuns(1) },
    });
  });
  it('the seed matters', () => {
    // L >= 6 and row scales over at least ±1 decade (2001 steps): 8 seeds cannot all give the same target by
    // chance. (With kappa = 1, no row scales and S = 1, blockDiagonal is the identity for every seed.)
    const varied = constraintsArb.map((c) => ({
      ...c,
      minL: Math.max(c.minL, 6),
      maxL: Math.max(c.maxL, 6),
      rowScaleDecades: Math.max(c.rowScaleDecades, 1),
    }));
    assertSeedMatters(generate, keyOf, { parameters: varied, assert: { numRuns: fuzzRuns(0.4) } });
  });
});

interface FrontierSpec {
  L: number;
  S: number;
  pattern: FrontierPattern;
  geometry: 'circle' | 'torus';
  kappa: number;
}

const frontierSpecArbitrary: fc.Arbitrary<FrontierSpec> = fc
  .record({
    L: fc.integer({ min: 2, max: 64 }),
    S: fc.integer({ min: 1, max: 9 }),
    pattern: fc.constantFrom(...FRONTIER_PATTERNS),
    geometry: fc.constantFrom('circle' as const, 'torus' as const),
    kappa: fc.oneof(fc.constant(1), fc.double({ min: 1, max: 1e6, noNaN: true })),
  })
  .map((spec) => ({ ...spec, S: Math.min(spec.S, spec.L) }));

/**
 * What `frontierTarget` promises: at most `S` entries in every row and column and at least one per row,
 * weights in `[1, kappa)` (so a row's range is below ln kappa), and for a clustered circle exactly `S`
 * entries per row, on consecutive columns (cyclically).
 */
function frontierProblems(W: SparseTarget, spec: FrontierSpec): string[] {
  const problems = validityProblems(W, { minL: spec.L, maxL: spec.L, S: spec.S, kappa: spec.kappa });
  for (const [i, j, v] of W.entries())
    if (!(v >= 1 && v <= spec.kappa)) problems.push(`W[${i}][${j}] = ${v} outside [1, kappa]`);
  if (spec.pattern === 'clustered' && spec.geometry === 'circle')
    for (let i = 0; i < W.L; i++) {
      const columns = W.entries()
        .filter(([r]) => r === i)
        .map(([, j]) => j);
      const start = columns.find((j) => !columns.includes((j - 1 + W.L) % W.L)) ?? columns[0]!;
      const run = Array.from({ length: spec.S }, (_, t) => (start + t) % W.L).sort((a, b) => a - b);
      if (columns.length !== spec.S || run.join() !== [...columns].sort((a, b) => a - b).join())
        problems.push(`row ${i}: columns ${columns.join(', ')} are not ${spec.S} consecutive ones`);
    }
  return problems;
}

describe('frontierTarget (seeded)', () => {
  const generate = (spec: FrontierSpec, seed: number): SparseTarget => frontierTarget({ ...spec, seed });
  it('same seed, same target', () => {
    assertSeededSameValue(generate, {
      parameters: frontierSpecArbitrary,
      isEqual: sameTarget,
      assert: { numRuns: fuzzRuns(0.6) },
    });
  });
  it('every target within its spec', () => {
    assertSeededCorrectValues(generate, frontierProblems, {
      parameters: frontierSpecArbitrary,
      assert: { numRuns: fuzzRuns(1.5) },
    });
  });
  it('the seed matters', () => {
    // Weights drawn from [1, kappa) with kappa >= 2: with kappa = 1 and S = L every seed gives the all-ones matrix.
    const varied = frontierSpecArbitrary.map((spec) => ({
      ...spec,
      L: Math.max(spec.L, 6),
      kappa: Math.max(spec.kappa, 2),
    }));
    assertSeedMatters(generate, keyOf, { parameters: varied, assert: { numRuns: fuzzRuns(0.4) } });
  });
});

describe('createRandom, fillGaussian, fillRademacher (seeded sources of every projection)', () => {
  const lengthArbitrary = fc.integer({ min: 1, max: 33 });
  const uniforms = (n: number, seed: number): number[] => {
    const random = createRandom(seed);
    return Array.from({ length: n }, () => random.next());
  };
  const gaussians = ([n, sd]: [number, number], seed: number): Float64Array =>
    fillGaussian(createRandom(seed), new Float64Array(n), sd);
  const signs = ([n, scale]: [number, number], seed: number): Float64Array =>
    fillRademacher(createRandom(seed), new Float64Array(n), scale);
  const scaled = fc.tuple(lengthArbitrary, fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e3, noNaN: true })));
  const nonzero = fc.tuple(fc.integer({ min: 8, max: 33 }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }));

  it('same seed, same numbers', () => {
    assertSeededSameValue(uniforms, { parameters: lengthArbitrary });
    assertSeededSameValue(gaussians, { parameters: scaled });
    assertSeededSameValue(signs, { parameters: scaled });
  });

  it('uniforms in [0, 1); normals finite (all 0 when sd = 0); signs exactly ±scale', () => {
    assertSeededCorrectValues(uniforms, (u) => u.filter((x) => !(x >= 0 && x < 1)).map((x) => `${x} outside [0, 1)`), {
      parameters: lengthArbitrary,
    });
    assertSeededCorrectValues(
      gaussians,
      (g, [, sd]) =>
        Array.from(g)
          .filter((x) => !Number.isFinite(x) || (sd === 0 && x !== 0))
          .map((x) => `sample ${x} (sd ${sd})`),
      { parameters: scaled },
    );
    assertSeededCorrectValues(
      signs,
      (r, [, scale]) =>
        Array.from(r)
          .filter((x) => Math.abs(x) !== scale)
          .map((x) => `sample ${x} is not ±${scale}`),
      { parameters: scaled },
    );
  });

  it('the seed matters', () => {
    assertSeedMatters(uniforms, (u) => u.join(), { parameters: lengthArbitrary });
    assertSeedMatters(gaussians, (g) => g.join(), { parameters: nonzero });
    assertSeedMatters(signs, (r) => r.join(), { parameters: nonzero });
  });
});

describe('precisionArbitrary (the precisions of the per-case properties)', () => {
  const precisionProblems = ({ epsilon, gamma }: { epsilon: number; gamma: number }): string[] => [
    ...(Number.isFinite(epsilon) && epsilon > 0 ? [] : [`epsilon = ${epsilon} is not > 0`]),
    ...(gamma > 0 && gamma < 1 ? [] : [`gamma = ${gamma} is not in (0, 1)`]),
  ];
  it('same seed, same precision and shrinks; every one and every shrink has epsilon > 0 and gamma in (0, 1)', () => {
    assertSameValueGivenSameSeed(() => precisionArbitrary);
    assertCorrectValues(() => precisionArbitrary, precisionProblems);
  });
});

function sameTarget(a: SparseTarget, b: SparseTarget): void {
  if (keyOf(a) !== keyOf(b)) throw new Error(`different targets for the same seed: ${keyOf(a)} and ${keyOf(b)}`);
}

/**
 * The contract of a fast-check property's cases: same seed, same case and shrinks; every case and every
 * shrink has its target within `bounds` (the property's own constraints) and, saved as a record and read
 * back (parameters through JSON, the target's values bit for bit), is the same case again.
 */
function describeCases<Case>(
  property: FastCheckTheoremProperty<Case>,
  bounds: (parameters: Readonly<Record<string, unknown>>) => Bounds,
): void {
  const recordOf = (testCase: Case): string => {
    const { parameters, target } = property.cases.describe(testCase);
    return JSON.stringify({ parameters, target: recordTarget(target) });
  };
  describe(`the cases of ${property.name} (fast-check arbitrary)`, () => {
    it('same seed, same case and same shrinks', () => {
      assertSameValueGivenSameSeed(() => property.cases.arbitrary.map(recordOf), {
        maxDepth: 30,
        assert: { numRuns: fuzzRuns(0.1) },
      });
    });

    it('every case and every shrink: its target within the bounds, and as a record it comes back the same', () => {
      const caseProblems = (testCase: Case): string[] => {
        const { parameters, target } = property.cases.describe(testCase);
        const problems = validityProblems(target, bounds(parameters));
        const saved = JSON.parse(recordOf(testCase)) as { parameters: Record<string, unknown>; target: RecordedTarget };
        const restored = property.cases.restore(saved.parameters, recordedTargetOf(saved.target));
        if (recordOf(restored) !== recordOf(testCase))
          problems.push(`the recorded case comes back as ${recordOf(restored)}`);
        return problems;
      };
      assertCorrectValues(() => property.cases.arbitrary, caseProblems, {
        maxDepth: 30,
        siblings: 2,
        assert: { numRuns: fuzzRuns(0.3) },
      });
    });
  });
}

// The bounds each property's code gives its targets.
describeCases(l1LogitTarget, () => ({ minL: 2, maxL: 16, S: 3, kappa: 1e6 }));
describeCases(l2Perturbation, () => ({ minL: 2, maxL: 16, S: 3, kappa: 1e6 }));
describeCases(exactness, () => ({ minL: 2, maxL: 64, S: 3, kappa: 100 }));
describeCases(fixedParameters, () => ({ minL: 2, maxL: 16, S: 2, kappa: 4 }));
for (const property of [theoremAtDStar, protocolTheoremAtDStar])
  describeCases(property, (parameters) => {
    const { S, kappa, minL, maxL } = theoremConfig(parameters.config).targets as Required<SparseTargetConstraints>;
    return { S, kappa, minL, maxL };
  });
