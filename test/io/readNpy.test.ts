import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputRangeError, InputTypeError, isInputError } from '../../src/errors/inputError.js';
import { parseNpy } from '../../src/io/parseNpy.js';
import { parseNpyHeader } from '../../src/io/parseNpyHeader.js';
import { parsePythonLiteral, pythonRepr } from '../../src/io/parsePythonLiteral.js';
import { readInputBytes } from '../../src/io/readInputBytes.js';
import { readNpy } from '../../src/io/readNpy.js';
import type { DenseMatrix } from '../../src/matrix/denseMatrix.js';
import { ALL_DESCRS, headerBytes, headerText, npyBytes, type Descr } from './npyWriter.js';
import { fuzzRuns } from '../helpers/fuzzRuns.js';

// Every value comparison in this file is exact (Object.is, so -0 and 0 differ): reading a float64 is a
// bit copy, and widening a float32 to float64 is exact, so the only correct tolerance is none.

/** Files written by NumPy 2.4.6's np.lib.format.write_array (np.save for version 1.0), base64. */
const NUMPY_FILES = {
  // np.array([[1.5, -2.25, 3e-310], [-0.0, 1e300, 0.1]]) as '<f8', C order, version 1.0.
  f8LittleC:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD4PwAAAAAAAALAgbJSojk3AAAAAAAAAAAAgJx1AIg85Dd+mpmZmZmZuT8=',
  // The same array as '>f8', Fortran order, version 2.0.
  f8BigFortranV2:
    'k05VTVBZAgB0AAAAeydkZXNjcic6ICc+ZjgnLCAnZm9ydHJhbl9vcmRlcic6IFRydWUsICdzaGFwZSc6ICgyLCAzKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/+AAAAAAAAIAAAAAAAAAAwAIAAAAAAAB+N+Q8iAB1nAAANzmiUrKBP7mZmZmZmZo=',
  // np.array([[1.5, -2.25, 3e-40], [-0.0, 3e38, 0.1]]) as '>f4', Fortran order, version 1.0.
  f4BigFortran:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/wAAAgAAAAMAQAAB/YbHmAANERz3MzM0=',
} as const;

function numpyFile(name: keyof typeof NUMPY_FILES): Uint8Array {
  return new Uint8Array(Buffer.from(NUMPY_FILES[name], 'base64'));
}

function expectExactly(m: DenseMatrix, rows: number, cols: number, values: ArrayLike<number>): void {
  expect([m.rows, m.cols]).toEqual([rows, cols]);
  expect(m.data).toBeInstanceOf(Float64Array);
  expect(m.data.length).toBe(rows * cols);
  for (let k = 0; k < rows * cols; k++)
    expect(Object.is(m.data[k], values[k]), `entry ${k}: ${m.data[k]} vs ${values[k]}`).toBe(true);
}

