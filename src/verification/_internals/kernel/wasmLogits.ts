import type { DenseMatrix } from '../../../matrix/denseMatrix.js';
import type { SparseTarget } from '../../../targets/sparseTarget.js';
import { HEADER, HEADER_BYTES, logitsKernelModule, TILE_COLUMNS, TILE_ROWS } from './logitsKernelModule.js';
import { align, Arena, WasmBlocks, type BlockLayout } from './wasmBlocks.js';
import { ROW_RECORD_BYTES } from './wasmRowRecord.js';
import { blockShape, type BlockOptions } from './blockShape.js';
import type { RowScan } from '../rowScan.js';
import { packRows, zeroPadding } from './tilePacking.js';
import { acquireKernelMemory, WASM_PAGE_BYTES } from './kernelMemory.js';
import { webAssemblyApi, type SharedWasmMemory, type WasmModuleHandle } from './webAssemblyApi.js';

export type { BlockRunner, WasmLogitsJob } from './wasmBlocks.js';

/** Positions `t` per chunk of the WebAssembly kernel: a panel chunk of `8·256` doubles (16 KiB) stays in the L1 cache. */
export const KERNEL_CHUNK = 256;

/** Options of {@link WasmLogits.create}. */
export interface WasmLogitsOptions extends BlockOptions {
  /**
   * The compiled kernel to run. Default: {@link logitsKernelModule}, compiled once per process. A test
   * passes a module compiled afresh from {@link logitsKernelBytes}, so that what it checks is the
   * emitter's output of the moment, not a module compiled before.
   */
  readonly module?: WasmModuleHandle;
}

/**
 * The verifier's first pass in WebAssembly: `Q`, `K` and the target copied
 * once into one shared WebAssembly memory (packed for the kernel), and row
 * blocks computed and scanned by the module of {@link logitsKernelModule}, by
 * this thread ({@link runAll}) or by several threads at once (each with its
 * own output buffer, claiming blocks from a shared counter; see
 * {@link runParallel}). Every logit is bit-identical to {@link logitsBlock}'s
 * and every per-row record to {@link scanRow}'s, so the verdict is the same
 * as with the JavaScript kernel.
 *
 * Memory: `L·d` doubles for each of `Q` and `K` (rows padded to multiples of
 * 2 and 8), `slots·blockRows·L` doubles of logit buffers, `10·L` doubles of
 * row records and the target's CSR arrays; no `L×L` array.
 */
export class WasmLogits extends WasmBlocks {
  /** Doubles between the starts of consecutive rows in an output buffer (`L` rounded up to a multiple of 8). */
  readonly rowStride: number;

  private constructor(module: WasmModuleHandle, memory: SharedWasmMemory, target: SparseTarget, layout: KernelLayout) {
    super(module, memory, target, layout);
    this.rowStride = layout.outStride / 8;
  }

  /**
   * Copies and packs `Q`, `K` (`L×d`, trusted: finite, matching shapes) and
   * the target into a shared memory from the pool of {@link acquireKernelMemory}
   * (give it back with {@link release}), logits to be scaled by `scale`.
   * Returns `null` when WebAssembly SIMD is unavailable or the memory would
   * exceed 4 GiB (callers then use the JavaScript kernel). `O(L·d + nnz)`.
   *
   * @example
   * const ws = WasmLogits.create(W, Q, K, 1 / Math.sqrt(Q.cols), { blockRows: 64 });
   * ws?.runAll(); ws?.scanOf(0, emptyRowScan()).maxD; // as scanRow on logitsBlock's row 0
   * @throws {RangeError} when `options.blockRows` or `options.slots` is not a positive integer.
   */
  static create(
    target: SparseTarget,
    Q: DenseMatrix,
    K: DenseMatrix,
    scale: number,
    options: WasmLogitsOptions,
  ): WasmLogits | null {
    const { blockRows, slots } = blockShape(target.L, options);
    const module = options.module ?? logitsKernelModule();
    const api = webAssemblyApi();
    if (module === null || api === null) return null;
    const layout = planLayout(target.L, Q.cols, target.nnz, blockRows, slots, F64_PACKING, () => ({}));
    // null beyond the 32-bit memory the kernel can address (65535 pages): checked before anything is written
    const memory = acquireKernelMemory(layout.totalBytes);
    if (memory === null) return null;
    fill(memory, layout, target, Q, K, scale);
    return new WasmLogits(module, memory, target, layout);
  }

  /** Row `i`'s bookkeeping as {@link scanRow} would report it (after its block ran). `O(1)`. */
  scanOf(i: number, out: RowScan): RowScan {
    return this.readRecord(i, out);
  }
}

/** Byte addresses and sizes in a kernel's memory. */
export interface KernelLayout extends BlockLayout {
  readonly L: number;
  readonly d: number;
  readonly panels: number;
  readonly outStride: number;
  readonly qPtr: number;
  readonly kPtr: number;
  readonly rowPtrPtr: number;
  readonly colIdxPtr: number;
  readonly logValuesPtr: number;
  readonly totalBytes: number;
}

