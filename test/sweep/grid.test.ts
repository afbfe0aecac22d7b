import { describe, expect, it } from 'vitest';
import { criticalDimension } from '../../src/sweep/criticalDimension.js';
import { dimensionGrid } from '../../src/sweep/dimensionGrid.js';
import type { VerdictStatus } from '../../src/verification/verdict.js';

describe('dimensionGrid', () => {
  it('lists every integer while a step of 5 % is below 2, then steps of at most 5 %, ending at maxD', () => {
    expect(dimensionGrid(30, 0.05)).toEqual(Array.from({ length: 30 }, (_, k) => k + 1));
    expect(dimensionGrid(60, 0.05)).toEqual([
      ...Array.from({ length: 40 }, (_, k) => k + 1),
      42,
      44,
      46,
      48,
      50,
      52,
      54,
      56,
      58,
      60,
    ]);
    expect(dimensionGrid(100, 0.25)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 18, 22, 27, 33, 41, 51, 63, 78, 97, 100,
    ]);
    expect(dimensionGrid(1, 0.05)).toEqual([1]);
  });

  it.each([
    [564, 0.05],
    [49020, 0.05],
    [1000, 0.01],
    [777, 1],
  ])(
    'grid up to %i at resolution %f: increasing, from 1 to maxD, steps within max(1, resolution·d)',
    (maxD, resolution) => {
      const grid = dimensionGrid(maxD, resolution);
      expect(grid[0]).toBe(1);
      expect(grid[grid.length - 1]).toBe(maxD);
      for (let k = 1; k < grid.length; k++) {
        expect(grid[k]!).toBeGreaterThan(grid[k - 1]!);
        expect(Number.isInteger(grid[k])).toBe(true);
        // The stated resolution: a dimension read off the grid is within one such step of the true one.
        expect(grid[k]! - grid[k - 1]!).toBeLessThanOrEqual(Math.max(1, resolution * grid[k - 1]!));
      }
    },
  );

  it('the grid up to d* = 564 is short enough for a bisection of 7 steps', () => {
    expect(Math.ceil(Math.log2(dimensionGrid(564, 0.05).length))).toBe(7);
  });

  it('rejects a bad maxD or resolution', () => {
    expect(() => dimensionGrid(0, 0.05)).toThrow(RangeError);
    expect(() => dimensionGrid(2.5, 0.05)).toThrow(RangeError);
    expect(() => dimensionGrid(10, 0)).toThrow(RangeError);
    expect(() => dimensionGrid(10, 1.5)).toThrow(RangeError);
  });
});

describe('criticalDimension', () => {
  const grid = dimensionGrid(90, 0.05);

  it('finds the exact switching point of every monotone outcome, evaluating each d at most once', async () => {
    for (const threshold of grid) {
      const evaluated: number[] = [];
      const result = await criticalDimension(grid, async (d): Promise<VerdictStatus> => {
        evaluated.push(d);
        return d >= threshold ? 'pass' : 'fail';
      });
      expect(result.critical).toBe(threshold);
      expect(new Set(evaluated).size).toBe(evaluated.length);
      expect(result.steps.map(([d]) => d)).toEqual(evaluated);
      // Bisection: about log2 of the grid size, plus one evaluation of the top at most.
      expect(evaluated.length).toBeLessThanOrEqual(Math.ceil(Math.log2(grid.length + 1)) + 1);
    }
  });

  it('evaluates the top of the grid only when everything below failed, and reports null when it fails too', async () => {
    const top = grid[grid.length - 1]!;
    const passAtTop = await criticalDimension(grid, async (d) => (d === top ? 'pass' : 'fail'));
    expect(passAtTop.critical).toBe(top);
    expect(passAtTop.steps.filter(([d]) => d === top)).toHaveLength(1);
    const never = await criticalDimension(grid, async () => 'fail');
    expect(never.critical).toBeNull();
    expect(never.steps[never.steps.length - 1]).toEqual([top, 'fail']);
    const cheap = await criticalDimension(grid, async (d) => (d >= 10 ? 'pass' : 'fail'));
    expect(cheap.steps.some(([d]) => d === top)).toBe(false);
  });

  it('counts an inconclusive verdict as no success', async () => {
    const result = await criticalDimension([1, 2, 3, 4], async (d) =>
      d >= 3 ? 'pass' : d === 2 ? 'inconclusive' : 'fail',
    );
    expect(result.critical).toBe(3);
  });

  it('the critical dimension is the smallest passing step (what a merge re-checks)', async () => {
    // A non-monotone outcome: the search still ends at a passing step with a failing neighbour below.
    const outcome = (d: number): VerdictStatus => (d % 3 === 0 ? 'pass' : 'fail');
    const result = await criticalDimension(grid, async (d) => outcome(d));
    const passing = result.steps.filter(([, s]) => s === 'pass').map(([d]) => d);
    expect(result.critical).toBe(Math.min(...passing));
    const below = grid[grid.indexOf(result.critical!) - 1];
    if (below !== undefined) expect(result.steps).toContainEqual([below, 'fail']);
  });
});
