import type { PrecisionLogs } from '../../precision/precision.js';
import type { SparseTarget } from '../../targets/sparseTarget.js';
import type { FactorSource } from './boundedFactors.js';
import { CheckRun } from './checkRun.js';
import { logitsBlock } from './logitsBlock.js';
import { emptyRowScan, scanRow } from './rowScan.js';
import { float32FirstPass, type FirstPassLanes } from './float32FirstPass.js';
import type { Verdict } from '../verdict.js';
import { WasmLogits } from './kernel/wasmLogits.js';

/**
 * Which code computes the logits of the first pass (the verdict is the same
 * with each, bit for bit: every float64 logit is the same left-to-right sum):
 * `'wasm'` the WebAssembly `f64x2` kernel ({@link WasmLogits}), `'js'` the
 * JavaScript loop ({@link logitsBlock}), `'wasm32'` the certified float32
 * pass ({@link float32FirstPass}: an `f32x4` kernel, then float64 only for the
 * logits each row's record needs, whole rows where it cannot bound them;
 * `'wasm'` where it cannot run at all), `'wasm16'` the certified int16 pass
 * (rows quantised to 16-bit integers, an `i32x4.dot_i16x8_s` kernel, then the
 * same float64 settling; `'wasm32'` where it cannot run, e.g. `d > 2^16` or
 * entries of `K` beyond about `2^55`), `'auto'` `'wasm16'` when the engine
 * has WebAssembly SIMD, the problem fits its 4 GiB memory and is not tiny
 * (`L²·d >= ` {@link AUTO_WASM_MIN_WORK}), JavaScript otherwise. `'wasm'` and
 * `'js'` force the float64 path.
 */
export type LogitKernel = 'auto' | 'wasm16' | 'wasm32' | 'wasm' | 'js';

/** The kernels of {@link LogitKernel}, in the order of preference of `'auto'`'s description. */
export const LOGIT_KERNELS: readonly LogitKernel[] = ['auto', 'wasm16', 'wasm32', 'wasm', 'js'];

/** Options of the verifiers. */
export interface VerifyOptions {
  /** Rows of logits computed per block; memory is `blockRows·L` doubles (per thread). Default 64 (rounded up to even with the WebAssembly kernel). */
  readonly blockRows?: number;
  /** Logit kernel of the first pass. Default `'auto'`. */
  readonly kernel?: LogitKernel;
  /**
   * Worker threads of the asynchronous verifiers ({@link verifyFactorsParallel},
   * {@link verifyCertificateParallel}) besides the calling thread, which works
   * too. Default: one fewer than the available cores. Ignored by the synchronous ones.
   */
  readonly workers?: number;
  /** Re-check rows the first pass cannot decide with compensated (Dot2) arithmetic. Default `true`. */
  readonly refine?: boolean;
  /** File the factors or certificate came from, named in input errors. */
  readonly source?: string;
  /**
   * Scan every entry of the factors or the certificate for NaN and ±Infinity
   * before anything else (an input error naming the first one). Default
   * `true`. Pass `false` only for matrices already checked, as the command
   * line's `.npy` reader checks every entry as it reads it (SciPy's
   * `check_finite` has the same role): a non-finite entry is then neither
   * reported nor guarded against. Shapes and types are checked either way.
   */
  readonly checkFinite?: boolean;
}

/** Default {@link VerifyOptions.blockRows}. */
export const DEFAULT_BLOCK_ROWS = 64;

/**
 * Smallest `L²·d` for which `'auto'` picks the WebAssembly kernel: below it,
 * setting up the kernel's memory (tens of microseconds) costs more than the
 * JavaScript loop saves.
 */
export const AUTO_WASM_MIN_WORK = 2 ** 18;

