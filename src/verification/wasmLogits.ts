import type { DenseMatrix } from '../matrix/denseMatrix.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import { HEADER, HEADER_BYTES, logitsKernelModule, SCAN_RECORD_BYTES, TILE_COLUMNS, TILE_ROWS } from './logitsKernelModule.js';
import type { RowScan } from './rowScan.js';
import { packRows, zeroPadding } from './tilePacking.js';
import { acquireKernelMemory, releaseKernelMemory, WASM_PAGE_BYTES } from './kernelMemory.js';
import { webAssemblyApi, type SharedWasmMemory, type WasmModuleHandle } from './webAssemblyApi.js';

/** Positions `t` per chunk of the WebAssembly kernel: a panel chunk of `8·256` doubles (16 KiB) stays in the L1 cache. */
export const KERNEL_CHUNK = 256;

/** The `block` export of an instance: computes and scans one row block. */
export type BlockRunner = (block: number, outPtr: number) => void;

/** Options of {@link WasmLogits.create}. */
export interface WasmLogitsOptions {
  /** Rows per block (rounded up to a multiple of the tile height, 2). */
  readonly blockRows: number;
  /** Number of output buffers, one per thread that will run blocks. Default 1. */
  readonly slots?: number;
  /**
   * The compiled kernel to run. Default: {@link logitsKernelModule}, compiled once per process. A test
   * passes a module compiled afresh from {@link logitsKernelBytes}, so that what it checks is the
   * emitter's output of the moment, not a module compiled before.
   */
  readonly module?: WasmModuleHandle;
}

/** What a worker thread needs to run blocks of a {@link WasmLogits} (all structured-clonable). */
export interface WasmLogitsJob {
  readonly module: WasmModuleHandle;
  readonly memory: SharedWasmMemory;
  readonly blocks: number;
  readonly controlPtr: number;
  readonly outPtr: number;
}

const align = (bytes: number, to: number): number => Math.ceil(bytes / to) * to;

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
export class WasmLogits {
  /** The shared memory holding everything. */
  readonly memory: SharedWasmMemory;
  /** Number of row blocks. */
  readonly blocks: number;
  /** Rows per block (even). */
  readonly blockRows: number;
  /** Number of output buffers. */
  readonly slots: number;
  /** Doubles between the starts of consecutive rows in an output buffer (`L` rounded up to a multiple of 8). */
  readonly rowStride: number;
  private readonly module: WasmModuleHandle;
  private readonly target: SparseTarget;
  private readonly records: Float64Array;
  private readonly controlPtr: number;
  private readonly outBase: number;
  private readonly outBytes: number;

  private constructor(module: WasmModuleHandle, memory: SharedWasmMemory, target: SparseTarget, layout: Layout) {
    this.module = module;
    this.memory = memory;
    this.target = target;
    this.blocks = layout.blocks;
    this.blockRows = layout.blockRows;
    this.slots = layout.slots;
    this.rowStride = layout.outStride / 8;
    this.records = new Float64Array(memory.buffer, layout.resultPtr, target.L * (SCAN_RECORD_BYTES / 8));
    this.controlPtr = layout.controlPtr;
    this.outBase = layout.outPtr;
    this.outBytes = layout.outBytes;
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
  static create(target: SparseTarget, Q: DenseMatrix, K: DenseMatrix, scale: number, options: WasmLogitsOptions): WasmLogits | null {
    const slots = options.slots ?? 1;
    if (!Number.isInteger(options.blockRows) || options.blockRows < 1) throw new RangeError(`blockRows must be a positive integer, got ${options.blockRows}`);
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`slots must be a positive integer, got ${slots}`);
    const module = options.module ?? logitsKernelModule();
    const api = webAssemblyApi();
    if (module === null || api === null) return null;
    const layout = planLayout(target.L, Q.cols, target.nnz, Math.min(align(options.blockRows, TILE_ROWS), align(target.L, TILE_ROWS)), slots);
    // null beyond the 32-bit memory the kernel can address (65535 pages): checked before anything is written
    const memory = acquireKernelMemory(layout.totalBytes);
    if (memory === null) return null;
    fill(memory, layout, target, Q, K, scale);
    return new WasmLogits(module, memory, target, layout);
  }

  /**
   * Gives the memory back to the pool. Nothing of this object (records,
   * buffers, runners) may be used afterwards. `O(1)`.
   */
  release(): void {
    releaseKernelMemory(this.memory);
  }

  /** A new instance of the kernel on this memory; its `block` export. `O(1)` (the module is compiled once). */
  instantiate(): BlockRunner {
    const api = webAssemblyApi()!;
    const instance = new api.Instance(this.module, { env: { memory: this.memory } });
    return instance.exports['block'] as BlockRunner;
  }

