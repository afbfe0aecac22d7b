import { describe, expect, it } from 'vitest';
import { dimensionBound } from '../../src/bound/dimensionBound.js';
import { deriveSeed } from '../../src/random/deriveSeed.js';
import { clopperPearsonInterval } from '../../src/statistics/clopperPearson.js';
import { dimensionGrid } from '../../src/sweep/dimensionGrid.js';
import { fitSweep } from '../../src/sweep/fitSweep.js';
import { sweepCrossover } from '../../src/sweep/sweepCrossover.js';
import { requiredSuccesses, sweepParams, type SweepParams } from '../../src/sweep/sweepParams.js';
import { sweepRows, type SweepRow } from '../../src/sweep/sweepRows.js';
import type { TrialRecord } from '../../src/sweep/trialRecord.js';

const PARAMS: SweepParams = sweepParams(
  { lengths: [16, 256], S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1, trials: 10, success: 0.8, seed: 3 },
  'synthetic',
);

/** Records whose critical dimensions are given (null: fails at the top); steps are a plausible end of a search. */
function records(L: number, critical: readonly (number | null)[]): TrialRecord[] {
  return critical.map((c, trial) => ({
    L,
    trial,
    seed: deriveSeed(deriveSeed(PARAMS.seed, L), trial),
    critical: c,
    steps:
      c === null
        ? [[dimensionBound({ L, S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1, delta: 0.1 }), 'fail']]
        : [[c, 'pass']],
  }));
}

describe('sweepRows: the decision rule', () => {
  const c16 = [12, 7, 9, 30, 9, 11, 15, 10, 8, 13];
  // Critical dimensions are grid points (the grid up to d* = 410 steps by 2 from 40 to 60).
  const c256 = [40, null, 38, 44, 42, 39, 52, null, 48, 46];
  const rows = sweepRows(PARAMS, [...records(16, c16), ...records(256, c256)]);

  it('d is the smallest grid point at which at least ceil(success·trials) trials succeed, by direct count', () => {
    const k = requiredSuccesses(PARAMS.success, PARAMS.trials);
    expect(k).toBe(8);
    for (const [row, critical] of [
      [rows[0]!, c16],
      [rows[1]!, c256],
    ] as const) {
      // Brute force: scan the whole grid, counting the trials already switched to success.
      const grid = dimensionGrid(row.maxD, PARAMS.resolution);
      const count = (g: number): number => critical.filter((c) => c !== null && c <= g).length;
      const first = grid.find((g) => count(g) >= k) ?? null;
      expect(row.d).toBe(first);
      expect(row.successes).toBe(count(row.d!));
      expect(count(row.dBelow!)).toBeLessThan(k);
      expect(grid[grid.indexOf(row.d!) - 1]).toBe(row.dBelow);
      expect(row.dHalf).toBe(grid.find((g) => count(g) >= 5));
      const interval = clopperPearsonInterval(row.successes, row.trials, 0.05);
      expect([row.successLower, row.successUpper]).toEqual([interval.lower, interval.upper]);
    }
    expect(rows[0]!.d).toBe(13);
    expect(rows[0]!.dAll).toBe(30);
    expect(rows[1]!.d).toBe(52);
    expect(rows[1]!.failedAtTop).toBe(2);
    expect(rows[1]!.dAll).toBeNull();
  });

  it('reports d*, d*/d, L/d and the evaluations', () => {
    expect(rows.map((r) => r.dStar)).toEqual([256, 410]);
    expect(rows[0]!.dStarOverD).toBe(256 / 13);
    expect(rows[1]!.lOverD).toBe(256 / 52);
    expect(rows.map((r) => r.evaluations)).toEqual([10, 10]);
  });

  it('gives no d when too few trials succeed even at the top', () => {
    const none = sweepRows(PARAMS, [
      ...records(16, c16),
      ...records(256, [40, null, null, 44, 42, null, 52, null, 48, 46]),
    ]);
    expect(none[1]!.d).toBeNull();
    expect(none[1]!.dStarOverD).toBeNull();
    expect(none[1]!.successes).toBe(6);
  });

  it('refuses an incomplete set of records', () => {
    expect(() => sweepRows(PARAMS, records(16, c16))).toThrow(/length 256 has 0 trial records/);
  });
});

function row(L: number, d: number | null, dStar: number): SweepRow {
  return {
    L,
    d,
    dStar,
    maxD: dStar,
    dBelow: null,
    successes: 0,
    trials: 1,
    successLower: 0,
    successUpper: 1,
    dHalf: d,
    dAll: d,
    failedAtTop: 0,
    dStarOverD: null,
    lOverD: null,
    evaluations: 0,
  };
}