/** Asserts that `f` throws an input error of class `kind` whose message matches every pattern. */
function expectInputError(
  f: () => unknown,
  kind: typeof InputRangeError | typeof InputTypeError,
  ...patterns: RegExp[]
): void {
  let thrown: unknown;
  try {
    f();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected an error').toBeInstanceOf(kind);
  for (const p of patterns) expect((thrown as Error).message).toMatch(p);
}

/** Builds a file with a hand-written header text (v1) followed by `dataBytes` zero bytes. */
function withHeader(text: string, dataBytes = 0, version: 1 | 2 | 3 = 1): Uint8Array {
  const head = headerBytes(text, version);
  const out = new Uint8Array(head.length + dataBytes);
  out.set(head);
  return out;
}

describe('integer arrays (exactly convertible to doubles)', () => {
  const at = { file: 'a.npy' };
  /** A C-order file of `descr` holding `values` (written with DataView in the declared byte order). */
  function integerFile(
    descr: string,
    shape: [number, number],
    values: readonly (number | bigint)[],
    fortranOrder = false,
  ): Uint8Array {
    const size = Number(descr.slice(2));
    const bytes = withHeader(headerText({ descr, fortranOrder, shape }), size * values.length);
    const view = new DataView(bytes.buffer, bytes.length - size * values.length);
    const le = descr[0] !== '>';
    values.forEach((v, k) => {
      const kind = descr[1];
      const signed = kind === 'i';
      if (size === 8) {
        if (signed) view.setBigInt64(8 * k, BigInt(v), le);
        else view.setBigUint64(8 * k, BigInt(v), le);
      } else if (size === 4) {
        if (signed) view.setInt32(4 * k, Number(v), le);
        else view.setUint32(4 * k, Number(v), le);
      } else if (size === 2) {
        if (signed) view.setInt16(2 * k, Number(v), le);
        else view.setUint16(2 * k, Number(v), le);
      } else if (signed) view.setInt8(k, Number(v));
      else view.setUint8(k, Number(v));
    });
    return bytes;
  }

  it.each([
    ['<i8', [0, 1, -1, 2 ** 53, -(2 ** 53), 123456789012]],
    ['>i8', [0, 1, -1, 2 ** 53, -(2 ** 53), 7]],
    ['<u8', [0, 1, 2, 2 ** 53, 255, 65536]],
    ['>u8', [0, 1, 2, 2 ** 53, 255, 65536]],
    ['<i4', [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 5]],
    ['>i4', [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 5]],
    ['<u4', [0, 1, 2 ** 32 - 1, 3, 4, 5]],
    ['>u2', [0, 1, 65535, 3, 4, 5]],
    ['<i2', [0, 1, -32768, 32767, 4, 5]],
    ['|i1', [0, 1, -128, 127, 4, 5]],
    ['|u1', [0, 1, 255, 3, 4, 5]],
  ] as const)('%s values are read exactly, in both memory orders', (descr, values) => {
    expectExactly(parseNpy(integerFile(descr, [2, 3], values)), 2, 3, values);
    // Fortran order: the file holds column 0 (values 0, 3), column 1 (1, 4), column 2 (2, 5).
    const columns = [values[0], values[3], values[1], values[4], values[2], values[5]];
    expectExactly(parseNpy(integerFile(descr, [2, 3], columns, true)), 2, 3, values);
  });

  it('an 8-byte integer beyond 2^53 is refused with its row and column, not rounded', () => {
    expectInputError(
      () => parseNpy(integerFile('<i8', [2, 2], [1, 2, 3, 2n ** 53n + 1n]), at),
      InputRangeError,
      /^a\.npy: row 1, column 1: is an integer beyond 2\^53/,
    );
    expectInputError(
      () => parseNpy(integerFile('>u8', [1, 2], [2n ** 64n - 1n, 0]), at),
      InputRangeError,
      /row 0, column 0: is an integer beyond 2\^53/,
    );
    expectInputError(
      () => parseNpy(integerFile('<i8', [1, 2], [0, -(2n ** 53n) - 1n]), at),
      InputRangeError,
      /row 0, column 1: is an integer beyond 2\^53/,
    );
  });
});

describe('files written by NumPy itself', () => {
  const values = [1.5, -2.25, 3e-310, -0, 1e300, 0.1];

  it('reads little-endian float64 in C order (version 1.0) bit for bit, including -0 and a subnormal', () => {
    expectExactly(parseNpy(numpyFile('f8LittleC')), 2, 3, values);
  });

  it('reads big-endian float64 in Fortran order (version 2.0), transposed into row-major order', () => {
    expectExactly(parseNpy(numpyFile('f8BigFortranV2')), 2, 3, values);
  });

  it('reads big-endian float32 in Fortran order, widened exactly (the float32 nearest each value)', () => {
    // Math.fround is JavaScript's own round-to-nearest float32, independent of the reader.
    expectExactly(parseNpy(numpyFile('f4BigFortran')), 2, 3, [1.5, -2.25, 3e-40, -0, 3e38, 0.1].map(Math.fround));
  });

  it('the header of a NumPy file parses to what NumPy declared', () => {
    const head = parseNpyHeader(numpyFile('f8BigFortranV2'));
    expect(head).toEqual({
      version: [2, 0],
      descr: '>f8',
      kind: 'f',
      itemSize: 8,
      littleEndian: false,
      fortranOrder: true,
      shape: [2n, 3n],
      dataOffset: 128,
    });
  });

  it('the test writer produces these files byte for byte (so the property tests below exercise real NumPy layouts)', () => {
    const f8 = npyBytes({ descr: '<f8', fortranOrder: false, shape: [2, 3], values });
    expect(Buffer.from(f8).equals(Buffer.from(numpyFile('f8LittleC')))).toBe(true);
    const f8v2 = npyBytes({ descr: '>f8', fortranOrder: true, shape: [2, 3], values }, { version: 2 });
    expect(Buffer.from(f8v2).equals(Buffer.from(numpyFile('f8BigFortranV2')))).toBe(true);
    const f4 = npyBytes({
      descr: '>f4',
      fortranOrder: true,
      shape: [2, 3],
      values: [1.5, -2.25, 3e-40, -0, 3e38, 0.1],
    });
    expect(Buffer.from(f4).equals(Buffer.from(numpyFile('f4BigFortran')))).toBe(true);
  });
});

describe('every element type, byte order, memory order and header version round-trips exactly', () => {
  const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
  // fc.float yields exactly the float32 values; without NaN and ±Infinity every one is a finite float32.
  const finiteFloat = fc.float({ noNaN: true, noDefaultInfinity: true });

  for (const descr of ALL_DESCRS)
    for (const fortranOrder of [false, true])
      for (const version of [1, 2, 3] as const)
        it(`${descr}, ${fortranOrder ? 'Fortran' : 'C'} order, version ${version}.0`, () => {
          const matrix = fc
            .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
            .chain(([rows, cols]) =>
              fc.record({
                rows: fc.constant(rows),
                cols: fc.constant(cols),
                values: fc.array(descr[2] === '8' ? finiteDouble : finiteFloat, {
                  minLength: rows * cols,
                  maxLength: rows * cols,
                }),
              }),
            );
          fc.assert(
            fc.property(matrix, ({ rows, cols, values }) => {
              const bytes = npyBytes({ descr, fortranOrder, shape: [rows, cols], values }, { version });
              expectExactly(parseNpy(bytes), rows, cols, values);
            }),
            { seed: 20240604, numRuns: 40 },
          );
        });

  it('a file can be a view into a larger buffer (non-zero byteOffset, unaligned data)', () => {
    const bytes = npyBytes({ descr: '>f8', fortranOrder: false, shape: [2, 2], values: [1, 2, 3, 4] });
    const host = new Uint8Array(bytes.length + 3);
    host.set(bytes, 3);
    expectExactly(parseNpy(host.subarray(3)), 2, 2, [1, 2, 3, 4]);
  });

  it('native-order floats in C order at every alignment (1 to 7 bytes off), with and without borrow: the same values', () => {
    const values = [1.5, -0, 2 ** -1074, -3.25, 1e30, 7, Math.fround(0.1), -(2 ** 60)];
    for (const descr of ['<f8', '<f4'] as const) {
      const bytes = npyBytes({ descr, fortranOrder: false, shape: [2, 4], values });
      const expected = descr === '<f8' ? values : values.map(Math.fround);
      for (let shift = 0; shift < 8; shift++) {
        const host = new Uint8Array(bytes.length + shift);
        host.set(bytes, shift);
        for (const borrow of [false, true]) {
          const m = parseNpy(host.subarray(shift), {}, { borrow });
          expectExactly(m, 2, 4, expected);
          // Only an aligned float64 file is borrowed (shares the bytes' memory), and only when asked to.
          const shared = m.data.buffer === host.buffer;
          expect(shared, `${descr} shifted ${shift}, borrow ${borrow}`).toBe(
            borrow && descr === '<f8' && (shift + bytes.length - 8 * 8) % 8 === 0, // the data: the last 8 doubles
          );
        }
      }
    }
  });

  it('shared: the numbers in a SharedArrayBuffer (for worker threads), the same values, decoded or copied', () => {
    const values = [1.5, -0, 2 ** -1074, -3.25, 1e30, 7, Math.fround(0.1), -(2 ** 60)];
    for (const descr of ['<f8', '>f8', '<f4'] as const) {
      const bytes = npyBytes({ descr, fortranOrder: false, shape: [2, 4], values });
      for (const shared of [false, true]) {
        const m = parseNpy(bytes, {}, { shared });
        expectExactly(m, 2, 4, descr === '<f4' ? values.map(Math.fround) : values);
        expect(m.data.buffer instanceof SharedArrayBuffer, `${descr}, shared ${shared}`).toBe(shared);
      }
    }
    // The command line reads a certificate's X this way (its projections run on worker threads too).
    expect(() =>
      parseNpy(npyBytes({ descr: '<f8', fortranOrder: false, shape: [1, 1], values: [NaN] }), {}, { shared: true }),
    ).toThrow(/is NaN; matrix entries must be finite/);
  });

  it('a borrowed matrix is still checked: NaN and ±Infinity refused unless finite: false', () => {
    const bytes = npyBytes({ descr: '<f8', fortranOrder: false, shape: [2, 2], values: [1, 2, Infinity, 4] });
    expect(() => parseNpy(bytes, { file: 'w.npy' }, { borrow: true })).toThrow(
      /is Infinity; matrix entries must be finite/,
    );
    expect(Array.from(parseNpy(bytes, {}, { borrow: true, finite: false }).data)).toEqual([1, 2, Infinity, 4]);
  });

  it('empty dimensions give an empty matrix of that shape', () => {
    expectExactly(parseNpy(npyBytes({ descr: '<f8', fortranOrder: false, shape: [0, 3], values: [] })), 0, 3, []);
    expectExactly(parseNpy(npyBytes({ descr: '<f4', fortranOrder: true, shape: [4, 0], values: [] })), 4, 0, []);
  });
});

describe('header spellings NumPy and Python accept', () => {
  const data = new Float64Array([1, 2, 3, 4, 5, 6]);
  const body = new Uint8Array(data.buffer.slice(0));
  // This machine's Float64Array is little-endian on every platform Node supports; the DataView check makes it explicit.
  const little = new DataView(data.buffer).getFloat64(8, true) === 2;

  it.each([
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 'NumPy’s own form'],
    ["{'shape': (2, 3), 'fortran_order': False, 'descr': '<f8'}", 'keys in another order, no trailing comma'],
    ['{"descr": "<f8", "fortran_order": False, "shape": (2, 3)}', 'double quotes'],
    ["  {  'descr' :'<f8' ,'fortran_order':False,'shape':(2,3,),}  ", 'unusual spacing, trailing comma in the tuple'],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }", 'Python 2 long integers'],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (+2, 3), }", 'an explicit plus sign'],
  ])('%s (%s)', (text) => {
    expect(little).toBe(true);
    const head = headerBytes(text);
    const bytes = new Uint8Array(head.length + body.length);
    bytes.set(head);
    bytes.set(body, head.length);
    expectExactly(parseNpy(bytes), 2, 3, [1, 2, 3, 4, 5, 6]);
  });

  it('a header without the final newline and padding', () => {
    const text = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1)}";
    const bytes = new Uint8Array(10 + text.length + 8);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length, 0]);
    bytes.set(new TextEncoder().encode(text), 10);
    new DataView(bytes.buffer).setFloat64(10 + text.length, 7.25, true);
    expectExactly(parseNpy(bytes), 1, 1, [7.25]);
  });
});

