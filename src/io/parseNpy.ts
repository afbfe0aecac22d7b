import { endianness } from 'node:os';
import { InputRangeError, type InputLocation } from '../errors/inputError.js';
import type { DenseMatrix } from '../matrix/denseMatrix.js';
import { parseNpyHeader, type NpyKind } from './parseNpyHeader.js';

/** Options of {@link parseNpy}. */
export interface ParseNpyOptions {
  /**
   * Refuse NaN and ±Infinity entries, naming the first one's row and column
   * (row-major order). Default `true`; a caller that validates the values
   * itself (a target, whose own rules name them) passes `false`.
   */
  readonly finite?: boolean;
  /**
   * Allow the result to share memory with `bytes` (no copy) when the data is
   * float64 in this machine's byte order, C order, 8-byte aligned in its
   * buffer. Default `false`; a caller that only reads the matrix (a target,
   * turned into its sparse form at once) passes `true` to save a copy.
   */
  readonly borrow?: boolean;
  /**
   * Put the numbers in a `SharedArrayBuffer` (when not borrowed), so that
   * worker threads can read them without a copy: the verifier's parallel
   * projections read `X` this way. Default `false`.
   */
  readonly shared?: boolean;
}

/** Is this machine little-endian (every current platform of Node.js)? */
const NATIVE_LITTLE_ENDIAN = endianness() === 'LE';

/**
 * The reader of element `k` of the data as a double: floats widen exactly; integers of up to 4 bytes
 * are exact; 8-byte integers are exact up to 2^53 in magnitude, and NaN beyond (refused by the caller).
 */
function elementReader(view: DataView, kind: NpyKind, itemSize: number, le: boolean): (k: number) => number {
  const exact = (v: bigint): number => (v <= 9007199254740992n && v >= -9007199254740992n ? Number(v) : NaN);
  if (kind === 'f') return itemSize === 8 ? (k) => view.getFloat64(8 * k, le) : (k) => view.getFloat32(4 * k, le);
  if (kind === 'i') {
    if (itemSize === 8) return (k) => exact(view.getBigInt64(8 * k, le));
    if (itemSize === 4) return (k) => view.getInt32(4 * k, le);
    if (itemSize === 2) return (k) => view.getInt16(2 * k, le);
    return (k) => view.getInt8(k);
  }
  if (itemSize === 8) return (k) => exact(view.getBigUint64(8 * k, le));
  if (itemSize === 4) return (k) => view.getUint32(4 * k, le);
  if (itemSize === 2) return (k) => view.getUint16(2 * k, le);
  return (k) => view.getUint8(k);
}

/** Largest dimension accepted (the largest Int32), so that every index fits the typed arrays downstream. */
const MAX_DIMENSION = 2 ** 31 - 1;

/**
 * Reads a 2-D float array from the bytes of a `.npy` file (as written by
 * `np.save`) into a row-major float64 {@link DenseMatrix}.
 *
 * The header is parsed by {@link parseNpyHeader} (versions 1.0–3.0; element
 * type `'<f8'`, `'>f8'`, `'<f4'` or `'>f4'`, or an integer type such as `'<i8'` or `'|u1'`,
 * whose values must convert to a double exactly). The data must be exactly
 * `rows·cols·itemSize` bytes: that size is computed exactly (with `bigint`)
 * and compared with the bytes present BEFORE anything is allocated, so a
 * header declaring a huge shape costs nothing. Elements are decoded with a
 * `DataView` in the file's declared byte order, so the result does not depend
 * on the machine's; float32 values widen to float64 exactly. A Fortran-order
 * file (column by column) is transposed into row-major order.
 * `O(rows·cols)` time, one `Float64Array` of `rows·cols` numbers.
 *
 * @example
 * // np.save of np.array([[1.0, 2.0], [3.0, 4.0]]) (little-endian float64, C order)
 * const m = parseNpy(bytes, { file: 'a.npy' });
 * [m.rows, m.cols, Array.from(m.data)]; // [2, 2, [1, 2, 3, 4]]
 * @throws {InputTypeError} for a file that is not `.npy`, a malformed header or an unsupported
 *   element type (named, e.g. `'<c16'`), see {@link parseNpyHeader}.
 * @throws {InputRangeError} for an unsupported version, a shape that is not 2-D (the shape is
 *   named), a dimension over 2^31 − 1, data shorter than the shape needs (truncated file) or longer
 *   (more than one array in the file), memory that cannot be allocated, an 8-byte integer beyond
 *   2^53 in magnitude, or (with `finite`) a NaN or ±Infinity entry, naming its row and column (0-based).
 */
