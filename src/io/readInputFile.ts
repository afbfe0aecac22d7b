import { readFileSync, statSync } from 'node:fs';
import { InputRangeError } from '../errors/inputError.js';

/** Largest input file read into memory (512 MiB). */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/**
 * Largest text file read (`2^29 − 24` bytes): V8's longest string, in
 * characters, and a UTF-8 file never has more characters than bytes. A file
 * between this and {@link MAX_INPUT_BYTES} would otherwise fail in the middle
 * of decoding.
 */
export const MAX_TEXT_BYTES = 2 ** 29 - 24;

/**
 * Reads a whole text file, refusing (before reading) files over
 * {@link MAX_TEXT_BYTES} and reporting a missing or unreadable file as bad
 * input rather than a raw system error. `O(size)`.
 *
 * @example
 * readInputFile('fixtures/targets/small.json'); // the file's text
 * @throws {InputRangeError} when the file is missing, a directory, unreadable or too large.
 */
export function readInputFile(path: string, limit = MAX_TEXT_BYTES): string {
  let size: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new InputRangeError('is a directory, expected a file', { file: path });
    size = stats.size;
  } catch (error) {
    if (error instanceof InputRangeError) throw error;
    throw new InputRangeError(`cannot read the file (${systemReason(error)})`, { file: path });
  }
  if (size > limit) throw new InputRangeError(`file is ${size} bytes, over the limit of ${limit} bytes`, { file: path });
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputRangeError(`cannot read the file (${systemReason(error)})`, { file: path });
  }
}

/** A file-system error in a few words (`no such file`, `permission denied`, or its code). */
export function systemReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  return typeof code === 'string' ? code : String(error);
}
