import { dimensionBound } from '../src/bound/dimensionBound.js';
import { measureDimension } from '../src/harness/measureDimension.js';
import { statisticalProperty } from '../src/harness/statisticalProperty.js';
import { deriveSeed } from '../src/random/deriveSeed.js';
import { linearRegression } from '../src/statistics/leastSquares.js';

/** Sequence lengths measured by default: 16 and 16² = 256 bracket one squaring of L. */
const LENGTHS = [16, 64, 256] as const;
const PRECISION = { epsilon: 0.9, gamma: 0.9 };
const S = 1;
const KAPPA = 1;
const DELTA = 0.1;
const SUCCESS = 0.9;
/**
 * Squaring L doubles ln L, so a dimension logarithmic in L roughly doubles:
 * `d(L²) ≈ 2·d(L)` (less, by the additive constant). We allow up to 3× —
 * measured ratios here are 1.9–2.4 — while a dimension linear in L would give
 * `L·d(L)` = 16× at L = 16.
 */
const MAX_SQUARING_RATIO = 3;

/**
 * **Logarithmic growth (the theorem's `d = O(log L)`).** The closed form
 * `d*` grows additively in `ln L` (`d*(L²) − 2·d*(L)` is the same constant
 * for every `L`), and the dimension at which the construction really succeeds
 * (in at least 90 % of the trials) grows additively too: `d(L²)` stays near
 * `2·d(L)`, never near `L·d(L)`, and below `d*(L)`. Reports the fitted slope
 * of the measured `d` per `ln L` next to the closed form's.
 */
export const logarithmicGrowth = statisticalProperty({
  name: 'logarithmic-growth',
  lemma: 'Theorem (d = O(log L))',
  claim:
    'd* and the measured dimension grow additively in ln L: d(L^2) near 2 d(L), far below L d(L), and d(L) <= d*(L)',
  defaultRuns: 10,
  async evaluate(construction, seed, runs, onProgress) {
    const failures: string[] = [];
    const figures: Record<string, number | string | boolean> = { trialsPerDimension: runs, successRate: SUCCESS };
    const bound = (L: number): number => dimensionBound({ L, S, ...PRECISION, kappa: KAPPA, delta: DELTA });

    // Closed form: d*(L) = ceil(c·(2 ln L + ln(4/delta))), so d*(L²) − 2 d*(L) = −c·ln(4/delta) up to the two ceilings.
    const gapSmall = bound(256) - 2 * bound(16);
    const gapLarge = bound(65536) - 2 * bound(256);
    figures['d*(L^2) - 2 d*(L) at L=16'] = gapSmall;
    figures['d*(L^2) - 2 d*(L) at L=256'] = gapLarge;
    if (Math.abs(gapSmall - gapLarge) > 2)
      failures.push(
        `the closed form is not additive in ln L: d*(L²) − 2 d*(L) is ${gapSmall} at L = 16 but ${gapLarge} at L = 256`,
      );

    let work = 0;
    const measured: number[] = [];
    for (const [k, L] of LENGTHS.entries()) {
      const dStar = bound(L);
      const result = await measureDimension(construction, {
        L,
        ...PRECISION,
        targets: { S, kappa: KAPPA, rowScaleDecades: 100 },
        trials: runs,
        success: SUCCESS,
        maxD: dStar,
        seed: deriveSeed(seed, L),
      });
      onProgress?.((k + 1) / LENGTHS.length);
      work += result.work;
      figures[`d(${L})`] = result.d ?? 'none';
      figures[`d*(${L})`] = dStar;
      if (result.d === null) {
        failures.push(
          `at L = ${L} fewer than ${Math.round(SUCCESS * 100)} % of ${runs} trials succeed even at d* = ${dStar}`,
        );
        continue;
      }
      figures[`d*/d at L=${L}`] = Number((dStar / result.d).toFixed(2));
      measured.push(result.d);
    }
    if (measured.length === LENGTHS.length) {
      const x = LENGTHS.map((L) => Math.log(L));
      const fit = linearRegression(x, measured);
      const closed = linearRegression(x, LENGTHS.map(bound));
      figures['slope of d per ln L'] = Number(fit.slope.toFixed(3));
      figures['slope of d* per ln L'] = Number(closed.slope.toFixed(3));
      figures['R^2 of d fit'] = Number(fit.rSquared.toFixed(4));
      const ratio = measured[2]! / measured[0]!;
      figures['d(256)/d(16)'] = Number(ratio.toFixed(3));
      if (ratio > MAX_SQUARING_RATIO)
        failures.push(
          `squaring L from 16 to 256 multiplied the measured dimension by ${ratio.toFixed(2)} (from ${measured[0]} to ${measured[2]}), more than ${MAX_SQUARING_RATIO}: not logarithmic growth`,
        );
    }
    return {
      trials: work,
      failure: failures.length === 0 ? null : failures.join('; '),
      figures,
      summary:
        measured.length === LENGTHS.length
          ? `d = ${measured.join(', ')} at L = ${LENGTHS.join(', ')} (d* = ${LENGTHS.map(bound).join(', ')})`
          : 'no dimension found',
    };
  },
});
