import type { DenseMatrix } from '../../../matrix/denseMatrix.js';
import type { SparseTarget } from '../../../targets/sparseTarget.js';
import { acquireKernelMemory, releaseKernelMemory } from './kernelMemory.js';
import {
  HEADER_32,
  HEADER_32_BYTES,
  logits32KernelModule,
  TILE_COLUMNS_32,
  TILE_ROWS,
} from './logits32KernelModule.js';
import { KERNEL_CHUNK, planLayout, type KernelLayout, type PackingFormat } from './wasmLogits.js';
import type { RowScan } from '../rowScan.js';
import { packRows, zeroPadding } from './tilePacking.js';
import { HEADER_16, logits16KernelModule } from './logits16KernelModule.js';
import { INT16_CHUNK, int16Bound, MAX_INT16_DIMENSION, packInt16Pairs } from './int16Packing.js';
import { int16Windows } from '../int16Windows.js';
import { align, WasmBlocks } from './wasmBlocks.js';
import { ROW_RECORD_BYTES } from './wasmRowRecord.js';
import { blockShape, type BlockOptions } from './blockShape.js';
import type { SharedWasmMemory, WasmModuleHandle } from './webAssemblyApi.js';

/** Options of {@link WasmLogits32.create}. */
export interface WasmLogits32Options extends BlockOptions {
  /** Most float64 dot products a row may take before it is handed back whole. Default {@link defaultCandidateCap}. */
  readonly cap?: number;
  /** The compiled kernel (default {@link logits32KernelModule}); tests pass one compiled afresh. */
  readonly module?: WasmModuleHandle;
  /**
   * A memory reserved for this pass ({@link WasmLogits32.reserve}) into whose
   * float64 regions `Q` and `K` were computed: used, without copying them,
   * when `Q.data` and `K.data` are those regions and the layout is the one
   * reserved; else ignored (a memory of its own, `Q` and `K` copied).
   */
  readonly reserved?: FirstPassReservation;
}

/**
 * A kernel memory taken ahead of a first pass ({@link WasmLogits32.reserve}),
 * so that `Q̂` and `K̂` can be computed straight into the float64 regions the
 * kernel reads (`q64`, `k64`, `L×d` each, contents unspecified) instead of
 * being copied there. The owner gives it back with `release()` once nothing
 * reads `Q̂`, `K̂` any more (after the whole check).
 */
export interface FirstPassReservation {
  readonly memory: SharedWasmMemory;
  readonly q64: Float64Array;
  readonly k64: Float64Array;
  /** Which first pass it is laid out for. */
  readonly lanes: 'int16' | 'float32';
  release(): void;
}

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

/**
 * The float32 first pass in WebAssembly: `Q`, `K` rounded to float32 and
 * packed for the `f32x4` kernel, float64 copies of both, the target and the
 * per-row windows of {@link float32Windows}, all in one shared memory; row
 * blocks are computed by the module of {@link logits32KernelModule} (by this
 * thread or by several, see {@link WasmBlocks}). For every row it leaves the
 * record {@link scanRow} gives on today's float64 logits, bit for bit, or a
 * flag asking for the row to be recomputed whole ({@link scanOf}).
 *
 * The int16 first pass ({@link createInt16}) is the same object on another
 * kernel: `Q`, `K` quantised to 16-bit integers with a power-of-two scale per
 * row, packed in pairs for the `i32x4.dot_i16x8_s` kernel of
 * {@link logits16KernelModule}, with the windows of {@link int16Windows}.
 *
 * Memory: `L·d` singles (or `L·d/2` pairs) for each of `Q` and `K` (padded),
 * `L·d` doubles for each of their float64 copies, `slots·blockRows·L` singles
 * of buffers, `11·L` doubles of windows and records, the target's CSR arrays
 * (and `2·L` singles of scales); no `L×L` array.
 */
export class WasmLogits32 extends WasmBlocks {
  /** Which kernel: quantised pairs (`'int16'`) or singles (`'float32'`). */
  readonly lanes: 'int16' | 'float32';
  private readonly windowPtr: number;

