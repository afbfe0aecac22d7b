import { describe, expect, it } from 'vitest';
import { parseJsonTarget } from '../../src/targets/parseJsonTarget.js';
import { parseMatrixMarket } from '../../src/targets/parseMatrixMarket.js';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';

const MM = '%%MatrixMarket matrix coordinate real general';

describe('parseJsonTarget', () => {
  it('reads L and 0-based entries', () => {
    const W = parseJsonTarget('{"L": 3, "entries": [[0, 1, 0.5], [1, 2, 2], [2, 0, 1e-300]]}');
    expect(W.L).toBe(3);
    expect(W.entries()).toEqual([
      [0, 1, 0.5],
      [1, 2, 2],
      [2, 0, 1e-300],
    ]);
  });

  it.each([
    ['{"L": 2, "entries": [[0, 0, 1]', /^W\.json: (line 1: )?malformed JSON/, InputTypeError],
    ['[1, 2]', /^W\.json: a target must be a JSON object/, InputTypeError],
    ['{"entries": []}', /^W\.json: L: is missing/, InputTypeError],
    ['{"L": "3", "entries": []}', /^W\.json: L: must be an integer/, InputTypeError],
    ['{"L": 2}', /^W\.json: entries: is missing/, InputTypeError],
    [
      '{"L": 2, "entries": [[0, 0, 1], [1, 1, -1]]}',
      /^W\.json: entries\[1\], row 1, column 1: value -1 is negative/,
      InputRangeError,
    ],
    [
      '{"L": 2, "entries": [[0, 0, 1], [0, 1, 1], [1, 1, 1]]}',
      /^W\.json: row 0: row has 2 positive entries, more than S = 1/,
      InputRangeError,
    ],
    [
      '{"L": 2, "entries": [[0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1], [0, 0, 1]]}',
      /more than L² = 4/,
      InputRangeError,
    ],
  ])('rejects %s', (text, message, type) => {
    const attempt = () => parseJsonTarget(text, 'W.json', 1);
    expect(attempt).toThrow(type);
    expect(attempt).toThrow(message);
  });

  it('names line and column of a syntax error', () => {
    expect(() => parseJsonTarget('{"L": 2,\n "entries": [[0, 0, 1] [1, 1, 1]]}', 'W.json')).toThrow(
      /^W\.json: line 2: malformed JSON: unexpected .* at column \d+$/,
    );
  });
});

describe('parseMatrixMarket', () => {
  it('reads 1-based coordinates, comments and blank lines', () => {
    const W = parseMatrixMarket(`${MM}\n% a comment\n\n3 3 3\n1 2 0.5\n2 3 2\n3 1 1e-300\n`);
    expect(W.entries()).toEqual([
      [0, 1, 0.5],
      [1, 2, 2],
      [2, 0, 1e-300],
    ]);
  });

  it('reads pattern and symmetric files', () => {
    const pattern = parseMatrixMarket('%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 2\n2 1\n');
    expect(pattern.entries()).toEqual([
      [0, 1, 1],
      [1, 0, 1],
    ]);
    const symmetric = parseMatrixMarket('%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n2 1 3\n');
    expect(symmetric.entries()).toEqual([
      [0, 1, 3],
      [1, 0, 3],
    ]);
  });

  it.each([
    [
      '%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n',
      /^W\.mtx: line 1: expected the header/,
      InputTypeError,
    ],
    [`${MM}\n2 3 2\n1 1 1\n2 2 1\n`, /^W\.mtx: line 2: matrix is 2×3; a target must be square/, InputRangeError],
    [`${MM}\n2 2\n`, /^W\.mtx: line 2: size line must be three/, InputTypeError],
    [
      `${MM}\n99999999 99999999 1\n1 1 1\n`,
      /line 2: declared size L = 99999999 exceeds the supported maximum/,
      InputRangeError,
    ],
    [`${MM}\n2 2 3\n1 1 1\n2 2 1\n`, /declares 3 entries but the file lists 2/, InputRangeError],
    [`${MM}\n2 2 1\n1 1 1\n2 2 1\n`, /^W\.mtx: line 4: more entries than the 1 declared/, InputRangeError],
    [`${MM}\n2 2 2\n1 1 abc\n2 2 1\n`, /^W\.mtx: line 3, row 1, column 1: value must be a number/, InputTypeError],
    [`${MM}\n2 2 2\n1 1 nan\n2 2 1\n`, /^W\.mtx: line 3, row 1, column 1: value is NaN/, InputRangeError],
    [`${MM}\n2 2 2\n1 1 -inf\n2 2 1\n`, /^W\.mtx: line 3, row 1, column 1: value is -Infinity/, InputRangeError],
    [
      `${MM}\n2 2 2\n0 1 1\n2 2 1\n`,
      /^W\.mtx: line 3, row 0, column 1: row index 0 is out of range 1\.\.2/,
      InputRangeError,
    ],
    [
      `${MM}\n2 2 3\n1 1 1\n2 2 1\n1 1 5\n`,
      /^W\.mtx: row 1, column 1: duplicate entry: line 3 and line 5 both set it/,
      InputRangeError,
    ],
    [`${MM}\n3 3 2\n1 1 1\n3 3 1\n`, /^W\.mtx: row 2: row has no positive entry/, InputRangeError],
    [`${MM}\n2 2 2\n1 1 1\n2 2\n`, /^W\.mtx: line 4: expected "row column value"/, InputTypeError],
  ])('rejects bad input %#', (text, message, type) => {
    const attempt = () => parseMatrixMarket(text, 'W.mtx');
    expect(attempt).toThrow(type);
    expect(attempt).toThrow(message);
  });
});