/**
 * The verifier's core (SPEC §2 in log space, streaming): decides whether
 * `softmax_rows(Q K^T / sqrt(d))` (epsilon, gamma)-approximates `target`,
 * where `Q`, `K` are the exact matrices around `source.fast` (see
 * {@link BoundedFactors}).
 *
 * Row blocks of `Q` are multiplied against all of `K` into one reusable buffer
 * of `blockRows·L` logits ({@link WasmLogits} in WebAssembly, or
 * {@link logitsBlock} in JavaScript: see {@link LogitKernel}), and each row is
 * reduced at once ({@link scanRow}) to its (R1) spread and (R2) margin; the
 * `L×L` logit matrix is never held. Each row also gets a rigorous bound `E_i` on
 * `|Ĉ_ij − C_ij|` (computed versus exact logit), from which the spread and the
 * margin get bounds and each condition is classified as holding, failing, or
 * too close to call ({@link classify}). Rows too close to call are recomputed
 * with compensated dot products and a much smaller bound (unless
 * `options.refine === false`); if still undecided, the verdict is
 * `'inconclusive'` with a reason. A row whose logits could overflow is never
 * decided. No `exp` takes part in any decision.
 *
 * The bound for the first pass, with `g = gamma_{d+3}`, `n_i = ||q̂_i||`,
 * `Kmax = max_j ||k̂_j||`, radii `r_i`, `Rmax` of {@link BoundedFactors}:
 *
 *     |Ĉ_ij − C_ij| <= [g·n_i·Kmax + r_i·Kmax + (n_i + r_i)·Rmax] / sqrt(d)
 *
 * (the dot product costs `gamma_d sum_t |q_t||k_t| <= gamma_d ||q|| ||k||` by
 * Cauchy–Schwarz, the scaling by the rounded `1/sqrt(d)` three more roundings,
 * and `q̂·k̂ − q·k = (q̂ − q)·k̂ + q̂·(k̂ − k) − (q̂ − q)·(k̂ − k)`). `E_i` is twice
 * that, which covers the rounding of the norms and of the bound arithmetic
 * (each a relative `O(d·u)` effect, `d <= 2^30`), plus an underflow allowance.
 *
 * The bound holds for any summation order of the dot products; both kernels
 * in fact use the same one (plain left to right, no fused multiply-add), so
 * the logits, and hence the verdict, do not depend on the kernel or the block
 * size.
 *
 * Complexity `O(L²·d)` time, `O(blockRows·L + L·d)` memory (the WebAssembly
 * kernel holds a packed copy of `Q` and `K`: `2·L·d` more doubles).
 *
 * Inputs are trusted here (finite, shapes `L×d`, `d <= 2^30`):
 * {@link verifyFactors} and {@link verifyCertificate} validate them first.
 *
 * @example
 * const W = SparseTarget.fromEntries(2, [[0, 0, 1], [1, 1, 1]]);
 * const factors = { Q: denseMatrix(2, 1, new Float64Array([4, -4])), K: denseMatrix(2, 1, new Float64Array([1, -1])), qRadius: null, kRadius: null };
 * streamingCheck(W, { fast: factors, accurate: () => factors }, precisionLogs({ epsilon: 0.5, gamma: 0.5 })).worstMargin; // -8
 * @throws {RangeError} when `options.blockRows` is not a positive integer, `options.kernel` is not a
 *   {@link LogitKernel}, or it is `'wasm'` and the WebAssembly kernel is unavailable.
 */
export function streamingCheck(
  target: SparseTarget,
  source: FactorSource,
  logs: PrecisionLogs,
  options: VerifyOptions = {},
): Verdict {
  const blockRows = checkBlockRows(options);
  const kernel = checkKernel(options);
  const run = new CheckRun(target, source.fast, logs);
  const { Q, K } = source.fast;
  const L = target.L;
  const scan = emptyRowScan();
  const useWasm = kernel === 'auto' ? L * L * Q.cols >= AUTO_WASM_MIN_WORK : kernel !== 'js';
  if (useWasm && kernel !== 'wasm' && float32FirstPass(run, Q, K, blockRows, firstPassLanes(kernel)))
    return run.finish(source, options.refine ?? true);
  const wasm = useWasm ? WasmLogits.create(target, Q, K, run.scale, { blockRows }) : null;
  if (wasm !== null) {
    try {
      wasm.runAll();
      for (let i = 0; i < L; i++) run.record(i, wasm.scanOf(i, scan));
    } finally {
      wasm.release();
    }
  } else {
    if (kernel !== 'auto' && kernel !== 'js')
      throw new RangeError(
        'the WebAssembly kernel is not available here (no WebAssembly SIMD or shared memory, or more than 4 GiB needed)',
      );
    // First pass in JavaScript: streaming over row blocks.
    const buffer = new Float64Array(Math.min(blockRows, L) * L);
    for (let start = 0; start < L; start += blockRows) {
      const end = Math.min(L, start + blockRows);
      logitsBlock(Q, K, start, end, run.scale, buffer);
      for (let i = start; i < end; i++) run.record(i, scanRow(target, i, buffer, (i - start) * L, scan));
    }
  }
  return run.finish(source, options.refine ?? true);
}

/**
 * `options.blockRows` (default {@link DEFAULT_BLOCK_ROWS}), checked. `O(1)`.
 *
 * @example
 * checkBlockRows({}); // 64
 * @throws {RangeError} when not a positive integer.
 */
export function checkBlockRows(options: VerifyOptions): number {
  const blockRows = options.blockRows ?? DEFAULT_BLOCK_ROWS;
  if (!Number.isInteger(blockRows) || blockRows < 1)
    throw new RangeError(`blockRows must be a positive integer, got ${blockRows}`);
  return blockRows;
}

/**
 * `options.kernel` (default `'auto'`), checked. `O(1)`.
 *
 * @example
 * checkKernel({ kernel: 'js' }); // 'js'
 * @throws {RangeError} when not a {@link LogitKernel}.
 */
export function checkKernel(options: VerifyOptions): LogitKernel {
  const kernel = options.kernel ?? 'auto';
  if (!LOGIT_KERNELS.includes(kernel)) {
    const names = LOGIT_KERNELS.map((k) => `'${k}'`);
    throw new RangeError(`kernel must be ${names.slice(0, -1).join(', ')} or ${names.at(-1)}, got ${String(kernel)}`);
  }
  return kernel;
}

/**
 * The first pass a kernel asks for: the float32 one for `'wasm32'`, else the
 * int16 one (which falls back to float32 where it cannot run). `O(1)`.
 *
 * @example
 * firstPassLanes('auto'); // 'int16'
 * @throws never.
 */
export function firstPassLanes(kernel: LogitKernel): FirstPassLanes {
  return kernel === 'wasm32' ? 'float32' : 'int16';
}
