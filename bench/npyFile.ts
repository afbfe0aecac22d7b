import { writeFileSync } from 'node:fs';

/**
 * Writes a C-ordered array as a NumPy `.npy` file (format version 1.0): the
 * magic string, a header dictionary padded with spaces to a multiple of 64
 * bytes, then the raw little-endian data. `O(size)`.
 *
 * @example
 * writeNpy('/tmp/a.npy', new Float64Array([1, 2, 3, 4]), [2, 2]); // np.load gives [[1, 2], [3, 4]]
 * @throws {RangeError} when the shape does not match the data length.
 */
export function writeNpy(path: string, data: Float64Array | Int32Array, shape: readonly number[]): void {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length)
    throw new RangeError(`shape ${shape.join('×')} needs ${count} numbers, got ${data.length}`);
  const descr = data instanceof Float64Array ? '<f8' : '<i4';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // magic (6) + version (2) + header length (2) + header + '\n' must be a multiple of 64.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  writeFileSync(path, Buffer.concat([prefix, Buffer.from(header, 'latin1'), bytes]));
}
