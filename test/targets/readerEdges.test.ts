import { describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { parseJsonTarget } from '../../src/targets/parseJsonTarget.js';
import { parseMatrixMarket } from '../../src/targets/parseMatrixMarket.js';
import { MAX_SEQUENCE_LENGTH, MAX_TARGET_ENTRIES, SparseTarget } from '../../src/targets/sparseTarget.js';

// Bad input at the edges of the two text readers, one case per branch, each with the exact place its
// message must name (SPEC §1: a clear error naming the row/column/field, never a silent result).
// Listed in docs/robustness.md.

const MM = '%%MatrixMarket matrix coordinate real general';

function expectInput(read: () => unknown, type: typeof InputRangeError | typeof InputTypeError, message: RegExp): void {
  expect(read).toThrow(type);
  expect(read).toThrow(message);
}

describe('Matrix Market reader: headers, size lines and entry counts', () => {
  it.each<[string, string, typeof InputRangeError | typeof InputTypeError, RegExp]>([
    ['an empty file', '', InputTypeError, /^W\.mtx: line 1: expected the header/],
    [
      'an array (dense) header',
      '%%MatrixMarket matrix array real general\n2 2\n1\n1\n1\n1\n',
      InputTypeError,
      /^W\.mtx: line 1: expected the header/,
    ],
    [
      'a complex field',
      '%%MatrixMarket matrix coordinate complex general\n2 2 2\n1 1 1 0\n2 2 1 0\n',
      InputTypeError,
      /^W\.mtx: line 1: expected the header/,
    ],
    [
      'no size line',
      `${MM}\n% only a comment\n\n`,
      InputTypeError,
      /^W\.mtx: missing the size line "rows columns entries": the file ends after line 3 with only/,
    ],
    [
      'a size line with two numbers',
      `${MM}\n2 2\n`,
      InputTypeError,
      /^W\.mtx: line 2: size line must be three non-negative integers/,
    ],
    [
      'a negative size',
      `${MM}\n-2 -2 0\n`,
      InputTypeError,
      /^W\.mtx: line 2: size line must be three non-negative integers/,
    ],
    [
      'a fractional size',
      `${MM}\n2.5 2.5 1\n`,
      InputTypeError,
      /^W\.mtx: line 2: size line must be three non-negative integers/,
    ],
    [
      'a non-square size',
      `${MM}\n2 3 1\n1 1 1\n`,
      InputRangeError,
      /^W\.mtx: line 2: matrix is 2×3; a target must be square/,
    ],
    ['L = 1', `${MM}\n1 1 1\n1 1 1\n`, InputRangeError, /^W\.mtx: L: L must be at least 2, got 1/],
    [
      'a declared L over the maximum',
      `${MM}\n${MAX_SEQUENCE_LENGTH + 1} ${MAX_SEQUENCE_LENGTH + 1} 0\n`,
      InputRangeError,
      new RegExp(`^W\\.mtx: line 2: declared size L = ${MAX_SEQUENCE_LENGTH + 1} exceeds the supported maximum`),
    ],
    [
      'a declared L of 1e300',
      `${MM}\n1e300 1e300 0\n`,
      InputRangeError,
      /^W\.mtx: line 2: declared size L = 1e\+300 exceeds the supported maximum/,
    ],
    [
      'more entries declared than L²',
      `${MM}\n2 2 5\n1 1 1\n`,
      InputRangeError,
      /^W\.mtx: line 2: declares 5 entries, more than L² = 4/,
    ],
    [
      'more entries listed than declared',
      `${MM}\n2 2 1\n1 1 1\n2 2 1\n`,
      InputRangeError,
      /^W\.mtx: line 4: more entries than the 1 declared/,
    ],
    [
      'fewer entries listed than declared',
      `${MM}\n2 2 3\n1 1 1\n2 2 1\n`,
      InputRangeError,
      /^W\.mtx: the size line declares 3 entries but the file lists 2/,
    ],
    [
      'an entry line with four fields',
      `${MM}\n2 2 2\n1 1 1 1\n2 2 1\n`,
      InputTypeError,
      /^W\.mtx: line 3: expected "row column value"/,
    ],
    [
      'a pattern entry with a value',
      '%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 1 1\n2 2\n',
      InputTypeError,
      /^W\.mtx: line 3: expected "row column"/,
    ],
    [
      'a fractional row',
      `${MM}\n2 2 2\n1.5 1 1\n2 2 1\n`,
      InputTypeError,
      /^W\.mtx: line 3: row and column must be integers, got "1\.5 1"/,
    ],
    [
      'a word as value',
      `${MM}\n2 2 2\n1 1 abc\n2 2 1\n`,
      InputTypeError,
      /^W\.mtx: line 3, row 1, column 1: value must be a number, got "abc"/,
    ],
    [
      'a 0-based index (row 0)',
      `${MM}\n2 2 2\n0 1 1\n2 2 1\n`,
      InputRangeError,
      /^W\.mtx: line 3, row 0, column 1: row index 0 is out of range 1\.\.2/,
    ],
    [
      'a column past L',
      `${MM}\n2 2 2\n1 3 1\n2 2 1\n`,
      InputRangeError,
      /^W\.mtx: line 3, row 1, column 3: column index 3 is out of range 1\.\.2/,
    ],
    [
      '-inf as value',
      `${MM}\n2 2 2\n1 1 -inf\n2 2 1\n`,
      InputRangeError,
      /^W\.mtx: line 3, row 1, column 1: value is -Infinity/,
    ],
    [
      'an overflowing literal 1e999',
      `${MM}\n2 2 2\n1 1 1e999\n2 2 1\n`,
      InputRangeError,
      /^W\.mtx: line 3, row 1, column 1: value is Infinity/,
    ],
    [
      'a negative value',
      `${MM}\n2 2 2\n1 1 -1\n2 2 1\n`,
      InputRangeError,
      /^W\.mtx: line 3, row 1, column 1: value -1 is negative/,
    ],
    [
      'a duplicate entry',
      `${MM}\n2 2 3\n1 1 1\n2 2 1\n1 1 2\n`,
      InputRangeError,
      /^W\.mtx: row 1, column 1: duplicate entry: line 3 and line 5 both set it/,
    ],
    [
      'a symmetric file listing both triangles',
      '%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n2 1 1\n1 2 1\n',
      InputRangeError,
      /^W\.mtx: row 1, column 2: duplicate entry: line 3 and line 4 both set it/,
    ],
    ['an empty row', `${MM}\n3 3 2\n1 1 1\n3 3 1\n`, InputRangeError, /^W\.mtx: row 2: row has no positive entry/],
    [
      'a row of explicit zeros',
      `${MM}\n2 2 2\n1 1 1\n2 2 0\n`,
      InputRangeError,
      /^W\.mtx: row 2: row has no positive entry/,
    ],
  ])('%s', (_name, text, type, message) => {
    expectInput(() => parseMatrixMarket(text, 'W.mtx'), type, message);
  });

  it('a row and a column over S, in 1-based file indices', () => {
    const text = `${MM}\n3 3 4\n1 1 1\n1 2 1\n2 2 1\n3 3 1\n`;
    expectInput(
      () => parseMatrixMarket(text, 'W.mtx', 1),
      InputRangeError,
      /^W\.mtx: row 1: row has 2 positive entries, more than S = 1/,
    );
    const column = `${MM}\n3 3 4\n1 1 1\n2 1 1\n2 2 1\n3 3 1\n`;
    // row 2 has two entries too, and rows are checked first; S = 2 isolates the column check
    const over = `${MM}\n3 3 5\n1 1 1\n2 1 1\n3 1 1\n2 2 1\n3 3 1\n`;
    expectInput(
      () => parseMatrixMarket(over, 'W.mtx', 2),
      InputRangeError,
      /^W\.mtx: column 1: column has 3 positive entries, more than S = 2/,
    );
    expect(parseMatrixMarket(column, 'W.mtx', 2).nnz).toBe(4);
  });

  it('the largest declared L is refused for its empty rows, not by running out of memory', () => {
    // 2^24 rows is allowed by the size check; with no entries the first row is empty.
    expectInput(
      () => parseMatrixMarket(`${MM}\n${MAX_SEQUENCE_LENGTH} ${MAX_SEQUENCE_LENGTH} 0\n`, 'W.mtx'),
      InputRangeError,
      /^W\.mtx: row 1: row has no positive entry/,
    );
  });

  it('more entries than MAX_TARGET_ENTRIES are refused from the size line, naming the limit, before any entry is read', () => {
    const L = MAX_SEQUENCE_LENGTH;
    // no entry lines follow: the refusal must come from the size line alone
    expectInput(
      () => parseMatrixMarket(`${MM}\n${L} ${L} ${MAX_TARGET_ENTRIES + 1}\n`, 'W.mtx'),
      InputRangeError,
      new RegExp(
        `^W\\.mtx: line 2: declares ${MAX_TARGET_ENTRIES + 1} entries, more than the ${MAX_TARGET_ENTRIES} a target may have$`,
      ),
    );
    // a symmetric file's off-diagonal entries count twice
    const half = MAX_TARGET_ENTRIES / 2 + 1;
    expectInput(
      () => parseMatrixMarket(`%%MatrixMarket matrix coordinate real symmetric\n${L} ${L} ${half}\n`, 'W.mtx'),
      InputRangeError,
      /^W\.mtx: line 2: declares \d+ symmetric entries, more than the \d+ a target may have \(each off-diagonal one counts twice\)$/,
    );
    // exactly at the limit the size line is accepted (the file then fails for its missing entry lines)
    expectInput(
      () => parseMatrixMarket(`${MM}\n${L} ${L} ${MAX_TARGET_ENTRIES}\n`, 'W.mtx'),
      InputRangeError,
      /^W\.mtx: the size line declares 4194304 entries but the file lists 0$/,
    );
  });

  it('a JSON target with more brackets than MAX_TARGET_ENTRIES + 1 is refused before parsing, naming the limit', () => {
    // Not even valid JSON: the count comes first, so JSON.parse never builds the arrays.
    const text = `{"L": 4, "entries": ${'['.repeat(MAX_TARGET_ENTRIES + 2)}`;
    expectInput(
      () => parseJsonTarget(text, 'W.json'),
      InputRangeError,
      new RegExp(
        `^W\\.json: entries: lists more than ${MAX_TARGET_ENTRIES} entries \\(counted from its "\\[" brackets before parsing\\), the most a target may have$`,
      ),
    );
    // one bracket fewer is within the count (and then malformed JSON)
    expectInput(
      () => parseJsonTarget(`{"L": 4, "entries": ${'['.repeat(MAX_TARGET_ENTRIES + 1)}`, 'W.json'),
      InputTypeError,
      /^W\.json: (line 1: )?malformed JSON/,
    );
  });

  it('the library refuses more than MAX_TARGET_ENTRIES entries too', () => {
    // a sparse array of that length: nothing is allocated for its holes, and the length check comes first
    expect(() => SparseTarget.fromEntries(4, new Array(MAX_TARGET_ENTRIES + 1))).toThrow(
      new RegExp(
        `^entries: has ${MAX_TARGET_ENTRIES + 1} entries, more than the ${MAX_TARGET_ENTRIES} a target may have$`,
      ),
    );
  });

  it('CRLF line ends and a trailing space on the header are accepted', () => {
    const W = parseMatrixMarket(`${MM} \r\n2 2 2\r\n1 2 0.5\r\n2 1 3\r\n`, 'W.mtx');
    expect(W.entries()).toEqual([
      [0, 1, 0.5],
      [1, 0, 3],
    ]);
  });

  // The spelling table of NaN/Infinity is looked up with Object.hasOwn: a token naming an Object.prototype
  // property ("constructor", "__proto__") is an unknown word like any other, reported with row and column.
  it('a value spelled like an Object.prototype property is named as such, with row and column', () => {
    for (const token of ['constructor', '__proto__']) {
      expectInput(
        () => parseMatrixMarket(`${MM}\n2 2 2\n1 1 ${token}\n2 2 1\n`, 'W.mtx'),
        InputTypeError,
        new RegExp(`^W\\.mtx: line 3, row 1, column 1: value must be a number, got "${token}"`),
      );
    }
  });
});

describe('JSON reader: shape of the document', () => {
  it.each<[string, string, typeof InputRangeError | typeof InputTypeError, RegExp]>([
    ['an empty file', '', InputTypeError, /^W\.json: (line 1: )?malformed JSON/],
    ['an array instead of an object', '[[0, 1, 1]]', InputTypeError, /^W\.json: a target must be a JSON object/],
    ['null', 'null', InputTypeError, /^W\.json: a target must be a JSON object/],
    ['no L', '{"entries": []}', InputTypeError, /^W\.json: L: is missing/],
    ['no entries', '{"L": 2}', InputTypeError, /^W\.json: entries: is missing/],
    ['L as a string', '{"L": "2", "entries": []}', InputTypeError, /^W\.json: L: must be an integer, got "2"/],
    [
      'L fractional',
      '{"L": 2.5, "entries": [[0, 0, 1], [1, 1, 1]]}',
      InputTypeError,
      /^W\.json: L: L must be an integer, got 2\.5/,
    ],
    ['L = 1', '{"L": 1, "entries": [[0, 0, 1]]}', InputRangeError, /^W\.json: L: L must be at least 2, got 1/],
    ['L = 0 with no entries', '{"L": 0, "entries": []}', InputRangeError, /^W\.json: L: L must be at least 2, got 0/],
    [
      'L huge (1e300)',
      '{"L": 1e300, "entries": []}',
      InputRangeError,
      /^W\.json: L: L = 1e\+300 exceeds the supported maximum/,
    ],
    [
      'entries not an array',
      '{"L": 2, "entries": {"0": [0, 0, 1]}}',
      InputTypeError,
      /^W\.json: entries: must be an array/,
    ],
    [
      'more entries than L²',
      '{"L": 2, "entries": [[0,0,1],[0,1,1],[1,0,1],[1,1,1],[0,0,1]]}',
      InputRangeError,
      /^W\.json: entries: has 5 entries, more than L² = 4/,
    ],
    [
      'an entry of two numbers',
      '{"L": 2, "entries": [[0, 0], [1, 1, 1]]}',
      InputTypeError,
      /^W\.json: entries\[0\]: an entry must be an array \[row, column, value\]/,
    ],
    [
      'a null value (JSON.stringify of NaN)',
      '{"L": 2, "entries": [[0, 0, null], [1, 1, 1]]}',
      InputTypeError,
      /^W\.json: entries\[0\]: value must be a number, got null/,
    ],
    [
      'an overflowing literal 1e999',
      '{"L": 2, "entries": [[0, 0, 1e999], [1, 1, 1]]}',
      InputRangeError,
      /^W\.json: entries\[0\], row 0, column 0: value is Infinity/,
    ],
    [
      'a string index',
      '{"L": 2, "entries": [["0", 0, 1], [1, 1, 1]]}',
      InputTypeError,
      /^W\.json: entries\[0\]: row index must be an integer, got "0"/,
    ],
    [
      'a 1-based index past L',
      '{"L": 2, "entries": [[0, 2, 1], [1, 1, 1]]}',
      InputRangeError,
      /^W\.json: entries\[0\], row 0, column 2: column index 2 is out of range 0\.\.1/,
    ],
    [
      'a value that underflows to 0 (1e-400)',
      '{"L": 2, "entries": [[0, 0, 1e-400], [1, 1, 1]]}',
      InputRangeError,
      /^W\.json: row 0: row has no positive entry/,
    ],
  ])('%s', (_name, text, type, message) => {
    expectInput(() => parseJsonTarget(text, 'W.json'), type, message);
  });

  it('the smallest subnormal and the largest double are valid weights (dynamic range ~1e632, in log space)', () => {
    const W = parseJsonTarget(
      `{"L": 2, "entries": [[0, 0, 5e-324], [0, 1, 1.7976931348623157e308], [1, 1, 1]]}`,
      'W.json',
    );
    // exact: ln of two doubles, subtracted; Math.log is within 1 ulp, hence the 1e-12 relative tolerance
    expect(W.rowLogKappa[0]).toBeCloseTo(Math.log(1.7976931348623157e308) - Math.log(5e-324), 9);
    expect(Number.isFinite(W.logKappa)).toBe(true);
  });
});