/** Numbers of a kernel's packed `Q`, `K` and output: bytes each, rows of `K` per panel, header bytes. */
export interface PackingFormat {
  readonly bytes: 8 | 4;
  readonly columns: number;
  readonly headerBytes: number;
}

const F64_PACKING: PackingFormat = { bytes: 8, columns: TILE_COLUMNS, headerBytes: HEADER_BYTES };

/**
 * Where everything lives in a kernel's memory: header, packed `Q` and `K`
 * in `format`, the regions `extra` takes (the float32 kernel's float64
 * copies and windows), the target's CSR arrays, row records, block control
 * and `slots` output buffers of `blockRows` rows. `O(1)`.
 *
 * @example
 * planLayout(4096, 512, 16384, 64, 2, F64_PACKING, () => ({})).outStride; // 32768
 * @throws never.
 */
export function planLayout<E extends object>(
  L: number,
  d: number,
  nnz: number,
  blockRows: number,
  slots: number,
  format: PackingFormat,
  extra: (take: (bytes: number) => number) => E,
): KernelLayout & E {
  const { bytes, columns } = format;
  const panels = Math.ceil(L / columns);
  const outStride = panels * columns * bytes;
  const blocks = Math.ceil(L / blockRows);
  const arena = new Arena(format.headerBytes);
  const take = (size: number): number => arena.take(size);
  const qPtr = take(align(L, TILE_ROWS) * d * bytes);
  const kPtr = take(panels * columns * d * bytes);
  const more = extra(take);
  const rowPtrPtr = take((L + 1) * 4);
  const colIdxPtr = take(nnz * 4);
  const logValuesPtr = take(nnz * 8);
  const resultPtr = take(L * ROW_RECORD_BYTES);
  const controlPtr = take((2 + blocks) * 4);
  const outBytes = align(blockRows * outStride, 64);
  const outPtr = take(slots * outBytes);
  const totalBytes = align(arena.end, WASM_PAGE_BYTES);
  return {
    ...more,
    L,
    d,
    blockRows,
    blocks,
    slots,
    panels,
    outStride,
    qPtr,
    kPtr,
    rowPtrPtr,
    colIdxPtr,
    logValuesPtr,
    resultPtr,
    controlPtr,
    outPtr,
    outBytes,
    totalBytes,
  };
}

/** Writes the header, packs `Q` (row tiles, t-major) and `K` (column panels, t-major), copies the target. `O(L·d + nnz)`. */
function fill(
  memory: SharedWasmMemory,
  layout: KernelLayout,
  target: SparseTarget,
  Q: DenseMatrix,
  K: DenseMatrix,
  scale: number,
): void {
  const { L, d } = layout;
  const buffer = memory.buffer;
  const header = new DataView(buffer, 0, HEADER_BYTES);
  const setI32 = (field: number, value: number): void => header.setUint32(field, value, true);
  setI32(HEADER.L, L);
  setI32(HEADER.d, d);
  setI32(HEADER.blockRows, layout.blockRows);
  setI32(HEADER.panels, layout.panels);
  setI32(HEADER.outStride, layout.outStride);
  setI32(HEADER.chunk, KERNEL_CHUNK);
  setI32(HEADER.qPtr, layout.qPtr);
  setI32(HEADER.kPtr, layout.kPtr);
  setI32(HEADER.rowPtrPtr, layout.rowPtrPtr);
  setI32(HEADER.colIdxPtr, layout.colIdxPtr);
  setI32(HEADER.logValuesPtr, layout.logValuesPtr);
  setI32(HEADER.resultPtr, layout.resultPtr);
  header.setFloat64(HEADER.scale, scale, true);
  // The memory may be reused: everything read is written here. Padding rows (their logits are
  // computed but never scanned) are zeroed only to keep the memory's contents deterministic.
  const q = new Float64Array(buffer, layout.qPtr, align(L, TILE_ROWS) * d);
  const k = new Float64Array(buffer, layout.kPtr, layout.panels * TILE_COLUMNS * d);
  packRows(Q.data, L, d, q, TILE_ROWS);
  packRows(K.data, L, d, k, TILE_COLUMNS);
  zeroPadding(q, L, d, TILE_ROWS);
  zeroPadding(k, L, d, TILE_COLUMNS);
  new Int32Array(buffer, layout.controlPtr, 2 + layout.blocks).fill(0);
  new Int32Array(buffer, layout.rowPtrPtr, L + 1).set(target.rowPtr);
  new Int32Array(buffer, layout.colIdxPtr, target.nnz).set(target.colIdx);
  new Float64Array(buffer, layout.logValuesPtr, target.nnz).set(target.logValues);
}