  private constructor(
    module: WasmModuleHandle,
    memory: SharedWasmMemory,
    target: SparseTarget,
    layout: Layout32,
    lanes: Lanes,
    borrowed: boolean,
  ) {
    super(module, memory, target, layout, borrowed);
    this.windowPtr = layout.windowPtr;
    this.lanes = lanes.name;
  }

  /**
   * Takes from the pool the memory that {@link createInt16} (`lanes`
   * `'int16'`, when `d <=` {@link MAX_INT16_DIMENSION}) or {@link create}
   * (else) will lay out for `target`, `d` and `options`, before `Q̂` and `K̂`
   * exist: pass `q64` and `k64` as their storage and the reservation as
   * `options.reserved`, and the pass reads them in place. `null` when the
   * kernel is unavailable or the memory would exceed 4 GiB. `O(1)` (the
   * memory is not initialised).
   *
   * @example
   * const r = WasmLogits32.reserve(W, 512, { blockRows: 64, slots: 2 }, 'int16');
   * // compute Q̂ into r.q64 and K̂ into r.k64, then createInt16(W, Q̂, K̂, scale, { blockRows: 64, slots: 2, reserved: r })
   * r?.release();
   * @throws {RangeError} when `blockRows`, `slots` or `cap` is not a positive integer.
   */
  static reserve(
    target: TargetSize,
    d: number,
    options: WasmLogits32Options,
    lanes: 'int16' | 'float32',
  ): FirstPassReservation | null {
    const chosen = lanes === 'int16' && d <= MAX_INT16_DIMENSION ? INT16 : FLOAT32;
    const plan = planFor(target, d, options, chosen);
    if (plan === null) return null;
    const memory = acquireKernelMemory(plan.layout.totalBytes);
    if (memory === null) return null;
    const size = target.L * d;
    return {
      memory,
      q64: new Float64Array(memory.buffer, plan.layout.q64Ptr, size),
      k64: new Float64Array(memory.buffer, plan.layout.k64Ptr, size),
      lanes: chosen.name,
      release: () => releaseKernelMemory(memory),
    };
  }

  /**
   * Copies `Q`, `K` (`L×d`, trusted), the target and `windows` (one per row;
   * negative: the row is flagged without work) into a shared memory from the
   * pool (give it back with {@link release}); Returns `null` when the kernel
   * is unavailable or the memory would exceed 4 GiB. `O(L·d + nnz)`.
   *
   * @example
   * const ws = WasmLogits32.create(W, Q, K, 1 / Math.sqrt(d), float32Windows(Q, K)!, { blockRows: 64 });
   * ws?.runAll(); ws?.scanOf(0, emptyRowScan()); // true, and the scan of row 0 as scanRow gives it
   * @throws {RangeError} when `blockRows`, `slots` or `cap` is not a positive integer.
   */
  static create(
    target: SparseTarget,
    Q: DenseMatrix,
    K: DenseMatrix,
    scale: number,
    windows: Float64Array,
    options: WasmLogits32Options,
  ): WasmLogits32 | null {
    return WasmLogits32.build(target, Q, K, scale, options, FLOAT32, (buffer, layout) => {
      const q = new Float32Array(buffer, layout.qPtr, align(layout.L, TILE_ROWS) * layout.d);
      const k = new Float32Array(buffer, layout.kPtr, layout.panels * TILE_COLUMNS_32 * layout.d);
      packRows(Q.data, layout.L, layout.d, q, TILE_ROWS);
      packRows(K.data, layout.L, layout.d, k, TILE_COLUMNS_32);
      zeroPadding(q, layout.L, layout.d, TILE_ROWS);
      zeroPadding(k, layout.L, layout.d, TILE_COLUMNS_32);
      return windows;
    });
  }

