import { describe, expect, it } from 'vitest';
import { chernoffExponents } from '../../src/bound/chernoffExponents.js';
import { failureProbability, logFailureProbability } from '../../src/bound/failureProbability.js';
import { smallestDimension } from '../../src/bound/smallestDimension.js';
import {
  validateDelta,
  validateDimension,
  validateTheoremParams,
  type TheoremParams,
} from '../../src/bound/theoremParams.js';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { expectInputError } from '../helpers/expectInputError.js';

// Each bad parameter of the bound is refused with its own class, field and message; the two numeric
// routes of failureProbability are each taken where they should be. (Written to kill the surviving
// mutants listed in docs/mutation.md.)

const good: TheoremParams = { L: 64, S: 2, epsilon: 0.5, gamma: 0.5, kappa: 2 };

const refused = expectInputError;

describe('validateTheoremParams, validateDelta, validateDimension', () => {
  it.each<[string, unknown, typeof InputTypeError | typeof InputRangeError, string | undefined, RegExp]>([
    ['null', null, InputTypeError, undefined, /^parameters must be an object$/],
    ['a string', 'L=64', InputTypeError, undefined, /^parameters must be an object$/],
    ['L as a string', { ...good, L: '64' }, InputTypeError, 'L', /^must be a number, got 64$/],
    [
      'L fractional',
      { ...good, L: 2.5 },
      InputTypeError,
      'L',
      /^must be an integer no larger than 2\^53 − 1, got 2\.5$/,
    ],
    ['L = 1', { ...good, L: 1 }, InputRangeError, 'L', /^must be at least 2, got 1$/],
    ['S = 0', { ...good, S: 0 }, InputRangeError, 'S', /^must be at least 1, got 0$/],
    ['kappa as a string', { ...good, kappa: '2' }, InputTypeError, 'kappa', /^must be a number, got 2$/],
    ['kappa below 1', { ...good, kappa: 0.5 }, InputRangeError, 'kappa', /^must be a finite number >= 1, got 0\.5$/],
  ])('%s', (_name, params, type, field, message) =>
    refused(() => validateTheoremParams(params as TheoremParams), type, field, message),
  );

  it('delta and d', () => {
    refused(() => validateDelta('0.1'), InputTypeError, 'delta', /^must be a number, got 0\.1$/);
    refused(() => validateDelta(1), InputRangeError, 'delta', /^must lie strictly between 0 and 1, got 1$/);
    refused(() => validateDimension(0), InputRangeError, 'd', /^must be at least 1, got 0$/);
    expect(validateDimension(1)).toBe(1);
  });

  it('chernoffExponents names a tau outside [0, 1)', () => {
    expect(() => chernoffExponents(1)).toThrow(/^tau must lie in \[0, 1\), got 1$/);
  });

  it('smallestDimension refuses a d* beyond the safe integers (tiny epsilon), saying why', () => {
    expect(() => smallestDimension({ ...good, epsilon: 1e-12, delta: 0.1 })).toThrow(
      /^d\* = \d.* is beyond the safe integers; cannot search below it$/,
    );
  });
});

describe('failureProbability takes the direct sum in the normal range and the log route below it', () => {
  it('in the normal range: exactly the direct sum 2 L² (e^{−(d/2)h+} + e^{−(d/2)h−})', () => {
    // Same operations in the same order as SPEC §4, so the comparison is exact; the log route
    // (exp of the log-sum-exp) differs from it in the last bits for most d, which this detects.
    const tau = Math.log1p(0.5) / (2 * Math.sqrt(2) * (Math.log1p(0.5) - Math.log(0.5) + Math.log(2)));
    const { hPlus, hMinus } = chernoffExponents(tau);
    let differs = 0;
    for (let d = 10_000; d < 40_000; d += 997) {
      const direct = 2 * 64 * 64 * (Math.exp(-(d / 2) * hPlus) + Math.exp(-(d / 2) * hMinus));
      expect(direct).toBeLessThan(1);
      expect(failureProbability(good, d)).toBe(direct);
      if (Math.exp(logFailureProbability(good, d)) !== direct) differs++;
    }
    expect(differs).toBeGreaterThan(0); // the control: the two routes are distinguishable here
  });

  it('below the normal range (direct sum subnormal): exp of the log, not the imprecise direct sum', () => {
    const tau = Math.log1p(0.5) / (2 * Math.sqrt(2) * (Math.log1p(0.5) - Math.log(0.5) + Math.log(2)));
    const { hPlus } = chernoffExponents(tau);
    // choose d so that the direct sum lands around 1e-315 (subnormal)
    const d = Math.ceil((2 * (Math.log(2 * 64 * 64) + 315 * Math.log(10))) / hPlus);
    const p = failureProbability(good, d);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(Number.MIN_VALUE * 2 ** 52);
    expect(p).toBe(Math.exp(logFailureProbability(good, d)));
  });
});
