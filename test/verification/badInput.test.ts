import { describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/certificates/certificate.js';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { denseMatrix } from '../../src/matrix/denseMatrix.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { verifyCertificate } from '../../src/verification/verifyCertificate.js';
import { verifyFactors } from '../../src/verification/verifyFactors.js';

const W = SparseTarget.fromEntries(3, [
  [0, 0, 1],
  [1, 1, 1],
  [2, 2, 1],
]);
const precision = { epsilon: 0.5, gamma: 0.5 };
const Q = denseMatrix(3, 2);
const K = denseMatrix(3, 2);

function expectInputError(
  attempt: () => unknown,
  type: typeof InputRangeError | typeof InputTypeError,
  message: RegExp,
  field?: string,
): void {
  expect(attempt).toThrow(type);
  expect(attempt).toThrow(message);
  if (field !== undefined) {
    try {
      attempt();
    } catch (error) {
      expect((error as InputRangeError).location.field).toBe(field);
    }
  }
}

describe('verifyFactors rejects bad input with errors naming the matrix', () => {
  it('Q or K with the wrong number of rows, or mismatched d', () => {
    expectInputError(
      () => verifyFactors(W, denseMatrix(2, 2), K, precision),
      InputRangeError,
      /^Q: Q has 2 rows but the target has L = 3/,
      'Q',
    );
    expectInputError(() => verifyFactors(W, Q, denseMatrix(4, 2), precision), InputRangeError, /^K: K has 4 rows/, 'K');
    expectInputError(
      () => verifyFactors(W, Q, denseMatrix(3, 5), precision),
      InputRangeError,
      /^K: K has 5 columns but Q has d = 2/,
      'K',
    );
    expectInputError(
      () => verifyFactors(W, denseMatrix(3, 0), denseMatrix(3, 0), precision),
      InputRangeError,
      /d = 0/,
      'Q',
    );
  });

  it('non-finite entries, naming row and column', () => {
    const bad = denseMatrix(3, 2, Float64Array.from([0, 0, 0, NaN, 0, 0]));
    expectInputError(() => verifyFactors(W, bad, K, precision), InputRangeError, /^Q, row 1, column 1: is NaN/, 'Q');
    const inf = denseMatrix(3, 2, Float64Array.from([0, 0, 0, 0, -Infinity, 0]));
    expectInputError(
      () => verifyFactors(W, Q, inf, precision),
      InputRangeError,
      /^K, row 2, column 0: is -Infinity/,
      'K',
    );
  });

  it('a malformed matrix, a non-target, a bad precision, a bad block size', () => {
    const ragged = { rows: 3, cols: 2, data: new Float64Array(5) };
    expectInputError(() => verifyFactors(W, ragged, K, precision), InputRangeError, /Q: has 5 numbers for a 3×2 shape/);
    expectInputError(
      () => verifyFactors(W, { rows: 3, cols: 2, data: [0, 0, 0, 0, 0, 0] } as never, K, precision),
      InputTypeError,
      /Q: must be a DenseMatrix/,
    );
    expectInputError(
      () => verifyFactors({ L: 3 } as never, Q, K, precision),
      InputTypeError,
      /target: must be a SparseTarget/,
    );
    expectInputError(() => verifyFactors(W, Q, K, { epsilon: 0, gamma: 0.5 }), InputRangeError, /epsilon/);
    expectInputError(() => verifyFactors(W, Q, K, { epsilon: 0.5, gamma: 1 }), InputRangeError, /gamma/);
    expect(() => verifyFactors(W, Q, K, precision, { blockRows: 0 })).toThrow(RangeError);
    expect(() => verifyFactors(W, Q, K, precision, { blockRows: 2.5 })).toThrow(/blockRows/);
  });

  it('names the source file when one is given', () => {
    expectInputError(
      () => verifyFactors(W, denseMatrix(2, 2), K, precision, { source: 'factors.json' }),
      InputRangeError,
      /^factors\.json: Q: Q has 2 rows/,
    );
  });
});

describe('verifyCertificate rejects mismatched shapes, naming the matrix', () => {
  const good: Certificate = { X: denseMatrix(3, 4), WQ: denseMatrix(4, 2), WK: denseMatrix(4, 2), d: 2 };
  it('accepts the well-formed certificate', () => {
    expect(verifyCertificate(W, good, precision).status).toBe('fail'); // all logits 0: margins are 0 > ln 0.5
  });
  const cases: Array<[string, Certificate, RegExp, string]> = [
    ['X rows', { ...good, X: denseMatrix(2, 4) }, /X has 2 rows but the target has L = 3/, 'X'],
    ['WQ rows', { ...good, WQ: denseMatrix(5, 2) }, /WQ has 5 rows but X has m = 4 columns/, 'WQ'],
    ['WK rows', { ...good, WK: denseMatrix(3, 2) }, /WK has 3 rows but X has m = 4 columns/, 'WK'],
    ['WK columns', { ...good, WK: denseMatrix(4, 3) }, /WQ has 2 columns but WK has 3/, 'WK'],
    ['d', { ...good, d: 3 }, /d = 3 but WQ has 2 columns/, 'd'],
  ];
  it.each(cases)('%s', (_name, cert, message, field) => {
    expectInputError(() => verifyCertificate(W, cert, precision), InputRangeError, message, field);
  });
  it('non-finite entries of X, WQ or WK', () => {
    const X = denseMatrix(3, 4);
    X.data[6] = Infinity;
    expectInputError(
      () => verifyCertificate(W, { ...good, X }, precision),
      InputRangeError,
      /^X, row 1, column 2: is Infinity/,
      'X',
    );
    const WK = denseMatrix(4, 2);
    WK.data[7] = NaN;
    expectInputError(
      () => verifyCertificate(W, { ...good, WK }, precision),
      InputRangeError,
      /^WK, row 3, column 1: is NaN/,
      'WK',
    );
    const WQ = denseMatrix(4, 2);
    WQ.data[1] = -Infinity;
    expectInputError(
      () => verifyCertificate(W, { ...good, WQ }, precision),
      InputRangeError,
      /^WQ, row 0, column 1: is -Infinity/,
      'WQ',
    );
  });
  it('a non-target or a non-object certificate, naming the source file only when one is given', () => {
    expectInputError(
      () => verifyCertificate({ L: 3 } as never, good, precision),
      InputTypeError,
      /^target: must be a SparseTarget/,
      'target',
    );
    expectInputError(
      () => verifyCertificate({ L: 3 } as never, good, precision, { source: 'c.json' }),
      InputTypeError,
      /^c\.json: target: must be a SparseTarget/,
      'target',
    );
    for (const cert of [null, 'X WQ WK', 7]) {
      expectInputError(
        () => verifyCertificate(W, cert as never, precision),
        InputTypeError,
        /^a certificate must be an object \{X, WQ, WK, d\}$/,
      );
      expectInputError(
        () => verifyCertificate(W, cert as never, precision, { source: 'c.json' }),
        InputTypeError,
        /^c\.json: a certificate must be an object/,
      );
    }
  });
  it('a dimension d over 2^30, before any projection is allocated', () => {
    // m = 0 keeps every matrix empty: only the declared d = 2^30 + 1 is too large.
    const d = 2 ** 30 + 1;
    const huge: Certificate = { X: denseMatrix(3, 0), WQ: denseMatrix(0, d), WK: denseMatrix(0, d), d };
    expectInputError(
      () => verifyCertificate(W, huge, precision, { source: 'c.json' }),
      InputRangeError,
      /^c\.json: d: d = 1073741825 and m = 0 must be at most 2\^30$/,
      'd',
    );
  });
});

describe('checkFinite: false skips only the scan of the entries (for matrices already checked, as the .npy reader does)', () => {
  const withNaN = denseMatrix(3, 2, new Float64Array([1, 0, 0, NaN, 1, 1]));

  it('by default a NaN is reported; with checkFinite: false it is not scanned for', () => {
    expectInputError(() => verifyFactors(W, withNaN, K, precision), InputRangeError, /Q, row 1, column 1: is NaN/);
    expect(() => verifyFactors(W, withNaN, K, precision, { checkFinite: false })).not.toThrow();
    const cert: Certificate = { X: withNaN, WQ: denseMatrix(2, 2), WK: denseMatrix(2, 2), d: 2 };
    expectInputError(() => verifyCertificate(W, cert, precision), InputRangeError, /X, row 1, column 1: is NaN/);
    expect(() => verifyCertificate(W, cert, precision, { checkFinite: false })).not.toThrow();
  });

  it('shapes and types are checked either way', () => {
    const short = { rows: 3, cols: 2, data: new Float64Array(5) };
    for (const checkFinite of [true, false]) {
      expectInputError(
        () => verifyFactors(W, short, K, precision, { checkFinite }),
        InputRangeError,
        /5 numbers for a 3×2/,
      );
      const notMatrix = { rows: 3, cols: 2, data: [1, 2, 3, 4, 5, 6] } as unknown as typeof Q;
      expectInputError(() => verifyFactors(W, notMatrix, K, precision, { checkFinite }), InputTypeError, /DenseMatrix/);
      const cert: Certificate = { X: denseMatrix(3, 2), WQ: short, WK: denseMatrix(2, 2), d: 2 };
      expectInputError(() => verifyCertificate(W, cert, precision, { checkFinite }), InputRangeError, /WQ/);
    }
  });
});