  /**
   * The int16 first pass on `Q`, `K` (`L×d`, trusted) and the target: each
   * row of `Q` and of `K` quantised with its own power-of-two scale and packed
   * in pairs ({@link packInt16Pairs}), the windows of {@link int16Windows}
   * (−1 for a row of `Q` too large to quantise), and the same float64 copies
   * and records as {@link create}. Returns `null` when the int16 kernel is
   * unavailable, `d > ` {@link MAX_INT16_DIMENSION}, a row of `K` is too large
   * to quantise (entries beyond about `2^55`, `B·2^43`), or the memory would exceed
   * 4 GiB. `O(L·d + nnz)`.
   *
   * @example
   * const ws = WasmLogits32.createInt16(W, Q, K, 1 / Math.sqrt(d), { blockRows: 64 });
   * ws?.runAll(); ws?.scanOf(0, emptyRowScan()); // true, and the scan of row 0 as scanRow gives it
   * @throws {RangeError} when `blockRows`, `slots` or `cap` is not a positive integer.
   */
  static createInt16(
    target: SparseTarget,
    Q: DenseMatrix,
    K: DenseMatrix,
    scale: number,
    options: WasmLogits32Options,
  ): WasmLogits32 | null {
    if (Q.cols > MAX_INT16_DIMENSION) return null;
    return WasmLogits32.build(target, Q, K, scale, options, INT16, (buffer, layout) => {
      const { L, d, panels } = layout;
      const pairs = INT16.positions(d);
      const bound = int16Bound(d);
      const kScales = new Float32Array(buffer, layout.colScalePtr, panels * TILE_COLUMNS_32).fill(0);
      const k = new Int32Array(buffer, layout.kPtr, panels * TILE_COLUMNS_32 * pairs);
      const kRows = packInt16Pairs(K.data, L, d, k, kScales, TILE_COLUMNS_32, bound);
      if (kScales.subarray(0, L).includes(0)) return null; // a row of K too large to quantise
      const q = new Int32Array(buffer, layout.qPtr, align(L, TILE_ROWS) * pairs);
      const qScales = new Float32Array(buffer, layout.rowScalePtr, L);
      return int16Windows(d, packInt16Pairs(Q.data, L, d, q, qScales, TILE_ROWS, bound), kRows);
    });
  }

  /** A kernel memory laid out for `lanes`, filled, and packed by `pack` (which gives the windows, or `null`: no pass). */
  private static build(
    target: SparseTarget,
    Q: DenseMatrix,
    K: DenseMatrix,
    scale: number,
    options: WasmLogits32Options,
    lanes: Lanes,
    pack: (buffer: SharedArrayBuffer, layout: Layout32) => Float64Array | null,
  ): WasmLogits32 | null {
    const plan = planFor(target, Q.cols, options, lanes);
    if (plan === null) return null;
    const { module, layout, cap } = plan;
    const reserved = options.reserved;
    const borrowed =
      reserved !== undefined &&
      reserved.lanes === lanes.name &&
      reserved.memory.buffer.byteLength >= layout.totalBytes &&
      isRegion(Q.data, reserved.memory, layout.q64Ptr) &&
      isRegion(K.data, reserved.memory, layout.k64Ptr);
    const memory = borrowed ? reserved.memory : acquireKernelMemory(layout.totalBytes);
    if (memory === null) return null;
    const windows = pack(memory.buffer, layout);
    if (windows === null) {
      if (!borrowed) releaseKernelMemory(memory);
      return null;
    }
    fill32(memory, layout, target, Q, K, scale, windows, Math.min(cap, 2 ** 30));
    return new WasmLogits32(module, memory, target, layout, lanes, borrowed);
  }

  /**
   * Row `i`'s record (after its block ran) into `out`, exactly as
   * {@link scanRow} on the float64 logits; `false` when the row is flagged
   * (the caller must recompute it whole). `O(1)`.
   */
  scanOf(i: number, out: RowScan): boolean {
    if (this.float64Products(i) < 0) return false;
    this.readRecord(i, out);
    return true;
  }

  /** Float64 dot products row `i` took in the kernel (support plus candidates); −1 when flagged. `O(1)`. */
  float64Products(i: number): number {
    return this.records[i * (ROW_RECORD_BYTES / 8) + 9]!;
  }

  /**
   * The per-row windows in the kernel's memory (a live view: for diagnostics,
   * and for the tests that shrink them to show the records then go wrong). `O(1)`.
   */
  windows(): Float64Array {
    return new Float64Array(this.memory.buffer, this.windowPtr, this.target.L);
  }
}

