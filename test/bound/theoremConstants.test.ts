import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundSummary } from '../../src/bound/boundSummary.js';
import { dimensionBound } from '../../src/bound/dimensionBound.js';
import { theoremConstants } from '../../src/bound/theoremConstants.js';
import type { BoundParams } from '../../src/bound/theoremParams.js';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { FC, boundParamsArb } from './helpers.js';

describe('theoremConstants', () => {
  it('matches the hand derivation for L=64, S=2, epsilon=gamma=1/2, kappa=2', () => {
    // rho = ln(3/2); Delta = ln 2 + ln(3/2) = ln 3; R = sqrt 2 · (ln 3 + ln 2) = sqrt 2 · ln 6;
    // tau = ln(3/2) / (2 sqrt 2 ln 6). Tolerance 1e-15 relative: a few roundings on each side.
    const c = theoremConstants({ L: 64, S: 2, epsilon: 0.5, gamma: 0.5, kappa: 2 });
    const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-15 * want);
    close(c.rho, Math.log(1.5));
    close(c.Delta, Math.log(3));
    close(c.logKappa, Math.LN2);
    close(c.R, Math.SQRT2 * Math.log(6));
    close(c.tau, Math.log(1.5) / (2 * Math.SQRT2 * Math.log(6)));
  });

  it('keeps tau in (0, 1/2) for random parameters', () => {
    fc.assert(
      fc.property(boundParamsArb, (p) => {
        const { tau } = theoremConstants(p);
        return tau > 0 && tau < 0.5;
      }),
      FC,
    );
  });

  it('lets tau round to exactly 1/2, never beyond, when ln(1/gamma) is below the ulp of rho', () => {
    const { tau } = theoremConstants({ L: 2, S: 1, epsilon: 1e300, gamma: 1 - 2 ** -53, kappa: 1 });
    expect(tau).toBe(0.5);
  });

  it('uses rho = log1p(epsilon), accurate for tiny epsilon', () => {
    // log1p(1e-20) = 1e-20 − 5e-41…: equal to 1e-20 as a double, where log(1 + 1e-20) would give 0.
    expect(theoremConstants({ L: 2, S: 1, epsilon: 1e-20, gamma: 0.5, kappa: 1 }).rho).toBe(1e-20);
  });
});

describe('parameter validation names the field at fault', () => {
  const good: BoundParams = { L: 64, S: 2, epsilon: 0.5, gamma: 0.5, kappa: 2, delta: 0.1 };
  const cases: Array<
    [string, Partial<Record<keyof BoundParams, unknown>>, string, typeof InputRangeError | typeof InputTypeError]
  > = [
    ['L = 1', { L: 1 }, 'L', InputRangeError],
    ['L = 2.5', { L: 2.5 }, 'L', InputTypeError],
    ['L = "64"', { L: '64' }, 'L', InputTypeError],
    ['L = 2^60', { L: 2 ** 60 }, 'L', InputTypeError],
    ['S = 0', { S: 0 }, 'S', InputRangeError],
    ['S = NaN', { S: NaN }, 'S', InputTypeError],
    ['epsilon = 0', { epsilon: 0 }, 'epsilon', InputRangeError],
    ['epsilon = Infinity', { epsilon: Infinity }, 'epsilon', InputRangeError],
    ['epsilon missing', { epsilon: undefined }, 'epsilon', InputTypeError],
    ['gamma = 1', { gamma: 1 }, 'gamma', InputRangeError],
    ['gamma = 0', { gamma: 0 }, 'gamma', InputRangeError],
    ['kappa = 0.5', { kappa: 0.5 }, 'kappa', InputRangeError],
    ['kappa = Infinity', { kappa: Infinity }, 'kappa', InputRangeError],
    ['kappa = NaN', { kappa: NaN }, 'kappa', InputRangeError],
    ['kappa = null', { kappa: null }, 'kappa', InputTypeError],
    ['delta = 0', { delta: 0 }, 'delta', InputRangeError],
    ['delta = 1', { delta: 1 }, 'delta', InputRangeError],
    ['delta = "0.1"', { delta: '0.1' }, 'delta', InputTypeError],
  ];
  it.each(cases)('%s', (_name, change, field, type) => {
    const params = { ...good, ...change } as BoundParams;
    for (const attempt of [() => dimensionBound(params), () => boundSummary(params, 100)]) {
      expect(attempt).toThrow(type);
      let caught: unknown;
      try {
        attempt();
      } catch (error) {
        caught = error;
      }
      expect((caught as InputRangeError).location.field).toBe(field);
      expect((caught as Error).message.startsWith(`${field}: `)).toBe(true);
    }
  });
});