describe('bad files are refused with an input error that names the file and the problem', () => {
  const valid = npyBytes({ descr: '<f8', fortranOrder: false, shape: [2, 3], values: [1, 2, 3, 4, 5, 6] });
  const at = { file: 'a.npy' };

  it('wrong magic, an .npz archive, an empty or too-short file', () => {
    expectInputError(
      () => parseNpy(new TextEncoder().encode('{"X": [[1]]}'), at),
      InputTypeError,
      /^a\.npy: not a NumPy \.npy file/,
      /\\x93NUMPY/,
    );
    expectInputError(
      () => parseNpy(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), at),
      InputTypeError,
      /zip archive/,
      /np\.savez/,
    );
    expectInputError(() => parseNpy(new Uint8Array(0), at), InputTypeError, /0 bytes long, too short/);
    expectInputError(() => parseNpy(valid.subarray(0, 4), at), InputTypeError, /4 bytes long, too short/);
    expectInputError(() => parseNpy(valid.subarray(0, 7), at), InputRangeError, /7 bytes long, too short/);
    expectInputError(
      () => parseNpy(valid.subarray(0, 9), at),
      InputRangeError,
      /9 bytes long, too short for a version 1\.0/,
    );
  });

  it('unsupported versions are named', () => {
    for (const [major, minor] of [
      [4, 0],
      [0, 0],
      [1, 1],
      [255, 255],
    ] as const) {
      const bytes = valid.slice();
      bytes[6] = major;
      bytes[7] = minor;
      expectInputError(
        () => parseNpy(bytes, at),
        InputRangeError,
        new RegExp(`version ${major}\\.${minor} \\(supported: 1\\.0, 2\\.0, 3\\.0\\)`),
      );
    }
  });

  it('a header length past the end of the file', () => {
    const bytes = valid.slice(0, 60);
    expectInputError(
      () => parseNpy(bytes, at),
      InputRangeError,
      /header declares 118 bytes but only 50 follow \(truncated file\?\)/,
    );
  });

  it.each([
    ["['descr', '<f8']", /header must be a dict/],
    ["{'descr': '<f8', 'fortran_order': False}", /missing the key 'shape'/],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}", /unexpected key 'extra'/],
    ["{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}", /key 'descr' twice/],
    ["{1: '<f8', 'fortran_order': False, 'shape': (2, 3)}", /unexpected key 1/],
    ["{'descr': 8, 'fortran_order': False, 'shape': (2, 3)}", /'descr' must be a string/],
    [
      "{'descr': '<f8', 'fortran_order': 'False', 'shape': (2, 3)}",
      /'fortran_order' must be True or False, got 'False'/,
    ],
    ["{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3)}", /'fortran_order' must be True or False, got 0/],
    [
      "{'descr': '<f8', 'fortran_order': False, 'shape': [2, 3]}",
      /'shape' must be a tuple of integers such as \(3, 4\), got \[2, 3\]/,
    ],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (2, 'x')}", /'shape' must be a tuple of integers/],
    [
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3.0)}",
      /not a valid Python literal: expected a decimal integer/,
    ],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (2, 03)}", /leading zeros/],
    [
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)",
      /expected "," or "}" at character \d+ \(found the end of the header\)/,
    ],
    ["{'descr': '<f8, 'fortran_order': False, 'shape': (2, 3)}", /not a valid Python literal/],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)} junk", /unexpected text after the value/],
    ["{'descr': '\\q', 'fortran_order': False, 'shape': (2, 3)}", /unsupported escape/],
    ["{'descr': '<f8', 'fortran_order': Falsey, 'shape': (2, 3)}", /expected a string, an integer, True/],
    ['', /expected a value/],
  ])('unparsable or wrong header %s', (text, pattern) => {
    expectInputError(() => parseNpy(withHeader(text, 48), at), InputTypeError, /^a\.npy: /, pattern);
  });

  it('deep nesting and absurdly long integers are refused without recursion or quadratic work', () => {
    expectInputError(
      () => parseNpy(withHeader(`${'('.repeat(100_000)}${')'.repeat(100_000)}`), at),
      InputTypeError,
      /nesting deeper than 32 levels/,
    );
    expectInputError(
      () => parseNpy(withHeader(`{'descr': '<f8', 'fortran_order': False, 'shape': (2, ${'9'.repeat(100_000)})}`), at),
      InputTypeError,
      /integer with more than 100 digits/,
    );
  });

  it('control characters from the header are escaped in the message, which stays one line', () => {
    expectInputError(
      () => parseNpy(withHeader("{'a\\nb\u0007': 1}"), at),
      InputTypeError,
      /unexpected key 'a\\nb\\x07'/,
    );
    expectInputError(
      () => parseNpy(withHeader("{'descr': '<\\ti8', 'fortran_order': False, 'shape': (1, 1)}", 8), at),
      InputTypeError,
      /dtype '<\\ti8' is not supported/,
    );
  });

  it('a negative dimension', () => {
    expectInputError(
      () => parseNpy(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -3)}"), at),
      InputRangeError,
      /'shape' \(2, -3\) has a negative dimension/,
    );
  });

  it('a version 3.0 header that is not UTF-8; a version 1.0 header is Latin-1 and reads any byte', () => {
    const bytes = withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 0), 'x': 'é'}", 0, 3);
    // Replace the two UTF-8 bytes of "é" (0xc3 0xa9) by a lone 0xff.
    const k = bytes.indexOf(0xc3);
    bytes[k] = 0xff;
    expectInputError(() => parseNpy(bytes, at), InputTypeError, /not valid UTF-8/);
    const v1 = withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 0), 'x': 'é'}", 0, 1);
    v1[v1.indexOf(0xc3)] = 0xff;
    expectInputError(() => parseNpy(v1, at), InputTypeError, /unexpected key 'x'/);
  });

  it.each([
    ['>i1', /dtype '>i1' \(1-byte signed integer\) is not supported/],
    ['|u2', /dtype '\|u2' \(2-byte unsigned integer\)/],
    ['<i16', /dtype '<i16' \(16-byte signed integer\)/],
    ['|O', /dtype '\|O' \(an object array: Python objects, pickled\)/],
    ['|b1', /dtype '\|b1' \(1-byte boolean\)/],
    ['<c16', /dtype '<c16' \(16-byte complex\)/],
    ['<f2', /dtype '<f2' \(2-byte float\)/],
    ['<f16', /dtype '<f16' \(16-byte float\)/],
    ['<U5', /dtype '<U5' \(5-byte unicode string\)/],
    ['|f8', /dtype '\|f8' \(byte order '\|' is not valid for a 8-byte float/],
    ['=f4', /dtype '=f4' \(byte order '=' is not valid for a 4-byte float/],
    ['f8', /dtype 'f8' \(byte order '' is not valid/],
    ['<M8[ns]', /dtype '<M8\[ns\]' \(8-byte datetime\)/],
    ['float64', /dtype 'float64'.* is not supported; expected float64 or float32 \('<f8', '>f8', '<f4', '>f4'\)/],
  ])('unsupported element type %s is named', (descr, pattern) => {
    expectInputError(
      () => parseNpy(withHeader(headerText({ descr, fortranOrder: false, shape: [2, 3] }), 48), at),
      InputTypeError,
      /^a\.npy: /,
      pattern,
    );
  });

  it('a structured (record) dtype is named as such', () => {
    const text = "{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False, 'shape': (2,), }";
    expectInputError(
      () => parseNpy(withHeader(text, 24), at),
      InputTypeError,
      /dtype \[\('a', '<f8'\), \('b', '<i4'\)\] is a structured \(record\) type/,
    );
  });

  it.each([
    [[6], /shape \(6,\) \(1-D\); expected a 2-D array \(a matrix\), e\.g\. a\.reshape\(1, -1\)/],
    [[], /shape \(\) \(0-D\); expected a 2-D array/],
    [[1, 2, 3], /shape \(1, 2, 3\) \(3-D\); expected a 2-D array/],
  ])('shape %j is not a matrix, and the shape is named', (shape, pattern) => {
    const count = shape.reduce((p, n) => p * n, 1);
    const bytes = npyBytes({ descr: '<f8', fortranOrder: false, shape, values: new Array<number>(count).fill(1) });
    expectInputError(() => parseNpy(bytes, at), InputRangeError, pattern);
  });

  it('truncated data names the shape, the bytes needed and the bytes present', () => {
    expectInputError(
      () => parseNpy(valid.subarray(0, valid.length - 1), at),
      InputRangeError,
      /shape \(2, 3\) of '<f8' needs 48 bytes of data but only 47 follow the header \(truncated file\?\)/,
    );
    expectInputError(
      () => parseNpy(valid.subarray(0, 128), at),
      InputRangeError,
      /needs 48 bytes of data but only 0 follow/,
    );
  });

  it('bytes after the data (two arrays saved into one file) are refused', () => {
    const bytes = npyBytes(
      { descr: '<f4', fortranOrder: false, shape: [2, 3], values: [1, 2, 3, 4, 5, 6] },
      { trailing: 5 },
    );
    expectInputError(
      () => parseNpy(bytes, at),
      InputRangeError,
      /needs 24 bytes of data but 29 follow the header; a \.npy file holds exactly one array/,
    );
  });

  it('a huge declared shape is refused from the header alone, before any allocation', () => {
    // 10^12 × 10^12 float64 would be 8·10^24 bytes; if the reader allocated first this would throw a
    // plain RangeError ("Invalid typed array length") instead, or exhaust memory.
    const huge = withHeader(headerText({ descr: '<f8', fortranOrder: false, shape: [2 ** 31 - 1, 2 ** 31 - 1] }), 16);
    expectInputError(
      () => parseNpy(huge, at),
      InputRangeError,
      new RegExp(
        `shape \\(2147483647, 2147483647\\) of '<f8' needs ${(2n ** 31n - 1n) ** 2n * 8n} bytes of data but only 16 follow`,
      ),
    );
    const wide = withHeader(headerText({ descr: '<f8', fortranOrder: false, shape: [10 ** 12, 10 ** 12] }), 16);
    expectInputError(() => parseNpy(wide, at), InputRangeError, /each dimension must be at most 2147483647/);
    const flat = withHeader(headerText({ descr: '<f8', fortranOrder: false, shape: [2 ** 31, 0] }), 0);
    expectInputError(
      () => parseNpy(flat, at),
      InputRangeError,
      /shape \(2147483648, 0\); each dimension must be at most 2147483647/,
    );
  });

  it('NaN and ±Infinity are named by row and column (0-based), in C and in Fortran order', () => {
    for (const descr of ALL_DESCRS)
      for (const fortranOrder of [false, true]) {
        const values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
        for (const [bad, name] of [
          [NaN, 'NaN'],
          [Infinity, 'Infinity'],
          [-Infinity, '-Infinity'],
        ] as const) {
          // Entry (2, 1) of a 3×4 matrix; in Fortran order it is element 1·3 + 2 = 5 of the file.
          const copy = values.slice();
          copy[2 * 4 + 1] = bad;
          const bytes = npyBytes({ descr, fortranOrder, shape: [3, 4], values: copy });
          expectInputError(
            () => parseNpy(bytes, { file: 'x.npy', field: 'X' }),
            InputRangeError,
            new RegExp(`^x\\.npy: X, row 2, column 1: is ${name}; matrix entries must be finite$`),
          );
        }
      }
  });

  it('with finite: false, NaN and ±Infinity are returned for the caller to judge', () => {
    const bytes = npyBytes({ descr: '>f4', fortranOrder: true, shape: [1, 3], values: [NaN, Infinity, -Infinity] });
    expectExactly(parseNpy(bytes, {}, { finite: false }), 1, 3, [NaN, Infinity, -Infinity]);
  });

  it('errors carry the location, so the command line can name the file', () => {
    try {
      parseNpy(valid.subarray(0, 100), { file: 'w.npy', field: 'WQ' });
      expect.unreachable();
    } catch (error) {
      expect(isInputError(error)).toBe(true);
      expect((error as InputRangeError).location).toEqual({ file: 'w.npy', field: 'WQ' });
    }
  });
});

describe('fuzzing: any bytes give a valid matrix or an input error, never anything else', () => {
  /** Parses `bytes`; a result must be a well-formed matrix of finite numbers, an error must be an input error. */
  function parsesOrRefuses(bytes: Uint8Array): void {
    let m: DenseMatrix;
    try {
      m = parseNpy(bytes, { file: 'fuzz.npy' });
    } catch (error) {
      if (!(error instanceof InputRangeError || error instanceof InputTypeError)) throw error;
      expect(error.message.startsWith('fuzz.npy: ')).toBe(true);
      // One printable line: no control characters (C0, DEL, C1), whatever bytes the header held.
      // eslint-disable-next-line no-control-regex -- control characters are what this expression finds
      expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      return;
    }
    expect(m.data).toBeInstanceOf(Float64Array);
    expect(m.data.length).toBe(m.rows * m.cols);
    for (const v of m.data) expect(Number.isFinite(v)).toBe(true);
  }

  const validFile = fc
    .record({
      descr: fc.constantFrom<Descr>(...ALL_DESCRS),
      fortranOrder: fc.boolean(),
      version: fc.constantFrom<1 | 2 | 3>(1, 2, 3),
      rows: fc.integer({ min: 0, max: 4 }),
      cols: fc.integer({ min: 0, max: 4 }),
    })
    .chain((p) =>
      fc
        .array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
          minLength: p.rows * p.cols,
          maxLength: p.rows * p.cols,
        })
        .map((values) => npyBytes({ ...p, shape: [p.rows, p.cols], values }, { version: p.version })),
    );

  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), parsesOrRefuses), { seed: 1, numRuns: fuzzRuns(5) });
  });

  it('random bytes after a valid magic string and version', () => {
    const prefixed = fc.tuple(fc.constantFrom(1, 2, 3), fc.uint8Array({ maxLength: 300 })).map(([version, rest]) => {
      const out = new Uint8Array(8 + rest.length);
      out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
      out.set(rest, 8);
      return out;
    });
    fc.assert(fc.property(prefixed, parsesOrRefuses), { seed: 2, numRuns: fuzzRuns(5) });
  });

  it('every truncation of a valid file is refused (unless nothing is cut)', () => {
    fc.assert(
      fc.property(validFile, (bytes) => {
        parseNpy(bytes); // the whole file is valid
        for (let n = 0; n < bytes.length; n++)
          expect(() => parseNpy(bytes.subarray(0, n)), `prefix of ${n} bytes`).toThrow(/.+/);
        for (let n = 0; n < bytes.length; n++) parsesOrRefuses(bytes.subarray(0, n));
      }),
      { seed: 3, numRuns: fuzzRuns(0.4) },
    );
  });

  it('valid files with corrupted bytes in the header', () => {
    const corrupted = fc
      .tuple(validFile, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }))
      .map(([bytes, edits]) => {
        const out = bytes.slice();
        const headerEnd = Math.min(out.length, 128);
        for (const [position, value] of edits) out[position % headerEnd] = value;
        return out;
      });
    fc.assert(fc.property(corrupted, parsesOrRefuses), { seed: 4, numRuns: fuzzRuns(10) });
  });

  it('headers assembled from random Python tokens', () => {
    const token = fc.constantFrom(
      '{',
      '}',
      '(',
      ')',
      '[',
      ']',
      ',',
      ':',
      ' ',
      "'descr'",
      "'fortran_order'",
      "'shape'",
      "'<f8'",
      "'>f4'",
      "'|O'",
      'True',
      'False',
      'None',
      '0',
      '1',
      '2',
      '-1',
      '3L',
      '99999999999999999999',
      "'",
      '"',
      '\\',
      'n',
      'x',
      'é',
      '\n',
      '\u0001',
    );
    const header = fc.array(token, { maxLength: 40 }).map((tokens) => tokens.join(''));
    const file = fc
      .tuple(header, fc.constantFrom<1 | 2 | 3>(1, 2, 3), fc.integer({ min: 0, max: 64 }))
      .map(([text, version, data]) => withHeader(text, data, version));
    fc.assert(fc.property(file, parsesOrRefuses), { seed: 5, numRuns: fuzzRuns(20) });
  });

  it('header dicts with random shapes and flags, and random data lengths', () => {
    const dim = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom(2 ** 31 - 1, 2 ** 31, 2 ** 53, -1));
    const file = fc
      .record({
        descr: fc.constantFrom('<f8', '>f8', '<f4', '>f4', '<i8', '|O'),
        fortranOrder: fc.boolean(),
        shape: fc.array(dim, { maxLength: 3 }),
        data: fc.integer({ min: 0, max: 600 }),
      })
      .map((p) => withHeader(headerText(p), p.data));
    fc.assert(fc.property(file, parsesOrRefuses), { seed: 6, numRuns: fuzzRuns(10) });
  });
});

