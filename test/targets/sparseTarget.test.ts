import { describe, expect, it } from 'vitest';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';

describe('SparseTarget.fromEntries', () => {
  it('builds CSR with sorted columns, logs, row minima and dynamic ranges', () => {
    const W = SparseTarget.fromEntries(3, [
      [0, 2, 4],
      [0, 1, 1],
      [1, 0, 3],
      [2, 2, 1e-300],
      [2, 0, 1e-290],
    ]);
    expect(W.nnz).toBe(5);
    expect(Array.from(W.rowPtr)).toEqual([0, 2, 3, 5]);
    expect(Array.from(W.colIdx)).toEqual([1, 2, 0, 0, 2]);
    expect(W.maxRowCount).toBe(2);
    expect(W.maxColumnCount).toBe(2);
    expect(W.sparsity).toBe(2);
    // tolerance: 1e-12 relative, the accuracy of Math.log
    expect(W.rowLogKappa[0]).toBeCloseTo(Math.log(4), 12);
    expect(W.rowLogKappa[1]).toBe(0);
    expect(W.rowLogKappa[2]).toBeCloseTo(10 * Math.log(10), 10);
    expect(W.rowLogMin[2]).toBeCloseTo(-300 * Math.log(10), 9);
    expect(W.logKappa).toBeCloseTo(10 * Math.log(10), 10);
    expect(W.has(0, 2)).toBe(true);
    expect(W.has(0, 0)).toBe(false);
    expect(W.get(2, 0)).toBe(1e-290);
    expect(W.get(1, 1)).toBe(0);
  });

  it('treats explicit zeros as absent', () => {
    const W = SparseTarget.fromEntries(2, [
      [0, 0, 1],
      [0, 1, 0],
      [1, 1, 2],
    ]);
    expect(W.nnz).toBe(2);
    expect(W.has(0, 1)).toBe(false);
  });

  it('round-trips through entries()', () => {
    const entries = [
      [0, 1, 0.25],
      [1, 0, 7],
      [2, 2, 3],
    ] as const;
    const W = SparseTarget.fromEntries(3, entries);
    expect(W.entries()).toEqual(entries.map((e) => [...e]));
    expect(W.toJSON()).toEqual({ L: 3, entries: entries.map((e) => [...e]) });
  });

  const bad: Array<[string, number, unknown[][], object, RegExp, typeof InputRangeError | typeof InputTypeError]> = [
    ['L < 2', 1, [[0, 0, 1]], {}, /L must be at least 2/, InputRangeError],
    ['non-integer L', 2.5, [], {}, /L must be an integer/, InputTypeError],
    [
      'NaN value',
      2,
      [
        [0, 0, NaN],
        [1, 1, 1],
      ],
      {},
      /entries\[0\], row 0, column 0: value is NaN/,
      InputRangeError,
    ],
    [
      'Infinity value',
      2,
      [
        [0, 0, 1],
        [1, 1, Infinity],
      ],
      {},
      /entries\[1\], row 1, column 1: value is Infinity/,
      InputRangeError,
    ],
    [
      'negative value',
      2,
      [
        [0, 0, 1],
        [1, 0, -2],
      ],
      {},
      /row 1, column 0: value -2 is negative/,
      InputRangeError,
    ],
    ['row out of range', 2, [[2, 0, 1]], {}, /row index 2 is out of range 0\.\.1/, InputRangeError],
    ['column out of range', 2, [[0, -1, 1]], {}, /column index -1 is out of range/, InputRangeError],
    ['string value', 2, [[0, 0, '1']], {}, /value must be a number/, InputTypeError],
    ['short entry', 2, [[0, 0]], {}, /entries\[0\]: an entry must be an array/, InputTypeError],
    [
      'duplicate',
      2,
      [
        [0, 0, 1],
        [1, 1, 1],
        [0, 0, 2],
      ],
      {},
      /row 0, column 0: duplicate entry: entries\[0\] and entries\[2\]/,
      InputRangeError,
    ],
    [
      'empty row',
      3,
      [
        [0, 0, 1],
        [2, 2, 1],
      ],
      {},
      /^row 1: row has no positive entry/,
      InputRangeError,
    ],
    [
      'zero-only row',
      2,
      [
        [0, 0, 1],
        [1, 1, 0],
      ],
      {},
      /^row 1: row has no positive entry/,
      InputRangeError,
    ],
    [
      'row over S',
      3,
      [
        [0, 0, 1],
        [0, 1, 1],
        [1, 1, 1],
        [2, 2, 1],
      ],
      { S: 1 },
      /^row 0: row has 2 positive entries, more than S = 1/,
      InputRangeError,
    ],
    [
      'column over S',
      3,
      [
        [0, 0, 1],
        [1, 0, 1],
        [2, 2, 1],
      ],
      { S: 1 },
      /^column 0: column has 2 positive entries, more than S = 1/,
      InputRangeError,
    ],
    // rows are checked in row order: the first row at fault is named, whichever its fault
    [
      'a row over S before an empty row',
      4,
      [
        [1, 0, 1],
        [1, 1, 1],
        [0, 0, 1],
        [3, 3, 1],
      ],
      { S: 1 },
      /^row 1: row has 2 positive entries, more than S = 1/,
      InputRangeError,
    ],
    [
      'an empty row before a row over S',
      4,
      [
        [0, 0, 1],
        [2, 0, 1],
        [2, 1, 1],
        [3, 3, 1],
      ],
      { S: 1 },
      /^row 1: row has no positive entry/,
      InputRangeError,
    ],
    [
      'the last row empty',
      3,
      [
        [0, 0, 1],
        [1, 1, 1],
      ],
      {},
      /^row 2: row has no positive entry/,
      InputRangeError,
    ],
    [
      'the first row empty',
      3,
      [
        [1, 1, 1],
        [2, 2, 1],
      ],
      {},
      /^row 0: row has no positive entry/,
      InputRangeError,
    ],
    [
      'the last row over S',
      3,
      [
        [0, 0, 1],
        [1, 1, 1],
        [2, 0, 1],
        [2, 2, 1],
      ],
      { S: 1 },
      /^row 2: row has 2 positive entries, more than S = 1/,
      InputRangeError,
    ],
  ];
  it.each(bad)('rejects %s with a message naming the place', (_name, L, entries, options, message, type) => {
    const attempt = () => SparseTarget.fromEntries(L, entries, options);
    expect(attempt).toThrow(type);
    expect(attempt).toThrow(message);
  });

  it('names the file and uses the input index base in messages', () => {
    expect(() => SparseTarget.fromEntries(2, [[1, 1, 1]], { source: 'W.mtx', indexBase: 1 })).toThrow(
      /^W\.mtx: row 2: row has no positive entry/,
    );
  });
});
