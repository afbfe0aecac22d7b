import { Buffer } from 'node:buffer';
import { InputRangeError, InputTypeError, type InputLocation } from '../errors/inputError.js';
import { parsePythonLiteral, pythonRepr, type PythonValue } from './parsePythonLiteral.js';
import { clipText } from '../errors/quoteValue.js';

/**
 * The element types attnproof reads: IEEE 754 binary64 and binary32, and signed or unsigned integers of
 * 1, 2, 4 or 8 bytes (whose values must convert to a double exactly), either byte order.
 */
export type NpyFloatDescr = `${'<' | '>' | '|'}${'f8' | 'f4' | 'i1' | 'i2' | 'i4' | 'i8' | 'u1' | 'u2' | 'u4' | 'u8'}`;

/** The kind of element: a float, a signed or an unsigned integer. */
export type NpyKind = 'f' | 'i' | 'u';

/** What the header of a `.npy` file declares. */
export interface NpyHeader {
  /** Format version `[major, minor]`: `[1, 0]`, `[2, 0]` or `[3, 0]`. */
  readonly version: readonly [number, number];
  /** The element type, one of the supported float and integer types. */
  readonly descr: NpyFloatDescr;
  /** Float, signed or unsigned integer. */
  readonly kind: NpyKind;
  /** Bytes per element. */
  readonly itemSize: 8 | 4 | 2 | 1;
  readonly littleEndian: boolean;
  /** True when the data is stored column by column (Fortran order), false for row by row (C order). */
  readonly fortranOrder: boolean;
  /** The declared shape, any number of dimensions, each a non-negative integer. */
  readonly shape: readonly bigint[];
  /** Offset of the first data byte (magic + version + length field + header). */
  readonly dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const KEYS = ['descr', 'fortran_order', 'shape'] as const;

/**
 * Parses and validates the header of a `.npy` file (NumPy's format, versions
 * 1.0, 2.0 and 3.0): the magic string `\x93NUMPY`, the version bytes, the
 * header length (little-endian `u16` for 1.0, `u32` for 2.0 and 3.0), and the
 * header itself, the Python literal of a dict with exactly the keys `descr`,
 * `fortran_order` and `shape`, e.g.
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`. The header
 * is Latin-1 text in versions 1.0 and 2.0 and UTF-8 in 3.0.
 *
 * Only `descr` values `'<f8'`, `'>f8'`, `'<f4'`, `'>f4'` and the integer types
 * (`'<i8'`, `'>u4'`, `'|i1'`, …) are accepted; any other type is refused with its
 * name and kind (`'<c16'` is a 16-byte complex, `'|O'` an object array). `O(header length)`; the data is not read.
 *
 * @example
 * const head = parseNpyHeader(bytes); // bytes written by np.save of a float64 3×4 array
 * [head.descr, head.fortranOrder, head.shape, head.dataOffset]; // ['<f8', false, [3n, 4n], 128]
 * @throws {InputTypeError} when the magic string is wrong (not a `.npy` file), the header is not a
 *   Python literal of the expected dict, or the element type is not one of the four supported.
 * @throws {InputRangeError} for an unsupported version, a header running past the end of the
 *   bytes, or a negative dimension.
 */
export function parseNpyHeader(bytes: Uint8Array, location: InputLocation = {}): NpyHeader {
  checkMagic(bytes, location);
  if (bytes.length < 8)
    throw new InputRangeError(
      `file is ${bytes.length} bytes long, too short for a .npy header (truncated file?)`,
      location,
    );
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (!(major >= 1 && major <= 3 && minor === 0))
    throw new InputRangeError(`unsupported .npy format version ${major}.${minor} (supported: 1.0, 2.0, 3.0)`, location);
  const lengthBytes = major === 1 ? 2 : 4;
  const start = 8 + lengthBytes;
  if (bytes.length < start)
    throw new InputRangeError(
      `file is ${bytes.length} bytes long, too short for a version ${major}.0 .npy header (truncated file?)`,
      location,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The header length is little-endian whatever the byte order of the data.
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const end = start + headerLength;
  if (end > bytes.length)
    throw new InputRangeError(
      `header declares ${headerLength} bytes but only ${bytes.length - start} follow (truncated file?)`,
      location,
    );
  const text = decodeHeader(bytes.subarray(start, end), major, location);
  const header = parsePythonLiteral(text, location);
  const fields = headerFields(header, location);
  const { descr, kind, itemSize, littleEndian } = elementType(fields.descr, location);
  return {
    version: [major, minor],
    descr,
    kind,
    itemSize,
    littleEndian,
    fortranOrder: fields.fortranOrder,
    shape: fields.shape,
    dataOffset: end,
  };
}

function checkMagic(bytes: Uint8Array, location: InputLocation): void {
  for (let k = 0; k < MAGIC.length; k++) {
    if (bytes[k] === MAGIC[k]) continue;
    // A zip archive is what np.savez writes; say so, since the fix is obvious.
    const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
    if (isZip)
      throw new InputTypeError(
        'is a zip archive (an .npz file from np.savez?), not a .npy file; save each array with np.save',
        location,
      );
    if (bytes.length < MAGIC.length && k === bytes.length)
      throw new InputTypeError(
        `file is ${bytes.length} bytes long, too short to be a .npy file (truncated file?)`,
        location,
      );
    throw new InputTypeError('not a NumPy .npy file: it does not start with the magic string "\\x93NUMPY"', location);
  }
}

function decodeHeader(raw: Uint8Array, major: number, location: InputLocation): string {
  // Versions 1.0 and 2.0 store the header as Latin-1, 3.0 as UTF-8 (NEP 1, format.py).
  if (major < 3) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new InputTypeError('header of a version 3.0 .npy file is not valid UTF-8', location);
  }
}

interface HeaderFields {
  descr: string;
  fortranOrder: boolean;
  shape: bigint[];
}

function headerFields(header: PythonValue, location: InputLocation): HeaderFields {
  if (header.type !== 'dict')
    throw new InputTypeError(
      `header must be a dict with keys 'descr', 'fortran_order', 'shape', got ${header.type} ${clipText(pythonRepr(header))}`,
      location,
    );
  const seen = new Map<string, PythonValue>();
  for (const [key, value] of header.entries) {
    if (key.type !== 'str' || !(KEYS as readonly string[]).includes(key.value))
      throw new InputTypeError(
        `header has an unexpected key ${clipText(pythonRepr(key))}; expected exactly 'descr', 'fortran_order', 'shape'`,
        location,
      );
    if (seen.has(key.value)) throw new InputTypeError(`header has the key '${key.value}' twice`, location);
    seen.set(key.value, value);
  }
  for (const key of KEYS) if (!seen.has(key)) throw new InputTypeError(`header is missing the key '${key}'`, location);
  const descr = seen.get('descr')!;
  const order = seen.get('fortran_order')!;
  const shape = seen.get('shape')!;
  if (descr.type === 'list')
    throw new InputTypeError(
      `dtype ${clipText(pythonRepr(descr))} is a structured (record) type, not supported; save a plain float64 or float32 array`,
      location,
    );
  if (descr.type !== 'str')
    throw new InputTypeError(
      `header 'descr' must be a string such as '<f8', got ${clipText(pythonRepr(descr))}`,
      location,
    );
  if (order.type !== 'bool')
    throw new InputTypeError(
      `header 'fortran_order' must be True or False, got ${clipText(pythonRepr(order))}`,
      location,
    );
  if (shape.type !== 'tuple')
    throw new InputTypeError(
      `header 'shape' must be a tuple of integers such as (3, 4), got ${clipText(pythonRepr(shape))}`,
      location,
    );
  const dims: bigint[] = [];
  for (const item of shape.items) {
    if (item.type !== 'int')
      throw new InputTypeError(
        `header 'shape' must be a tuple of integers, got ${clipText(pythonRepr(shape))}`,
        location,
      );
    if (item.value < 0n)
      throw new InputRangeError(`header 'shape' ${clipText(pythonRepr(shape))} has a negative dimension`, location);
    dims.push(item.value);
  }
  return { descr: descr.value, fortranOrder: order.value, shape: dims };
}

/**
 * Kind, item size and byte order of a supported descr, or an error that names the type. Floats of 8 and
 * 4 bytes with `<` or `>`; integers of 2, 4 and 8 bytes with `<` or `>`, of 1 byte with `|` (no order).
 */
function elementType(
  descr: string,
  location: InputLocation,
): { descr: NpyFloatDescr; kind: NpyKind; itemSize: 8 | 4 | 2 | 1; littleEndian: boolean } {
  const match = /^([<>|])([fiu])([1248])$/.exec(descr);
  if (match !== null) {
    const [, order, kind, size] = match as unknown as [string, string, NpyKind, string];
    const itemSize = Number(size) as 8 | 4 | 2 | 1;
    const valid =
      kind === 'f' ? (itemSize === 8 || itemSize === 4) && order !== '|' : (itemSize === 1) === (order === '|');
    if (valid) return { descr: descr as NpyFloatDescr, kind, itemSize, littleEndian: order !== '>' };
  }
  throw new InputTypeError(
    `dtype ${clipText(pythonRepr({ type: 'str', value: descr }))}${describeDtype(descr)} is not supported; expected float64 or float32 ('<f8', '>f8', '<f4', '>f4') ` +
      `or an integer type ('<i8', '|u1', ...), e.g. np.save(path, a.astype(np.float64))`,
    location,
  );
}

const KINDS: Record<string, string> = {
  b: 'boolean',
  i: 'signed integer',
  u: 'unsigned integer',
  f: 'float',
  c: 'complex',
  O: 'Python object (pickled)',
  S: 'byte string',
  a: 'byte string',
  U: 'unicode string',
  V: 'raw bytes (void)',
  M: 'datetime',
  m: 'timedelta',
};

/** A parenthesised plain-words reading of a NumPy type string, e.g. ` (8-byte signed integer)`, or '' when unknown. */
function describeDtype(descr: string): string {
  const match = /^([<>|=]?)([a-zA-Z])(\d*)/.exec(descr);
  if (match === null) return '';
  const [, order, kind, size] = match as unknown as [string, string, string, string];
  const name = KINDS[kind];
  if (name === undefined) return '';
  if (kind === 'f' && (size === '8' || size === '4'))
    return ` (byte order '${order}' is not valid for a ${size}-byte float; NumPy writes '<' or '>')`;
  if (kind === 'O') return ' (an object array: Python objects, pickled)';
  return size === '' ? ` (${name})` : ` (${size}-byte ${name})`;
}