describe('parsePythonLiteral', () => {
  it('parses what NumPy writes, and the pieces of it', () => {
    expect(parsePythonLiteral("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }")).toEqual({
      type: 'dict',
      entries: [
        [
          { type: 'str', value: 'descr' },
          { type: 'str', value: '<f8' },
        ],
        [
          { type: 'str', value: 'fortran_order' },
          { type: 'bool', value: false },
        ],
        [
          { type: 'str', value: 'shape' },
          {
            type: 'tuple',
            items: [
              { type: 'int', value: 3n },
              { type: 'int', value: 4n },
            ],
          },
        ],
      ],
    });
    expect(parsePythonLiteral('()')).toEqual({ type: 'tuple', items: [] });
    expect(parsePythonLiteral('(7,)')).toEqual({ type: 'tuple', items: [{ type: 'int', value: 7n }] });
    // A parenthesised value without a comma is the value itself, as in Python.
    expect(parsePythonLiteral('(7)')).toEqual({ type: 'int', value: 7n });
    expect(parsePythonLiteral("'a\\'b'")).toEqual({ type: 'str', value: "a'b" });
    expect(parsePythonLiteral('- 12')).toEqual({ type: 'int', value: -12n });
    expect(parsePythonLiteral('None')).toEqual({ type: 'None' });
  });

  it('pythonRepr writes Python’s form back', () => {
    for (const text of ["{'descr': '<f8', 'shape': (3,)}", '[(1, 2), ()]', "('a\\'b', True, None, -5)"])
      expect(pythonRepr(parsePythonLiteral(text))).toBe(text);
  });

  it('rejects commas without values and unclosed brackets with the position', () => {
    expectInputError(() => parsePythonLiteral('(,)'), InputTypeError, /at character 1/);
    expectInputError(
      () => parsePythonLiteral('[1, 2'),
      InputTypeError,
      /expected "," or "\]" at character 5 \(found the end of the header\)/,
    );
  });
});

