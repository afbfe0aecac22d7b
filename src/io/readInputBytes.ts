import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputRangeError } from '../errors/inputError.js';
import { systemReason } from './systemReason.js';

/** Largest input file read into memory (512 MiB). */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

// Bytes read per system call when the size is not known in advance (a pipe or a device).
const CHUNK = 1 << 20;

/**
 * Reads a whole binary file into a `Uint8Array`, refusing files over `limit`
 * bytes (default {@link MAX_INPUT_BYTES}, 512 MiB) and reporting a missing or
 * unreadable file as bad input rather than a raw system error. The binary
 * sibling of {@link readInputFile}.
 *
 * A regular file over the limit is refused from its size before any byte is
 * read. Anything else (a pipe, `/dev/stdin`, a device) is read in chunks and
 * refused as soon as more than `limit` bytes have arrived, so an endless
 * source such as `/dev/zero` cannot exhaust memory. `O(size)`.
 *
 * @example
 * readInputBytes('X.npy').subarray(0, 6); // Uint8Array [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] ("\x93NUMPY")
 * @throws {InputRangeError} when the file is missing, a directory, unreadable or over the limit.
 */
export function readInputBytes(path: string, limit = MAX_INPUT_BYTES): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EISDIR')
      throw new InputRangeError('is a directory, expected a file', { file: path });
    throw new InputRangeError(`cannot read the file (${systemReason(error)})`, { file: path });
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new InputRangeError('is a directory, expected a file', { file: path });
    if (stats.isFile() && stats.size > limit)
      throw new InputRangeError(`file is ${stats.size} bytes, over the limit of ${limit} bytes`, { file: path });
    return readAll(fd, stats.isFile() ? stats.size : 0, limit, path);
  } catch (error) {
    if (error instanceof InputRangeError) throw error;
    throw new InputRangeError(`cannot read the file (${systemReason(error)})`, { file: path });
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads `fd` to its end. `expected` (the size of a regular file) sizes the
 * first buffer, but the end of the data is where `read` returns 0, so a file
 * that grew or shrank since `fstat` is still read exactly, and the limit is
 * enforced on what was read.
 */
function readAll(fd: number, expected: number, limit: number, path: string): Uint8Array {
  let buffer = new Uint8Array(Math.min(expected, limit) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > limit) throw new InputRangeError(`file is over the limit of ${limit} bytes`, { file: path });
      const grown = new Uint8Array(Math.min(limit + 1, Math.max(2 * buffer.length, length + CHUNK)));
      grown.set(buffer);
      buffer = grown;
    }
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
  }
  if (length > limit) throw new InputRangeError(`file is over the limit of ${limit} bytes`, { file: path });
  return buffer.subarray(0, length);
}
