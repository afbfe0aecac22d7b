import { describe, expect, it } from 'vitest';
import { checkCertificateResponse, type ResponseCheck } from '../../src/protocol/checkCertificateResponse.js';

const GOOD = {
  id: 3,
  X: [
    [1, 0],
    [0, 1],
    [2, 2],
  ],
  WQ: [[1], [0]],
  WK: [[0], [1]],
};
const EXPECT = { id: 3, L: 3, d: 1, seed: 8 };

function defect(check: ResponseCheck): { kind: string; problem: string } {
  if (check.ok) throw new Error('expected a defect');
  return { kind: check.kind, problem: check.problem };
}

describe('checkCertificateResponse', () => {
  it('accepts a well-formed response and packs it row-major, exactly', () => {
    const check = checkCertificateResponse({ ...GOOD, layout: 'projected', extra: 'ignored' }, EXPECT);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const { X, WQ, WK, d, seed, layout } = check.certificate;
    expect([X.rows, X.cols, WQ.rows, WQ.cols, WK.rows, WK.cols, d, seed, layout]).toEqual([
      3,
      2,
      2,
      1,
      2,
      1,
      1,
      8,
      'projected',
    ]);
    expect(Array.from(X.data)).toEqual([1, 0, 0, 1, 2, 2]);
  });

  it('accepts DenseMatrix-like matrices (a JS module may return them) and copies them', () => {
    const data = new Float64Array([1, 0, 0, 1, 2, 2]);
    const check = checkCertificateResponse(
      { X: { rows: 3, cols: 2, data }, WQ: GOOD.WQ, WK: { rows: 2, cols: 1, data: [0, 1] } },
      { L: 3, d: 1 },
    );
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.certificate.X.data).not.toBe(data);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['not an object', [1, 2], 'malformed-json', /an array, not a JSON object/],
    ['a string', 'hello', 'malformed-json', /the string "hello"/],
    ['no id', { ...GOOD, id: undefined }, 'wrong-id', /has id undefined|no "id"/],
    ['another id', { ...GOOD, id: 4 }, 'wrong-id', /id 4 but request 3/],
    ['an id of the wrong type', { ...GOOD, id: '3' }, 'wrong-id', /id "3"/],
    ['an error', { id: 3, error: 'nope' }, 'error-response', /declined the request: "nope"/],
    ['a non-string error', { id: 3, error: { code: 5 } }, 'error-response', /\{\\"code\\":5\}/],
    ['no WK', { ...GOOD, WK: undefined }, 'wrong-shape', /no "WK"/],
    ['X not nested', { ...GOOD, X: [1, 2, 3] }, 'wrong-shape', /X row 0 is number 1/],
    ['X empty', { ...GOOD, X: [] }, 'wrong-shape', /X has no rows/],
    ['X with no columns', { ...GOOD, X: [[], [], []] }, 'wrong-shape', /X has no columns/],
    [
      'a string entry',
      { ...GOOD, WQ: [[1], ['0']] },
      'wrong-shape',
      /WQ row 1 column 0 is the string "0", not a number/,
    ],
    ['ragged X', { ...GOOD, X: [[1, 0], [0], [2, 2]] }, 'wrong-shape', /X row 1 has 1 entries but row 0 has 2/],
    [
      'X with L - 1 rows',
      {
        ...GOOD,
        X: [
          [1, 0],
          [0, 1],
        ],
      },
      'wrong-shape',
      /X has 2 rows but L = 3/,
    ],
    ['WQ with m + 1 rows', { ...GOOD, WQ: [[1], [0], [0]] }, 'wrong-shape', /WQ has 3 rows but X has m = 2/],
    [
      'WK with another d',
      {
        ...GOOD,
        WK: [
          [0, 0],
          [1, 0],
        ],
      },
      'wrong-shape',
      /WK has 2 columns but the request asked for d = 1/,
    ],
    ['a stated d that disagrees', { ...GOOD, d: 2 }, 'wrong-shape', /states d = 2/],
    [
      'a dense matrix with the wrong length',
      { ...GOOD, WQ: { rows: 2, cols: 1, data: [1] } },
      'wrong-shape',
      /WQ\.data has 1 numbers but WQ is 2×1/,
    ],
    [
      'null (JSON.stringify of NaN)',
      {
        ...GOOD,
        X: [
          [1, 0],
          [0, null],
          [2, 2],
        ],
      },
      'non-finite',
      /X row 1 column 1 is null/,
    ],
    ['Infinity (1e999 in JSON)', { ...GOOD, WK: [[0], [Infinity]] }, 'non-finite', /WK row 1 column 0 is Infinity/],
    ['NaN', { ...GOOD, WQ: [[NaN], [0]] }, 'non-finite', /WQ row 0 column 0 is NaN/],
  ])('reports %s', (_label, response, kind, pattern) => {
    const found = defect(checkCertificateResponse(response, EXPECT));
    expect(found.kind).toBe(kind);
    expect(found.problem).toMatch(pattern);
  });

  it('reports a wrong shape before a non-finite entry elsewhere', () => {
    const found = defect(
      checkCertificateResponse(
        {
          ...GOOD,
          X: [
            [NaN, 0],
            [0, 1],
            [2, 2],
          ],
          WQ: [[1], [0], [0]],
        },
        EXPECT,
      ),
    );
    expect(found.kind).toBe('wrong-shape');
  });

  it('does not require an id when none is expected (JS modules)', () => {
    expect(checkCertificateResponse({ X: GOOD.X, WQ: GOOD.WQ, WK: GOOD.WK }, { L: 3, d: 1 }).ok).toBe(true);
  });
});
