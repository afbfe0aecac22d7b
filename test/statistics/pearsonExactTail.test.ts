import { describe, expect, it } from 'vitest';
import { chiSquareSurvival } from '../../src/statistics/chiSquare.js';
import { pearsonExactTail } from '../../src/statistics/pearsonExactTail.js';
import { pearsonGoodnessOfFit } from '../../properties/_internals/pearsonGoodnessOfFit.js';
import { createRandom } from '../../src/random/randomSource.js';

/** Exact `P(X² >= x)` by enumerating every count vector of a 3-cell multinomial. */
function bruteForce(n: number, p: readonly number[], x: number): number {
  const lnFact = (m: number): number => {
    let s = 0;
    for (let i = 2; i <= m; i++) s += Math.log(i);
    return s;
  };
  let tail = 0;
  for (let a = 0; a <= n; a++)
    for (let b = 0; a + b <= n; b++) {
      const o = [a, b, n - a - b];
      const stat = o.reduce((s, oi, k) => s + (oi - n * p[k]!) ** 2 / (n * p[k]!), 0);
      if (stat >= x) tail += Math.exp(lnFact(n) - o.reduce((s, oi, k) => s + lnFact(oi) - oi * Math.log(p[k]!), 0));
    }
  return tail;
}

/** Binomial(d, 1/2) cell probabilities. */
function binomialCells(d: number): number[] {
  const p: number[] = [];
  let c = 2 ** -d;
  for (let k = 0; k <= d; k++) {
    p.push(c);
    c = (c * (d - k)) / (k + 1);
  }
  return p;
}

describe('pearsonExactTail: a rigorous bracket of the exact multinomial tail', () => {
  it.each([
    [12, [0.2, 0.3, 0.5], 3],
    [40, [0.1, 0.6, 0.3], 9.5],
    [60, [1 / 3, 1 / 3, 1 / 3], 20],
    [30, [0.05, 0.05, 0.9], 50],
  ] as const)('n = %i, p = %j, x = %d: lower <= exact <= upper, and the bracket is tight', (n, p, x) => {
    const exact = bruteForce(n, p, x);
    const { lower, upper } = pearsonExactTail(n, p, x);
    // The enumeration sums the same positive terms in another order: 1e-12 relative covers its rounding.
    expect(lower).toBeLessThanOrEqual(exact * (1 + 1e-12));
    expect(upper).toBeGreaterThanOrEqual(exact * (1 - 1e-12));
    // Width: at most 3 cells × 1/400 of x in the statistic; measured relative widths are below 1e-6 here.
    expect(upper - lower).toBeLessThanOrEqual(0.05 * exact + 1e-12);
  });

  it('the chi-square approximation understates the far tail of the 32-dimensional Rademacher law (why the exact p-value)', () => {
    const n = 960;
    const cells = mergedCells(n, binomialCells(32));
    const { lower } = pearsonExactTail(n, cells, 62);
    const approx = chiSquareSurvival(62, cells.length - 1);
    // Measured: exact in [1.97e-7, 3.90e-7], approximation 5.2e-8.
    expect(lower).toBeGreaterThan(3 * approx);
  });

  it('is 1 at x <= 0 and a single cell never deviates', () => {
    expect(pearsonExactTail(10, [0.5, 0.5], 0)).toMatchObject({ lower: 1, upper: 1 });
    expect(pearsonExactTail(10, [1], 3)).toMatchObject({ lower: 0, upper: 0 });
  });

  it('refuses bad arguments', () => {
    expect(() => pearsonExactTail(0, [0.5, 0.5], 1)).toThrow(RangeError);
    expect(() => pearsonExactTail(10, [0.5, 0.6], 1)).toThrow(/sum to 1/);
    expect(() => pearsonExactTail(10, [0, 1], 1)).toThrow(/probabilities\[0\]/);
    expect(() => pearsonExactTail(10, [0.5, 0.5], Number.NaN)).toThrow();
  });

  it('decision p-values are super-uniform: over 400 simulated null samples, P(p <= a) <= a (within binomial noise)', () => {
    const random = createRandom(7);
    const d = 4;
    const n = 100;
    const p = binomialCells(d);
    const pValues: number[] = [];
    for (let t = 0; t < 400; t++) {
      const counts = new Float64Array(d + 1);
      for (let s = 0; s < n; s++) {
        let k = 0;
        for (let b = 0; b < d; b++) if (random.next() < 0.5) k++;
        counts[k]!++;
      }
      pValues.push(pearsonGoodnessOfFit(counts, p).pValue);
    }
    for (const a of [0.01, 0.05, 0.2]) {
      const rate = pValues.filter((v) => v <= a).length / pValues.length;
      // Binomial(400, a) exceeds a + 4 standard errors with probability below 1e-4.
      expect(rate).toBeLessThanOrEqual(a + 4 * Math.sqrt((a * (1 - a)) / 400));
    }
  });
});

/** Cells merged as pearsonGoodnessOfFit merges them (expected count >= 5), as probabilities. */
function mergedCells(n: number, p: readonly number[]): number[] {
  const cells: number[] = [];
  let acc = 0;
  for (const q of p) {
    acc += q;
    if (n * acc >= 5) {
      cells.push(acc);
      acc = 0;
    }
  }
  cells[cells.length - 1]! += acc;
  const total = cells.reduce((a, b) => a + b, 0);
  return cells.map((c) => c / total);
}