describe('readInputBytes and readNpy read files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attnproof-npy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the exact bytes of a file and parses them', () => {
    const path = join(dir, 'a.npy');
    const bytes = npyBytes({ descr: '>f8', fortranOrder: true, shape: [2, 2], values: [1, 2, 3, 4] });
    writeFileSync(path, bytes);
    expect(Buffer.from(readInputBytes(path)).equals(Buffer.from(bytes))).toBe(true);
    expectExactly(readNpy(path), 2, 2, [1, 2, 3, 4]);
  });

  it('names the file in every error', () => {
    const path = join(dir, 'x.npy');
    writeFileSync(path, npyBytes({ descr: '<f8', fortranOrder: false, shape: [4], values: [1, 2, 3, 4] }));
    expectInputError(
      () => readNpy(path, { field: 'X' }),
      InputRangeError,
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: X: array has shape \\(4,\\)`),
    );
  });

  it('missing files, directories and files over the limit are input errors', () => {
    expectInputError(
      () => readNpy(join(dir, 'nope.npy')),
      InputRangeError,
      /nope\.npy: cannot read the file \(no such file\)/,
    );
    expectInputError(() => readInputBytes(dir), InputRangeError, /is a directory/);
    const big = join(dir, 'big.npy');
    writeFileSync(big, new Uint8Array(100));
    expectInputError(() => readInputBytes(big, 10), InputRangeError, /file is 100 bytes, over the limit of 10 bytes/);
    expect(readInputBytes(big, 100).length).toBe(100);
  });

  it.runIf(existsSync('/dev/zero'))('an endless source is read only up to the limit, then refused', () => {
    expectInputError(() => readInputBytes('/dev/zero', 3_000_000), InputRangeError, /over the limit of 3000000 bytes/);
  });
});
