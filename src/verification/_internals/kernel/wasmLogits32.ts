import type { DenseMatrix } from '../../../matrix/denseMatrix.js';
import type { SparseTarget } from '../../../targets/sparseTarget.js';
import { acquireKernelMemory, releaseKernelMemory } from './kernelMemory.js';
import { HEADER_32, HEADER_32_BYTES, TILE_COLUMNS_32, TILE_ROWS } from './logits32KernelModule.js';
import type { RowScan } from '../rowScan.js';
import { packRows, zeroPadding } from './tilePacking.js';
import { HEADER_16 } from './logits16KernelModule.js';
import { int16Bound, MAX_INT16_DIMENSION, packInt16Pairs, type Int16Rows } from './int16Packing.js';
import { int16Windows } from '../int16Windows.js';
import { align, WasmBlocks } from './wasmBlocks.js';
import { ROW_RECORD_BYTES } from './wasmRowRecord.js';
import type { FirstPassReservation } from './firstPassReservation.js';
import {
  FLOAT32,
  INT16,
  int16Regions,
  isRegion,
  planFor,
  type Lanes,
  type Layout32,
  type PlanOptions,
} from './layout32.js';
import type { SharedWasmMemory, WasmModuleHandle } from './webAssemblyApi.js';

/** Options of {@link WasmLogits32.create}. */
export interface WasmLogits32Options extends PlanOptions {
  /**
   * A memory reserved for this pass (`reserveFirstPassMemory`) into whose
   * float64 regions `Q` and `K` were computed: used, without copying them,
   * when `Q.data` and `K.data` are those regions and the layout is the one
   * reserved; else ignored (a memory of its own, `Q` and `K` copied).
   */
  readonly reserved?: FirstPassReservation;
  /**
   * Whether the rows of `Q` and `K` were also quantised into the
   * reservation's int16 packings as they were computed (see `projectRows`):
   * then {@link WasmLogits32.createInt16} does not quantise them again.
   */
  readonly prepacked?: boolean;
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
  /** Whether the int16 rows were taken as the reservation's packings hold them (quantised as they were projected), not quantised here. */
  readonly prepacked: boolean;
  private readonly windowPtr: number;

  private constructor(
    module: WasmModuleHandle,
    memory: SharedWasmMemory,
    target: SparseTarget,
    layout: Layout32,
    lanes: Lanes,
    borrowed: boolean,
    prepacked: boolean,
  ) {
    super(module, memory, target, layout, borrowed);
    this.windowPtr = layout.windowPtr;
    this.lanes = lanes.name;
    this.prepacked = prepacked;
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
      return { windows, prepacked: false };
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
    return WasmLogits32.build(target, Q, K, scale, options, INT16, (buffer, layout, borrowed) => {
      const { L, d } = layout;
      const pairs = INT16.positions(d);
      const bound = int16Bound(d);
      const { q, k, qScales, kScales } = int16Regions(buffer, layout);
      let qRows: Int16Rows;
      let kRows: Int16Rows;
      const packed = borrowed && options.prepacked === true ? options.reserved : undefined;
      const prepacked = packed?.q.int16 && packed.k.int16 && isRegion(packed.q.int16.dst, packed.memory, layout.qPtr);
      if (prepacked) {
        // Quantised as they were computed, rows of real data only: the padding is zeroed here.
        [qRows, kRows] = [packed.q.int16, packed.k.int16];
        kScales.fill(0, L);
        zeroPadding(k, L, pairs, TILE_COLUMNS_32);
        zeroPadding(q, L, pairs, TILE_ROWS);
      } else {
        kScales.fill(0);
        kRows = packInt16Pairs(K.data, L, d, k, kScales, TILE_COLUMNS_32, bound);
        qRows = packInt16Pairs(Q.data, L, d, q, qScales, TILE_ROWS, bound);
      }
      if (kScales.subarray(0, L).includes(0)) return null; // a row of K too large to quantise
      return { windows: int16Windows(d, qRows, kRows), prepacked: prepacked === true };
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
    pack: (buffer: SharedArrayBuffer, layout: Layout32, borrowed: boolean) => Packing | null,
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
    const packing = pack(memory.buffer, layout, borrowed);
    if (packing === null) {
      if (!borrowed) releaseKernelMemory(memory);
      return null;
    }
    // Borrowed: Q and K were computed where the kernel reads them, so they are not copied.
    fill32(memory, layout, target, borrowed ? null : { Q, K }, scale, packing.windows, Math.min(cap, 2 ** 30));
    return new WasmLogits32(module, memory, target, layout, lanes, borrowed, packing.prepacked);
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

/** What packing a first pass's memory gave: the per-row windows, and whether the int16 rows came prepacked. */
interface Packing {
  readonly windows: Float64Array;
  readonly prepacked: boolean;
}

/** Writes the header and every array the kernel reads but the packed `Q` and `K` (and their float64 copies when `factors` is `null`: already there). `O(L·d + nnz)`. */
function fill32(
  memory: SharedWasmMemory,
  layout: Layout32,
  target: SparseTarget,
  factors: { readonly Q: DenseMatrix; readonly K: DenseMatrix } | null,
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
  if (factors !== null) {
    new Float64Array(buffer, layout.q64Ptr, L * d).set(factors.Q.data.subarray(0, L * d));
    new Float64Array(buffer, layout.k64Ptr, L * d).set(factors.K.data.subarray(0, L * d));
  }
  new Int32Array(buffer, layout.controlPtr, 2 + layout.blocks).fill(0);
  new Int32Array(buffer, layout.rowPtrPtr, L + 1).set(target.rowPtr);
  new Int32Array(buffer, layout.colIdxPtr, target.nnz).set(target.colIdx);
  new Float64Array(buffer, layout.logValuesPtr, target.nnz).set(target.logValues);
  new Float64Array(buffer, layout.windowPtr, L).set(windows);
}
