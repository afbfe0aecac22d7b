import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputRangeError } from '../errors/inputError.js';
import { isSystemError, systemReason } from './systemReason.js';

/**
 * Writes `data` to `path` atomically: the bytes go to a temporary file in the
 * same directory, which is flushed to disk and then renamed over `path`. A
 * reader (or a crash) sees either the old file or the whole new one, never a
 * half-written file. `data` may be an iterable of string chunks, written one
 * after the other (for files larger than one string can hold); an exception
 * thrown by the iterable abandons the write the same way. `O(data.length)`.
 *
 * @example
 * writeFileAtomic('cert.json', JSON.stringify(cert));
 * writeFileAtomic('cert.json', certificateJsonChunks(cert)); // streamed, same bytes
 * @throws {InputRangeError} naming the file when the file system refuses the write (missing or
 *   read-only directory, a directory in the way, no space left, ...); whatever the iterable throws,
 *   as it is. The temporary file is removed first in both cases.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<string>): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'w');
    const chunks = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
    for (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing to remove: the temporary file could not even be created (a parent is not a directory)
    }
    // A file-system refusal is about the path the user gave (exit 2 at the command line), not a defect.
    if (isSystemError(error)) throw new InputRangeError(`cannot write the file (${systemReason(error, { ENOENT: 'no such directory' })})`, { file: path });
    throw error;
  }
}
