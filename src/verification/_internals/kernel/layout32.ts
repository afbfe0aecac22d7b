import type { SparseTarget } from '../../../targets/sparseTarget.js';
import { INT16_CHUNK } from './int16Packing.js';
import { logits16KernelModule } from './logits16KernelModule.js';
import { HEADER_32_BYTES, logits32KernelModule, TILE_COLUMNS_32, TILE_ROWS } from './logits32KernelModule.js';
import { align } from './wasmBlocks.js';
import { blockShape, type BlockOptions } from './blockShape.js';
import { KERNEL_CHUNK, planLayout, type KernelLayout, type PackingFormat } from './wasmLogits.js';
import type { SharedWasmMemory, WasmModuleHandle } from './webAssemblyApi.js';

/**
 * Default cap on the float64 dot products of one row in the float32 pass:
 * `16 + L/16`. A row over it (many near-ties with its maximum, or a large
 * support) is handed back and recomputed whole; at the cap, the scalar
 * float64 dot products cost well under a whole row of the tiled kernel.
 *
 * @example
 * defaultCandidateCap(4096); // 272
 * @throws never.
 */
export function defaultCandidateCap(L: number): number {
  return 16 + Math.floor(L / 16);
}

/** The float32 kernel's memory: the float64 kernel's regions in singles, plus float64 copies of `Q`, `K` and the windows. */
export type Layout32 = KernelLayout & {
  readonly q64Ptr: number;
  readonly k64Ptr: number;
  readonly windowPtr: number;
  /** The row scales of `Q` and the column scales of `K`, as singles (read by the int16 kernel only). */
  readonly rowScalePtr: number;
  readonly colScalePtr: number;
  /** Positions per chunk of the kernel. */
  readonly chunk: number;
};

/** What a kernel memory's layout needs of the target: its size and its number of entries. */
export type TargetSize = Pick<SparseTarget, 'L' | 'nnz'>;

/** A first pass's kernel: its module, its packing (4 bytes per position) and the positions per row of `Q`. */
export interface Lanes {
  readonly name: 'int16' | 'float32';
  readonly module: () => WasmModuleHandle | null;
  readonly packing: PackingFormat;
  readonly positions: (d: number) => number;
  /** Positions per chunk of the kernel (the header's `chunk`). */
  readonly chunk: number;
}

/** The float32 pass: one single per position. */
export const FLOAT32: Lanes = {
  name: 'float32',
  module: logits32KernelModule,
  packing: { bytes: 4, columns: TILE_COLUMNS_32, headerBytes: HEADER_32_BYTES },
  positions: (d) => d,
  chunk: KERNEL_CHUNK,
};

/** The int16 pass: a pair of 16-bit integers per position. */
export const INT16: Lanes = {
  ...FLOAT32,
  name: 'int16',
  module: logits16KernelModule,
  positions: (d) => Math.ceil(d / 2),
  chunk: INT16_CHUNK,
};

/** What a first pass's layout depends on besides the target and `d`. */
export interface PlanOptions extends BlockOptions {
  /** Most float64 dot products a row may take before it is handed back whole. Default {@link defaultCandidateCap}. */
  readonly cap?: number;
  /** The compiled kernel (default the lanes' module); tests pass one compiled afresh. */
  readonly module?: WasmModuleHandle;
}

/**
 * The module, cap and memory layout a first pass on `lanes` gets for
 * `target`, `d` and `options`; `null` when the module is unavailable. `O(1)`.
 *
 * @example
 * planFor({ L: 4096, nnz: 8192 }, 512, { blockRows: 64, slots: 2 }, INT16)?.layout.q64Ptr;
 * @throws {RangeError} when `blockRows`, `slots` or `cap` is not a positive integer.
 */
export function planFor(
  target: TargetSize,
  d: number,
  options: PlanOptions,
  lanes: Lanes,
): { module: WasmModuleHandle; layout: Layout32; cap: number } | null {
  const cap = options.cap ?? defaultCandidateCap(target.L);
  const { blockRows, slots } = blockShape(target.L, options, { cap });
  const module = options.module ?? lanes.module();
  if (module === null) return null;
  return { module, layout: planLayout32(target.L, d, target.nnz, blockRows, slots, lanes), cap };
}

/**
 * Is `data` the typed array at byte `ptr` of `memory` (so that it need not be
 * copied there)? `O(1)`.
 *
 * @example
 * isRegion(new Float64Array(memory.buffer, 64, 8), memory, 64); // true
 * @throws never.
 */
export function isRegion(data: ArrayBufferView, memory: SharedWasmMemory, ptr: number): boolean {
  return data.buffer === memory.buffer && data.byteOffset === ptr;
}

/** The int16 pass's packed regions of a memory: the pairs of `Q` (tiles of rows) and `K` (panels of columns) and their scales. */
export interface Int16Regions {
  readonly q: Int32Array;
  readonly k: Int32Array;
  readonly qScales: Float32Array;
  readonly kScales: Float32Array;
}

/**
 * Views of the int16 pass's packed regions of `buffer` laid out as `layout`
 * (an {@link INT16} layout): what `packInt16Pairs` or the projections fill and
 * the kernel reads. `O(1)`.
 *
 * @example
 * int16Regions(memory.buffer, layout).kScales.length; // layout.panels · 16
 * @throws never (the layout must be an int16 one of this buffer).
 */
export function int16Regions(buffer: SharedArrayBuffer, layout: Layout32): Int16Regions {
  const { L, d, panels } = layout;
  const pairs = INT16.positions(d);
  return {
    q: new Int32Array(buffer, layout.qPtr, align(L, TILE_ROWS) * pairs),
    k: new Int32Array(buffer, layout.kPtr, panels * TILE_COLUMNS_32 * pairs),
    qScales: new Float32Array(buffer, layout.rowScalePtr, L),
    kScales: new Float32Array(buffer, layout.colScalePtr, panels * TILE_COLUMNS_32),
  };
}

function planLayout32(L: number, d: number, nnz: number, blockRows: number, slots: number, lanes: Lanes): Layout32 {
  const positions = lanes.positions(d);
  const layout = planLayout(L, positions, nnz, blockRows, slots, lanes.packing, (take) => ({
    q64Ptr: take(L * d * 8),
    k64Ptr: take(L * d * 8),
    windowPtr: take(L * 8),
    rowScalePtr: take(L * 4),
    colScalePtr: take(Math.ceil(L / TILE_COLUMNS_32) * TILE_COLUMNS_32 * 4),
  }));
  return { ...layout, d, chunk: lanes.chunk };
}
