import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parseNpyHeader } from './parseNpyHeader.js';

/** Bytes read from the start of the file: any header `np.save` writes for a 2-D array fits in far fewer. */
const PEEK_BYTES = 4096;

/**
 * The shape `[rows, cols]` a `.npy` file declares, read from its first
 * {@link PEEK_BYTES} bytes only (see {@link parseNpyHeader}), or `undefined`
 * when it cannot be told that cheaply and harmlessly: not a regular file (a
 * pipe or `/dev/stdin` must not lose the bytes it would give to the real read),
 * unreadable, not a `.npy` header, not 2-D, or shorter than the data that
 * shape needs (so that a header declaring a huge shape costs nothing here either). For plans made before a file is
 * read (how many worker threads to start while it is); never for validation:
 * the real read ({@link readNpy}) checks everything and reports every error.
 * `O(1)` (one small read).
 *
 * @example
 * peekNpyShape('X.npy'); // [4096, 1024] for np.save('X.npy', np.zeros((4096, 1024)))
 * peekNpyShape('/dev/stdin'); // undefined
 * @throws never.
 */
export function peekNpyShape(path: string): readonly [number, number] | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const head = new Uint8Array(PEEK_BYTES);
    const { shape, dataOffset, itemSize } = parseNpyHeader(head.subarray(0, readSync(fd, head, 0, PEEK_BYTES, 0)));
    if (shape.length !== 2) return undefined;
    if (BigInt(stat.size) < BigInt(dataOffset) + shape[0]! * shape[1]! * BigInt(itemSize)) return undefined;
    const [rows, cols] = shape.map(Number) as [number, number];
    return Number.isSafeInteger(rows) && Number.isSafeInteger(cols) ? [rows, cols] : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