  /** Byte address of output buffer `slot`. */
  outPtr(slot: number): number {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.slots) throw new RangeError(`slot ${slot} is not in 0..${this.slots - 1}`);
    return this.outBase + slot * this.outBytes;
  }

  /** What a worker needs to run blocks into output buffer `slot`. */
  job(slot: number): WasmLogitsJob {
    return { module: this.module, memory: this.memory, blocks: this.blocks, controlPtr: this.controlPtr, outPtr: this.outPtr(slot) };
  }

  /**
   * The block counter and completion flags, shared by every thread: entry 0
   * is the next block to claim, entry `2 + b` is 1 once block `b` is done.
   */
  control(): Int32Array {
    return new Int32Array(this.memory.buffer, this.controlPtr, 2 + this.blocks);
  }

  /**
   * Claims blocks from the shared counter and runs them with `run` into
   * buffer `slot`, until none is left; returns how many it ran. This is the
   * loop every worker runs too (see {@link runParallel}). `O(L²·d)` at most.
   */
  claimBlocks(run: BlockRunner, slot: number): number {
    const control = this.control();
    const outPtr = this.outPtr(slot);
    let done = 0;
    for (let b = Atomics.add(control, 0, 1); b < this.blocks; b = Atomics.add(control, 0, 1)) {
      run(b, outPtr);
      Atomics.store(control, 2 + b, 1);
      done++;
    }
    return done;
  }

  /** Runs every block not yet marked done, in this thread, into buffer `slot`; returns how many. */
  runMissing(run: BlockRunner, slot: number): number {
    const control = this.control();
    const outPtr = this.outPtr(slot);
    let done = 0;
    for (let b = 0; b < this.blocks; b++) {
      if (Atomics.load(control, 2 + b) === 1) continue;
      run(b, outPtr);
      Atomics.store(control, 2 + b, 1);
      done++;
    }
    return done;
  }

  /** The whole first pass in this thread. `O(L²·d)`. */
  runAll(): void {
    this.claimBlocks(this.instantiate(), 0);
  }

  /** Row `i`'s bookkeeping as {@link scanRow} would report it (after its block ran). `O(1)`. */
  scanOf(i: number, out: RowScan): RowScan {
    const r = this.records;
    const o = i * (SCAN_RECORD_BYTES / 8);
    out.maxD = r[o]!;
    out.argMaxD = r[o + 1]!;
    out.minD = r[o + 2]!;
    out.argMinD = r[o + 3]!;
    out.minSupport = r[o + 4]!;
    out.argMinSupport = r[o + 5]!;
    out.maxOff = r[o + 6]!;
    out.argMaxOff = r[o + 7]!;
    out.maxAbsLog = r[o + 8]!;
    out.supportCount = this.target.rowCount(i);
    return out;
  }
}

/** Byte addresses and sizes in the kernel's memory. */
interface Layout {
  readonly L: number;
  readonly d: number;
  readonly blockRows: number;
  readonly blocks: number;
  readonly slots: number;
  readonly panels: number;
  readonly outStride: number;
  readonly qPtr: number;
  readonly kPtr: number;
  readonly rowPtrPtr: number;
  readonly colIdxPtr: number;
  readonly logValuesPtr: number;
  readonly resultPtr: number;
  readonly controlPtr: number;
  readonly outPtr: number;
  readonly outBytes: number;
  readonly totalBytes: number;
}

function planLayout(L: number, d: number, nnz: number, blockRows: number, slots: number): Layout {
  const panels = Math.ceil(L / TILE_COLUMNS);
  const outStride = panels * TILE_COLUMNS * 8;
  const blocks = Math.ceil(L / blockRows);
  let at = HEADER_BYTES;
  const take = (bytes: number): number => {
    const ptr = at;
    at = align(at + bytes, 64);
    return ptr;
  };
  const qPtr = take(align(L, TILE_ROWS) * d * 8);
  const kPtr = take(panels * TILE_COLUMNS * d * 8);
  const rowPtrPtr = take((L + 1) * 4);
  const colIdxPtr = take(nnz * 4);
  const logValuesPtr = take(nnz * 8);
  const resultPtr = take(L * SCAN_RECORD_BYTES);
  const controlPtr = take((2 + blocks) * 4);
  const outBytes = align(blockRows * outStride, 64);
  const outPtr = take(slots * outBytes);
  const totalBytes = align(at, WASM_PAGE_BYTES);
  return { L, d, blockRows, blocks, slots, panels, outStride, qPtr, kPtr, rowPtrPtr, colIdxPtr, logValuesPtr, resultPtr, controlPtr, outPtr, outBytes, totalBytes };
}

/** Writes the header, packs `Q` (row tiles, t-major) and `K` (column panels, t-major), copies the target. `O(L·d + nnz)`. */
function fill(memory: SharedWasmMemory, layout: Layout, target: SparseTarget, Q: DenseMatrix, K: DenseMatrix, scale: number): void {
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