export function parseNpy(bytes: Uint8Array, location: InputLocation = {}, options: ParseNpyOptions = {}): DenseMatrix {
  const header = parseNpyHeader(bytes, location);
  const { shape, kind, itemSize, littleEndian, fortranOrder, descr, dataOffset } = header;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  if (shape.length !== 2)
    throw new InputRangeError(
      `array has shape ${shapeText} (${shape.length}-D); expected a 2-D array (a matrix)${shape.length === 1 ? ', e.g. a.reshape(1, -1) or a.reshape(-1, 1)' : ''}`,
      location,
    );
  const [rowsBig, colsBig] = shape as [bigint, bigint];
  if (rowsBig > BigInt(MAX_DIMENSION) || colsBig > BigInt(MAX_DIMENSION))
    throw new InputRangeError(
      `array has shape ${shapeText}; each dimension must be at most ${MAX_DIMENSION}`,
      location,
    );
  // Exact byte count of the declared data, compared with what is there before any allocation.
  const declared = rowsBig * colsBig * BigInt(itemSize);
  const present = bytes.length - dataOffset;
  if (declared > BigInt(present))
    throw new InputRangeError(
      `shape ${shapeText} of '${descr}' needs ${declared} bytes of data but only ${present} follow the header (truncated file?)`,
      location,
    );
  if (declared < BigInt(present))
    throw new InputRangeError(
      `shape ${shapeText} of '${descr}' needs ${declared} bytes of data but ${present} follow the header; a .npy file holds exactly one array (were several saved into one file?)`,
      location,
    );
  const rows = Number(rowsBig);
  const cols = Number(colsBig);
  const count = rows * cols;
  const start = bytes.byteOffset + dataOffset;
  // Floats in this machine's byte order and C order are the typed array's own layout: no decoding needed.
  const native = kind === 'f' && littleEndian === NATIVE_LITTLE_ENDIAN && !fortranOrder;
  if (native && itemSize === 8 && options.borrow === true && start % 8 === 0)
    return checked({ rows, cols, data: new Float64Array(bytes.buffer, start, count) }, kind, location, options);
  let data: Float64Array;
  try {
    data = options.shared === true ? new Float64Array(new SharedArrayBuffer(8 * count)) : new Float64Array(count);
  } catch {
    throw new InputRangeError(`cannot allocate ${count} float64 numbers for shape ${shapeText}`, location);
  }
  if (native) {
    // A byte copy (float64), or a widening copy (exact) from a float32 view, aligned first if need be.
    const source = bytes.subarray(dataOffset, dataOffset + count * itemSize);
    if (itemSize === 8) new Uint8Array(data.buffer).set(source);
    else
      data.set(
        start % 4 === 0 ? new Float32Array(bytes.buffer, start, count) : new Float32Array(source.slice().buffer),
      );
    return checked({ rows, cols, data }, kind, location, options);
  }
  const view = new DataView(bytes.buffer, start, count * itemSize);
  const read = elementReader(view, kind, itemSize, littleEndian);
  // Element number k of the file is (i, j) = (k / cols, k % cols) in C order and
  // (k % rows, k / rows) in Fortran order; walking the file in order keeps the reads sequential.
  let k = 0;
  if (fortranOrder) {
    for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++, k++) data[i * cols + j] = read(k);
  } else {
    for (; k < count; k++) data[k] = read(k);
  }
  return checked({ rows, cols, data }, kind, location, options);
}

/** The checks of {@link parseNpy} on the decoded matrix: integers a double holds exactly, and (with `finite`) finite entries. */
function checked(matrix: DenseMatrix, kind: NpyKind, location: InputLocation, options: ParseNpyOptions): DenseMatrix {
  const { cols, data } = matrix;
  const count = data.length;
  if (kind !== 'f') {
    // An 8-byte integer beyond 2^53 has no exact double: refused, not rounded (read() gives NaN for it).
    for (let p = 0; p < count; p++)
      if (Number.isNaN(data[p]!))
        throw new InputRangeError(
          `is an integer beyond 2^53, which a double cannot hold exactly; convert the array to float64 first if rounding is acceptable`,
          { ...location, row: Math.floor(p / cols), column: p % cols },
        );
  }
  if (options.finite ?? true) {
    for (let p = 0; p < count; p++) {
      const v = data[p]!;
      if (!Number.isFinite(v))
        throw new InputRangeError(`is ${v}; matrix entries must be finite`, {
          ...location,
          row: Math.floor(p / cols),
          column: p % cols,
        });
    }
  }
  return matrix;
}
