import {
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputRangeError } from '../errors/inputError.js';
import { onInterrupt } from './interruptCleanup.js';
import { isSystemError, systemReason } from './systemReason.js';

/**
 * Writes `data` to `path` atomically: the bytes go to a temporary file in the
 * same directory, which is flushed to disk and then renamed over `path`. A
 * reader (or a crash) sees either the old file or the whole new one, never a
 * half-written file. `data` may be an iterable of string chunks, written one
 * after the other (for files larger than one string can hold); an exception
 * thrown by the iterable abandons the write the same way. `O(data.length)`.
 *
 * A symbolic link is written through: the file it points to is replaced (atomically), the link stays.
 * A device, a pipe or a socket (`/dev/stdout`, `/dev/null`, a FIFO) cannot be renamed over, and is
 * written directly. The temporary file is removed if the process is interrupted (SIGINT, SIGTERM) while
 * it exists.
 *
 * @example
 * writeFileAtomic('cert.json', JSON.stringify(cert));
 * writeFileAtomic('cert.json', certificateJsonChunks(cert)); // streamed, same bytes
 * writeFileAtomic('/dev/stdout', 'text\n');                  // written directly
 * @throws {InputRangeError} naming the file when the file system refuses the write (missing or
 *   read-only directory, a directory in the way, no space left, ...); whatever the iterable throws,
 *   as it is. The temporary file is removed first in both cases.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<string>): void {
  const chunks = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
  const destination = writeDestination(path);
  if (destination.direct) return writeDirect(path, chunks);
  const temporary = join(dirname(destination.path), `.${basename(destination.path)}.${process.pid}.${Date.now()}.tmp`);
  const untrack = onInterrupt(() => rmSync(temporary, { force: true }));
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'w');
    writeChunks(fd, chunks);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, destination.path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing to remove: the temporary file could not even be created (a parent is not a directory)
    }
    throw fileSystemRefusal(error, path);
  } finally {
    untrack();
  }
}

/**
 * Where the bytes for `path` go: the path itself for a new or regular file, the file a symbolic link
 * resolves to (so that the link survives), or `direct` for a device, pipe or socket, or a dangling link.
 */
function writeDestination(path: string): { direct: false; path: string } | { direct: true } {
  const link = lstatSync(path, { throwIfNoEntry: false });
  if (link === undefined) return { direct: false, path };
  const stat = link.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : link;
  if (stat === undefined) return { direct: true };
  if (stat.isDirectory()) throw new InputRangeError('cannot write the file (it is a directory)', { file: path });
  if (!stat.isFile()) return { direct: true };
  return { direct: false, path: link.isSymbolicLink() ? realpathSync(path) : path };
}

function writeDirect(path: string, chunks: Iterable<string | Uint8Array>): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w');
    writeChunks(fd, chunks);
  } catch (error) {
    throw fileSystemRefusal(error, path);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function writeChunks(fd: number, chunks: Iterable<string | Uint8Array>): void {
  for (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  }
}

/** A file-system refusal is about the path the user gave (exit 2 at the command line), not a defect. */
function fileSystemRefusal(error: unknown, path: string): unknown {
  if (isSystemError(error))
    return new InputRangeError(
      `cannot write the file (${systemReason(error, { ENOENT: 'no such directory', EISDIR: 'it is a directory' })})`,
      { file: path },
    );
  return error;
}