/** The float32 kernel's memory: the float64 kernel's regions in singles, plus float64 copies of `Q`, `K` and the windows. */
type Layout32 = KernelLayout & {
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
interface Lanes {
  readonly name: 'int16' | 'float32';
  readonly module: () => WasmModuleHandle | null;
  readonly packing: PackingFormat;
  readonly positions: (d: number) => number;
  /** Positions per chunk of the kernel (the header's `chunk`). */
  readonly chunk: number;
}

const FLOAT32: Lanes = {
  name: 'float32',
  module: logits32KernelModule,
  packing: { bytes: 4, columns: TILE_COLUMNS_32, headerBytes: HEADER_32_BYTES },
  positions: (d) => d,
  chunk: KERNEL_CHUNK,
};

const INT16: Lanes = {
  ...FLOAT32,
  name: 'int16',
  module: logits16KernelModule,
  positions: (d) => Math.ceil(d / 2),
  chunk: INT16_CHUNK,
};

/** The module, cap and layout a first pass on `lanes` gets for `target`, `d` and `options`; `null` without the module. */
function planFor(
  target: TargetSize,
  d: number,
  options: WasmLogits32Options,
  lanes: Lanes,
): { module: WasmModuleHandle; layout: Layout32; cap: number } | null {
  const cap = options.cap ?? defaultCandidateCap(target.L);
  const { blockRows, slots } = blockShape(target.L, options, { cap });
  const module = options.module ?? lanes.module();
  if (module === null) return null;
  return { module, layout: planLayout32(target.L, d, target.nnz, blockRows, slots, lanes), cap };
}

/** Is `data` the float64 region at byte `ptr` of `memory` (so that copying it there is not needed)? */
const isRegion = (data: Float64Array, memory: SharedWasmMemory, ptr: number): boolean =>
  data.buffer === memory.buffer && data.byteOffset === ptr;

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

/** Writes the header and every array the kernel reads but the packed `Q` and `K`. `O(L·d + nnz)`. */
function fill32(
  memory: SharedWasmMemory,
  layout: Layout32,
  target: SparseTarget,
  Q: DenseMatrix,
  K: DenseMatrix,
  scale: number,
  windows: Float64Array,
  cap: number,
): void {
  const { L, d } = layout;
  const buffer = memory.buffer;
  const header = new DataView(buffer, 0, HEADER_32_BYTES);
  const fields: [number, number][] = [
    [HEADER_32.L, L],
    [HEADER_32.d, d],
    [HEADER_32.blockRows, layout.blockRows],
    [HEADER_32.panels, layout.panels],
    [HEADER_32.outStride, layout.outStride],
    [HEADER_32.chunk, layout.chunk],
    [HEADER_32.qPtr, layout.qPtr],
    [HEADER_32.kPtr, layout.kPtr],
    [HEADER_32.rowPtrPtr, layout.rowPtrPtr],
    [HEADER_32.colIdxPtr, layout.colIdxPtr],
    [HEADER_32.logValuesPtr, layout.logValuesPtr],
    [HEADER_32.resultPtr, layout.resultPtr],
    [HEADER_32.q64Ptr, layout.q64Ptr],
    [HEADER_32.k64Ptr, layout.k64Ptr],
    [HEADER_32.windowPtr, layout.windowPtr],
    [HEADER_32.cap, cap],
    [HEADER_16.pairs, Math.ceil(d / 2)],
    [HEADER_16.rowScalePtr, layout.rowScalePtr],
    [HEADER_16.colScalePtr, layout.colScalePtr],
  ];
  for (const [field, value] of fields) header.setUint32(field, value, true);
  header.setFloat64(HEADER_32.scale, scale, true);
  // Q and K computed in place (a reservation) are there already.
  if (!isRegion(Q.data, memory, layout.q64Ptr))
    new Float64Array(buffer, layout.q64Ptr, L * d).set(Q.data.subarray(0, L * d));
  if (!isRegion(K.data, memory, layout.k64Ptr))
    new Float64Array(buffer, layout.k64Ptr, L * d).set(K.data.subarray(0, L * d));
  new Int32Array(buffer, layout.controlPtr, 2 + layout.blocks).fill(0);
  new Int32Array(buffer, layout.rowPtrPtr, L + 1).set(target.rowPtr);
  new Int32Array(buffer, layout.colIdxPtr, target.nnz).set(target.colIdx);
  new Float64Array(buffer, layout.logValuesPtr, target.nnz).set(target.logValues);
  new Float64Array(buffer, layout.windowPtr, L).set(windows);
}
