import type { DenseMatrix } from '../../matrix/denseMatrix.js';
import type { CheckRun } from './checkRun.js';
import { float32Windows } from './float32Windows.js';
import { logitsBlock } from './logitsBlock.js';
import { emptyRowScan, scanRow } from './rowScan.js';
import { WasmLogits } from './kernel/wasmLogits.js';
import { WasmLogits32 } from './kernel/wasmLogits32.js';
import type { FirstPassReservation } from './kernel/firstPassReservation.js';

/** Which first pass: the int16 kernel (quantised rows), else the float32 one. */
export type FirstPassLanes = 'int16' | 'float32';

/** What one float32 (or int16) first pass did, for diagnostics and the benchmark. */
export interface Float32PassReport {
  /** The kernel that ran. */
  readonly lanes: FirstPassLanes;
  /** Rows of the problem. */
  readonly rows: number;
  /** Rows recomputed whole in float64 (no float32 bound, or more near-ties than the cap). */
  readonly wholeRows: number;
  /** Float64 dot products taken by the other rows (support logits and candidates for the maximum). */
  readonly float64Products: number;
  /** Whether `Q̂` and `K̂` were read where they were computed (a reserved memory), not copied into the kernel's. */
  readonly inPlace: boolean;
  /** Whether the int16 rows were quantised as they were computed (in the projections), not by the pass. */
  readonly prepacked: boolean;
}

let last: Float32PassReport | null = null;

/**
 * The report of the latest float32 first pass in this thread (`null` before
 * any). Diagnostics only: verdicts never depend on it. `O(1)`.
 *
 * @example
 * lastFloat32Pass()?.wholeRows; // 0 on a typical construction output
 * @throws never.
 */
export function lastFloat32Pass(): Float32PassReport | null {
  return last;
}

/**
 * The first pass's kernel memory for `run`: with `lanes` `'int16'` the int16
 * pass ({@link WasmLogits32.createInt16}) when it can run here, else the
 * float32 pass; `null` when neither can (no float32 bound for these inputs,
 * see {@link float32Windows}, or no WebAssembly SIMD, or more than 4 GiB).
 * With `reserved` (see `reserveFirstPassMemory`) into which `Q` and `K` were
 * computed and, for the int16 pass, quantised (as `projectFactorsParallel`
 * does), the pass uses that memory and reads them in place.
 * `O(L·d + nnz)`.
 *
 * @example
 * const ws = prepareFloat32Pass(run, Q, K, 64, 1, 'int16'); // run = new CheckRun(W, factors, logs)
 * @throws {RangeError} when `blockRows` or `slots` is not a positive integer.
 */
export function prepareFloat32Pass(
  run: CheckRun,
  Q: DenseMatrix,
  K: DenseMatrix,
  blockRows: number,
  slots: number,
  lanes: FirstPassLanes,
  reserved?: FirstPassReservation,
): WasmLogits32 | null {
  const options = { blockRows, slots, ...(reserved === undefined ? {} : { reserved, prepacked: true }) };
  const int16 = lanes === 'int16' ? WasmLogits32.createInt16(run.target, Q, K, run.scale, options) : null;
  if (int16 !== null) return int16;
  const windows = float32Windows(Q, K, run.magnitudes);
  return windows === null ? null : WasmLogits32.create(run.target, Q, K, run.scale, windows, options);
}

/**
 * Hands every row of a finished float32 pass to `run` (each record is what
 * {@link scanRow} gives on today's float64 logits, bit for bit), recomputes
 * the flagged rows whole in float64 ({@link recomputeRows}), and releases the
 * kernel memory. `O(L)` plus the recomputed rows.
 *
 * @example
 * ws.runAll(); const report = recordFloat32Pass(run, ws, Q, K, 64);
 * @throws never.
 */
export function recordFloat32Pass(
  run: CheckRun,
  ws: WasmLogits32,
  Q: DenseMatrix,
  K: DenseMatrix,
  blockRows: number,
): Float32PassReport {
  const L = run.target.L;
  const scan = emptyRowScan();
  const flagged: number[] = [];
  let products = 0;
  try {
    for (let i = 0; i < L; i++) {
      if (ws.scanOf(i, scan)) {
        run.record(i, scan);
        products += ws.float64Products(i);
      } else flagged.push(i);
    }
  } finally {
    ws.release();
  }
  recomputeRows(run, Q, K, flagged, blockRows);
  last = {
    lanes: ws.lanes,
    rows: L,
    wholeRows: flagged.length,
    float64Products: products,
    inPlace: ws.borrowed,
    prepacked: ws.prepacked,
  };
  return last;
}

/**
 * Rows `rows` (increasing) recomputed whole with today's float64 kernels and
 * recorded into `run`: when they are more than 1/32 of the matrix, the
 * WebAssembly `f64x2` pass over everything (the cost of today's first pass);
 * else those rows of `Q` gathered and multiplied by {@link logitsBlock} (the
 * same left-to-right sums, so the same logits; about 4 times slower per row
 * than the WebAssembly kernel, so at most about 1/8 of a float64 pass).
 * `O(|rows|·L·d)` or `O(L²·d)`.
 *
 * @example
 * recomputeRows(run, Q, K, [3, 17], 64); // rows 3 and 17 recorded from float64 logits
 * @throws never.
 */
export function recomputeRows(
  run: CheckRun,
  Q: DenseMatrix,
  K: DenseMatrix,
  rows: readonly number[],
  blockRows: number,
): void {
  if (rows.length === 0) return;
  const { target, scale } = run;
  const L = target.L;
  const d = Q.cols;
  const scan = emptyRowScan();
  if (rows.length * 32 > L) {
    const wasm = WasmLogits.create(target, Q, K, scale, { blockRows });
    if (wasm !== null) {
      try {
        wasm.runAll();
        for (const i of rows) run.record(i, wasm.scanOf(i, scan));
      } finally {
        wasm.release();
      }
      return;
    }
  }
  const gathered = new Float64Array(rows.length * d);
  rows.forEach((i, r) => gathered.set(Q.data.subarray(i * d, (i + 1) * d), r * d));
  const G = { rows: rows.length, cols: d, data: gathered };
  const buffer = new Float64Array(Math.min(blockRows, rows.length) * L);
  for (let start = 0; start < rows.length; start += blockRows) {
    const end = Math.min(rows.length, start + blockRows);
    logitsBlock(G, K, start, end, scale, buffer);
    for (let r = start; r < end; r++) run.record(rows[r]!, scanRow(target, rows[r]!, buffer, (r - start) * L, scan));
  }
}

/**
 * The whole float32 first pass in this thread (the int16 one first when
 * `lanes` is `'int16'`, see {@link prepareFloat32Pass}): `true` when it ran (every row
 * recorded into `run`), `false` when unavailable (nothing recorded; use the
 * float64 kernels). `O(L²·d)`.
 *
 * @example
 * float32FirstPass(run, Q, K, 64); // true on Node 20 for ordinary inputs
 * @throws {RangeError} when `blockRows` is not a positive integer.
 */
export function float32FirstPass(
  run: CheckRun,
  Q: DenseMatrix,
  K: DenseMatrix,
  blockRows: number,
  lanes: FirstPassLanes = 'float32',
): boolean {
  const ws = prepareFloat32Pass(run, Q, K, blockRows, 1, lanes);
  if (ws === null) return false;
  try {
    ws.runAll();
  } catch (error) {
    ws.release();
    throw error;
  }
  recordFloat32Pass(run, ws, Q, K, blockRows);
  return true;
}
