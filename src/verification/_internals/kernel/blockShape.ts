import { TILE_ROWS } from './tileShape.js';
import { align } from './wasmBlocks.js';

/** The options every kernel's `create` takes: rows per block and output buffers. */
export interface BlockOptions {
  /** Rows per block (rounded up to a multiple of the tile height, 2). */
  readonly blockRows: number;
  /** Number of output buffers, one per thread that will run blocks. Default 1. */
  readonly slots?: number;
}

/**
 * The block options of a kernel's `create` ({@link WasmLogits.create},
 * {@link WasmLogits32.create}) checked and shaped: `blockRows`, `slots`
 * (default 1) and every entry of `more` must be positive integers; the rows
 * per block are rounded up to a whole number of tiles, and cut to the `L` rows
 * of the target (rounded up the same way), so that one block never holds more
 * padding than a tile's. `O(1)`.
 *
 * @example
 * blockShape(203, { blockRows: 15 }); // { blockRows: 16, slots: 1 }
 * blockShape(9, { blockRows: 64, slots: 2 }); // { blockRows: 10, slots: 2 }
 * @throws {RangeError} naming the first of `blockRows`, `slots`, then the entries of `more`, that is not a
 * positive integer.
 */
export function blockShape(
  L: number,
  options: BlockOptions,
  more: Readonly<Record<string, number>> = {},
): { readonly blockRows: number; readonly slots: number } {
  const slots = options.slots ?? 1;
  for (const [name, v] of [['blockRows', options.blockRows], ['slots', slots], ...Object.entries(more)] as const)
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  return { blockRows: Math.min(align(options.blockRows, TILE_ROWS), align(L, TILE_ROWS)), slots };
}
