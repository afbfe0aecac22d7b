import { describe, expect, it } from 'vitest';
import { assembleCertificate } from '../../src/construction/assembleCertificate.js';
import { construct } from '../../src/construction/construct.js';
import { validateConstructionParams, type ConstructionParams } from '../../src/construction/constructionParams.js';
import { logitTarget } from '../../src/construction/logitTarget.js';
import { projectionMatrix } from '../../src/construction/projectionMatrix.js';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { expectInputError } from '../helpers/expectInputError.js';
import { denseMatrix } from '../../src/matrix/denseMatrix.js';
import { createRandom } from '../../src/random/randomSource.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';

// Each bad parameter of the construction is refused with its own class, field and message, and each
// boundary value just inside the domain is accepted. (Written to kill the surviving mutants listed in
// docs/mutation.md: a check that is removed, inverted or made off-by-one changes one of these answers.)

const W = SparseTarget.fromEntries(3, [
  [0, 1, 2],
  [1, 0, 1],
  [2, 2, 5],
]);
const base: ConstructionParams = { epsilon: 0.5, gamma: 0.5, d: 4, seed: 1 };

function refused(
  params: unknown,
  type: typeof InputTypeError | typeof InputRangeError,
  field: string | undefined,
  message: RegExp,
): void {
  expectInputError(() => validateConstructionParams(params as ConstructionParams), type, field, message);
}

describe('validateConstructionParams refuses each bad field, naming it', () => {
  it.each<[string, unknown, typeof InputTypeError | typeof InputRangeError, string | undefined, RegExp]>([
    ['null', null, InputTypeError, undefined, /^construction parameters must be an object$/],
    ['a string', 'params', InputTypeError, undefined, /^construction parameters must be an object$/],
    ['d fractional', { ...base, d: 2.5 }, InputTypeError, 'd', /^must be an integer, got 2\.5$/],
    ['d as a string', { ...base, d: '4' }, InputTypeError, 'd', /^must be an integer, got 4$/],
    ['d = 0', { ...base, d: 0 }, InputRangeError, 'd', /^must be at least 1, got 0$/],
    ['seed fractional', { ...base, seed: 1.5 }, InputTypeError, 'seed', /^must be a safe integer, got 1\.5$/],
    ['seed as a string', { ...base, seed: '1' }, InputTypeError, 'seed', /^must be a safe integer, got 1$/],
    [
      'random a string',
      { ...base, seed: undefined, random: 'x' },
      InputTypeError,
      'random',
      /^must be a RandomSource \(an object with next\(\)\)$/,
    ],
    ['random null', { ...base, seed: undefined, random: null }, InputTypeError, 'random', /^must be a RandomSource/],
    [
      'random without next()',
      { ...base, seed: undefined, random: { next: 5 } },
      InputTypeError,
      'random',
      /^must be a RandomSource/,
    ],
    [
      'neither seed nor random',
      { ...base, seed: undefined },
      InputTypeError,
      'seed',
      /^is required \(or pass a RandomSource as random\)$/,
    ],
    [
      'an unknown layout',
      { ...base, layout: 'dense' },
      InputRangeError,
      'layout',
      /^must be "projected" or "fixed", got "dense"$/,
    ],
    [
      'an unknown projection',
      { ...base, projection: 'sparse' },
      InputRangeError,
      'projection',
      /^must be "gaussian" or "rademacher", got "sparse"$/,
    ],
  ])('%s', (_name, params, type, field, message) => refused(params, type, field, message));

  it('d = 1 is the smallest valid dimension', () => {
    expect(validateConstructionParams({ ...base, d: 1 }).d).toBe(1);
    expect(construct(W, { ...base, d: 1 }).WQ.cols).toBe(1);
  });
});

describe('construct', () => {
  it('refuses a target that is not a SparseTarget with a TypeError naming the remedy', () => {
    const attempt = () => construct({ L: 3 } as unknown as SparseTarget, base);
    expect(attempt).toThrow(TypeError);
    expect(attempt).toThrow(/^construct needs a SparseTarget \(build one with SparseTarget\.fromEntries\)$/);
  });

  it('records the seed when given one, and has no seed field when given a RandomSource', () => {
    expect(construct(W, base).seed).toBe(1);
    const cert = construct(W, { epsilon: 0.5, gamma: 0.5, d: 4, random: createRandom(1) });
    expect('seed' in cert).toBe(false);
  });
});

describe('assembleCertificate and projectionMatrix check their shapes', () => {
  it('refuses a projection whose row count is not L', () => {
    const B = logitTarget(W, { epsilon: 0.5, gamma: 0.5 });
    expect(() => assembleCertificate(B, denseMatrix(2, 4), 'projected')).toThrow(RangeError);
    expect(() => assembleCertificate(B, denseMatrix(2, 4), 'fixed')).toThrow(/^B is 3×3 but G has 2 rows$/);
  });

  it.each<[number, number, RegExp]>([
    [0, 2, /^L must be a positive integer, got 0$/],
    [2.5, 2, /^L must be a positive integer, got 2\.5$/],
    [2, 0, /^d must be a positive integer, got 0$/],
    [2, 2.5, /^d must be a positive integer, got 2\.5$/],
    [2, Infinity, /^d must be a positive integer, got Infinity$/],
  ])('projectionMatrix(%s, %s) is a RangeError', (L, d, message) => {
    expect(() => projectionMatrix(L, d, 'gaussian', createRandom(1))).toThrow(RangeError);
    expect(() => projectionMatrix(L, d, 'gaussian', createRandom(1))).toThrow(message);
  });

  it('L = 1 and d = 1 are valid', () => {
    const G = projectionMatrix(1, 1, 'rademacher', createRandom(1));
    expect([G.rows, G.cols]).toEqual([1, 1]);
    // a Rademacher entry is ±1/sqrt(1) exactly
    expect(Math.abs(G.data[0]!)).toBe(1);
  });
});
