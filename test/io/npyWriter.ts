/**
 * A tiny `.npy` writer for tests only, built byte by byte from the format
 * description (numpy/lib/format.py, NEP 1), independently of the reader in
 * src/io: magic "\x93NUMPY", version bytes, little-endian header length (u16
 * for 1.0, u32 for 2.0 / 3.0), the header dict padded with spaces and ended
 * by "\n" so that the data starts at a multiple of 64, then the data.
 */

export type Descr = '<f8' | '>f8' | '<f4' | '>f4';

export interface NpyArray {
  readonly descr: Descr;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** Values in row-major (C) order, `shape.product` of them. */
  readonly values: ArrayLike<number>;
}

export interface WriteOptions {
  readonly version?: 1 | 2 | 3;
  /** Replace the header text (before padding) by this string, to write malformed headers. */
  readonly headerText?: string;
  /** Bytes to append after the data. */
  readonly trailing?: number;
}

/** Python's repr of a shape tuple: `()`, `(3,)`, `(3, 4)`. */
export function shapeRepr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** The header text NumPy writes (keys in sorted order, trailing ", "). */
export function headerText(a: {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
}): string {
  return `{'descr': '${a.descr}', 'fortran_order': ${a.fortranOrder ? 'True' : 'False'}, 'shape': ${shapeRepr(a.shape)}, }`;
}

/** The header block (magic through padding) for `text`. */
export function headerBytes(text: string, version: 1 | 2 | 3 = 1): Uint8Array {
  const lengthBytes = version === 1 ? 2 : 4;
  const prefix = 8 + lengthBytes;
  const encoded = new TextEncoder().encode(text);
  // Pad with spaces so that prefix + header (ending in "\n") is a multiple of 64.
  const total = Math.ceil((prefix + encoded.length + 1) / 64) * 64;
  const headerLength = total - prefix;
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  if (version === 1) {
    out[8] = headerLength & 0xff;
    out[9] = headerLength >>> 8;
  } else {
    out[8] = headerLength & 0xff;
    out[9] = (headerLength >>> 8) & 0xff;
    out[10] = (headerLength >>> 16) & 0xff;
    out[11] = headerLength >>> 24;
  }
  out.set(encoded, prefix);
  out.fill(0x20, prefix + encoded.length, total - 1);
  out[total - 1] = 0x0a;
  return out;
}

/** The bytes of a `.npy` file holding `a`. */
export function npyBytes(a: NpyArray, options: WriteOptions = {}): Uint8Array {
  const head = headerBytes(options.headerText ?? headerText(a), options.version ?? 1);
  const count = a.shape.reduce((p, n) => p * n, 1);
  if (a.values.length !== count) throw new Error(`npyBytes: ${a.values.length} values for shape ${shapeRepr(a.shape)}`);
  const size = a.descr[2] === '8' ? 8 : 4;
  const little = a.descr[0] === '<';
  const trailing = options.trailing ?? 0;
  const out = new Uint8Array(head.length + count * size + trailing);
  out.set(head);
  const view = new DataView(out.buffer, head.length);
  // File order: row-major for C order; for Fortran order of a 2-D array, column by column.
  const [rows, cols] = a.shape.length === 2 ? (a.shape as [number, number]) : [1, count];
  for (let k = 0; k < count; k++) {
    const source = a.fortranOrder && a.shape.length === 2 ? (k % rows) * cols + Math.floor(k / rows) : k;
    const v = a.values[source]!;
    if (size === 8) view.setFloat64(8 * k, v, little);
    else view.setFloat32(4 * k, v, little);
  }
  for (let t = 0; t < trailing; t++) out[out.length - trailing + t] = 0xab;
  return out;
}

export const ALL_DESCRS: readonly Descr[] = ['<f8', '>f8', '<f4', '>f4'];