describe('fitSweep', () => {
  it('recovers an exact line d = a + b·ln L with R² = 1', () => {
    const lengths = [16, 64, 256, 1024, 4096];
    const rows = lengths.map((L) => row(L, 3 + 8.5 * Math.log(L), 100 + 55 * Math.log(L)));
    const fit = fitSweep(rows)!;
    // Exact data; only rounding of ln L and of the centred sums, far below 1e-9.
    expect(Math.abs(fit.slope - 8.5)).toBeLessThan(1e-9);
    expect(Math.abs(fit.intercept - 3)).toBeLessThan(1e-9);
    expect(Math.abs(fit.rSquared - 1)).toBeLessThan(1e-12);
    expect(Math.abs(fit.dStarSlope - 55)).toBeLessThan(1e-9);
    expect(Math.abs(fit.dStarIntercept - 100)).toBeLessThan(1e-9);
    expect(fit.points).toBe(5);
  });

  it('leaves out lengths without a measured d, and needs two of them', () => {
    const fit = fitSweep([row(16, 10, 1), row(64, null, 2), row(256, 20, 3)])!;
    expect(fit.points).toBe(2);
    // Two points: the line through them, slope 10 / ln 16 exactly up to rounding (1e-12).
    expect(Math.abs(fit.slope - 10 / Math.log(16))).toBeLessThan(1e-12);
    expect(fitSweep([row(16, 10, 1), row(64, null, 2)])).toBeNull();
  });

  it('a noisy line has R² below 1', () => {
    const fit = fitSweep([row(16, 20, 1), row(64, 40, 2), row(256, 38, 3), row(1024, 60, 4)])!;
    expect(fit.rSquared).toBeLessThan(0.95);
    expect(fit.rSquared).toBeGreaterThan(0);
  });
});

describe('sweepCrossover', () => {
  it('the closed-form crossover is the first L with d*(L) < L, and d* stays below L after it', () => {
    for (const [S, epsilon, kappa] of [
      [1, 0.9, 1],
      [2, 0.5, 2],
    ] as const) {
      const params = sweepParams({ lengths: [16], S, epsilon, gamma: epsilon, kappa, trials: 1 }, 'x');
      const { dStar } = sweepCrossover(params, [row(16, 5, 256)], null);
      const bound = (L: number): number => dimensionBound({ L, S, epsilon, gamma: epsilon, kappa, delta: 0.1 });
      expect(bound(dStar! - 1)).toBeGreaterThanOrEqual(dStar! - 1);
      for (let L = dStar!; L < dStar! + 2000; L += 7) expect(bound(L)).toBeLessThan(L);
      // And brute force below it: no earlier L qualifies.
      for (let L = 2; L < dStar!; L += 1)
        if (bound(L) < L) throw new Error(`d*(${L}) < ${L} before the reported crossover ${dStar}`);
    }
  });

  it('the measured crossover is the first swept L from which every measured d is below L', () => {
    const params = sweepParams({ lengths: [8, 16, 64, 256], S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1, trials: 1 }, 'x');
    const at = (ds: (number | null)[]) =>
      sweepCrossover(
        params,
        ds.map((d, k) => row(params.lengths[k]!, d, 1)),
        null,
      );
    expect(at([9, 20, 30, 40]).measured).toBe(64);
    expect(at([5, 20, 30, 40]).measured).toBe(64);
    expect(at([5, 10, 30, 40])).toMatchObject({ measured: 8, measuredAtShortest: true });
    expect(at([5, 10, 30, 300]).measured).toBeNull();
    expect(at([5, 10, null, 40]).measured).toBe(256);
  });

  it('the fitted crossover is the first integer from which a + b·ln L < L holds for good', () => {
    const params = sweepParams({ lengths: [16], S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1, trials: 1 }, 'x');
    for (const [intercept, slope] of [
      [-2.6, 8.8],
      [0, 30],
      [50, 0.5],
      [-100, 3],
      [5, -1],
    ] as const) {
      const fit = {
        points: 2,
        intercept,
        slope,
        interceptStandardError: 0,
        slopeStandardError: 0,
        rSquared: 1,
        dStarIntercept: 0,
        dStarSlope: 0,
      };
      const { fitted } = sweepCrossover(params, [row(16, 1, 1)], fit);
      const below = (L: number): boolean => intercept + slope * Math.log(L) < L;
      expect(below(fitted!)).toBe(true);
      if (fitted! > 2) expect(below(fitted! - 1)).toBe(false);
      for (let L = fitted!; L < fitted! + 5000; L++) expect(below(L)).toBe(true);
    }
  });
});

describe('sweepParams', () => {
  it('sorts the lengths and fills in the defaults', () => {
    const p = sweepParams({ lengths: [64, 16], S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1 }, 'builtin');
    expect(p).toMatchObject({
      lengths: [16, 64],
      trials: 20,
      success: 0.9,
      resolution: 0.05,
      delta: 0.1,
      pattern: 'random',
      maxD: null,
      seed: 42,
    });
    expect(requiredSuccesses(0.9, 20)).toBe(18);
    expect(requiredSuccesses(1, 7)).toBe(7);
    expect(requiredSuccesses(0.5, 7)).toBe(4);
  });

  it.each([
    [{ lengths: [1] }, /L: must be at least 2/],
    [{ lengths: [16, 16] }, /L: lists the length 16 twice/],
    [{ lengths: [] }, /L: must be a non-empty list/],
    [{ success: 1.5 }, /success: must lie in \(0, 1\]/],
    [{ success: 0 }, /success/],
    [{ trials: 0 }, /trials: must be at least 1/],
    [{ resolution: 0 }, /resolution/],
    [{ gamma: 1 }, /gamma/],
    [{ pattern: 'zigzag' }, /pattern: must be one of/],
    [{ maxD: 0 }, /maxD: must be at least 1/],
  ])('rejects %o', (change, message) => {
    expect(() =>
      sweepParams({ lengths: [16], S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1, ...change } as never, 'x'),
    ).toThrow(message);
  });
});
