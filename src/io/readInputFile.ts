import { readInputBytes } from './readInputBytes.js';

/**
 * Largest text file read (`2^29 − 24` bytes): V8's longest string, in
 * characters, and a UTF-8 file never has more characters than bytes. A file
 * between this and the 512 MiB of a binary file would otherwise fail in the middle
 * of decoding.
 */
export const MAX_TEXT_BYTES = 2 ** 29 - 24;

/**
 * Reads a whole text file (UTF-8; invalid sequences become U+FFFD) with
 * {@link readInputBytes}: files over `limit` (default {@link MAX_TEXT_BYTES})
 * are refused before reading, endless sources as soon as they pass it, and a
 * missing or unreadable file is bad input rather than a raw system error.
 * `O(size)`.
 *
 * @example
 * readInputFile('fixtures/targets/small.json'); // the file's text
 * @throws {InputRangeError} when the file is missing, a directory, unreadable or too large.
 */
export function readInputFile(path: string, limit = MAX_TEXT_BYTES): string {
  const bytes = readInputBytes(path, limit);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
